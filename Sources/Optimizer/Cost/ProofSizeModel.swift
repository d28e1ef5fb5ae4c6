import Plonkish

/// The exact size of a proof, from its shape: the prover writes a fixed sequence of compressed points and
/// 32-byte scalars (see `Prover`), so the byte count follows from what is committed and what is opened.
public enum ProofSizeModel {
    /// Bytes of one scalar in the transcript (both backends' fields are below 2^256).
    public static let scalarBytes = 32

    public static func pointBytes(_ backend: ProvingBackend) -> Int {
        switch backend {
        case .kzg: AffinePoint<BN254G1Curve>.compressedByteCount
        case .ipa: AffinePoint<VestaCurve>.compressedByteCount
        }
    }

    /// Points and scalars a proof carries.
    public static func elements(_ summary: ProofShapeSummary, backend: ProvingBackend) -> (points: Int, scalars: Int) {
        // Advice and multiplicities, permutation products, lookup helpers and sums, the random polynomial and the
        // quotient pieces; instance commitments are recomputed by the verifier, never sent.
        let commitments = summary.workload.witnessCommitments + summary.workload.fullCommitments
        // Every opened query's evaluation, then the random polynomial's.
        let evaluations = summary.openedQueries + 1
        switch backend {
        case .kzg:
            // SHPLONK: h and h′.
            return (commitments + 2, evaluations)
        case .ipa:
            // Multi-opening: the commitment to q′ and one evaluation per point set; inner product argument: the
            // masking polynomial's commitment, L and R per round (k rounds), the final a and blind.
            return (commitments + 1 + 1 + 2 * summary.k, evaluations + summary.openingPointSets + 2)
        }
    }

    public static func bytes(_ summary: ProofShapeSummary, backend: ProvingBackend) -> Int {
        let (points, scalars) = elements(summary, backend: backend)
        return points * pointBytes(backend) + scalars * scalarBytes
    }
}
