import Plonkish

/// An estimate of the prover's peak memory, from what `Keygen` and `Prover` hold at once: the scheme's
/// parameters, the proving key's polynomials (values, coefficients and, for those the constraints read, every part
/// of the extended coset), each committed witness polynomial in values and coefficients, and at the peak either the
/// quotient's working set (one part's inputs, the parts evaluated so far, the interleaved extended vector and its
/// transform) or the opening's (one combined polynomial per point set). Allocator slack and the circuit's own
/// witness generation are not counted. Against `zkml bench prover` (KZG, 10 columns) the estimate is within a few
/// percent of the maximum resident size at 2^14 and 2^16.
public enum ProverMemoryModel {
    /// The program and its runtime before any proving work: zkml's resident size at start, about 20 MiB.
    public static let processBaselineBytes = 20 << 20

    public static func peakBytes(_ summary: ProofShapeSummary, backend: ProvingBackend) -> Int {
        let element = 32
        let n = 1 << summary.k
        let parts = 1 << (summary.workload.extendedK - summary.k)
        let point: Int
        switch backend {
        case .kzg: point = MemoryLayout<G1Affine>.stride
        case .ipa: point = MemoryLayout<VestaAffine>.stride
        }
        // KZG: monomial and Lagrange bases; IPA: the generator cache and the parameters' own copy.
        let parameters = 2 * n * point

        let keyed = summary.fixedColumns + summary.permutationColumns
        let computedInQuotient = summary.workload.baseFFTs / (1 + parts)
        let keyedInQuotient = max(0, summary.quotientInputs - computedInQuotient)
        let provingKey = (2 * keyed + 3) * n + keyedInQuotient * parts * n

        let witnessPolynomials = summary.adviceColumns + summary.instanceColumns + summary.lookupTables
            + summary.lagrangeFullCommitments
        // Lookup inputs and tables stay evaluated until the helper columns are built.
        let lookupValues = (summary.lookupInputs + summary.lookupTables) * n
        let store = 2 * witnessPolynomials * n + lookupValues + n

        let quotient = summary.quotientInputs * n + parts * n + 2 * parts * n
        let pieces = (summary.degree - 1) * n + parts * n
        let opening = pieces + (summary.openingPointSets + 3) * n
        return processBaselineBytes + parameters + element * (provingKey + store + max(quotient, opening))
    }
}
