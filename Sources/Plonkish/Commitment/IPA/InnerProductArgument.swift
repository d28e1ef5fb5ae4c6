import Dispatch
import Foundation

/// The prover's inner product argument of halo2 (zcash `poly/commitment/prover.rs::create_proof`): proves that
/// the polynomial committed as P = Σ p_i·G_i + blind·W takes some value v at x₃, the verifier recomputing v
/// itself from the multi-opening.
extension IPAParameters {
    func proveInnerProduct(
        polynomial p: [PastaFp], blind: PastaFp, point x3: PastaFp, transcript: inout ProofWriter<VestaCurve>
    ) throws {
        precondition(p.count == n, "the inner product argument opens polynomials of exactly 2^k coefficients")
        // A random s with s(x₃) = 0 masks P: the verifier only ever sees P + ξ·S.
        var s = (0..<n).map { _ in PastaFp.random() }
        s[0] = s[0] - evaluatePolynomial(s, at: x3)
        let sBlind = PastaFp.random()
        try transcript.writePoint(s.withUnsafeBufferPointer { commit($0, blind: sBlind) }.affine)

        let xi = transcript.squeezeChallenge()
        let z = transcript.squeezeChallenge()

        // P′ = P + ξ·S − v·G₀ has a root at x₃, so ⟨p′, b⟩ = 0 for b = (1, x₃, x₃², …).
        var a = [PastaFp](repeating: .zero, count: n)
        for i in 0..<n { a[i] = s[i] * xi + p[i] }
        a[0] = a[0] - evaluatePolynomial(a, at: x3)
        var f = sBlind * xi + blind
        var b = [PastaFp](repeating: .one, count: n)
        for i in 1..<n { b[i] = b[i - 1] * x3 }
        var generators = g

        for round in 0..<k {
            let half = n >> (round + 1)
            let (lValue, rValue) = a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    (Self.innerProduct(a, from: half, b, from: 0, count: half),
                     Self.innerProduct(a, from: 0, b, from: half, count: half))
                }
            }
            let lBlind = PastaFp.random()
            let rBlind = PastaFp.random()
            let (lBody, rBody) = generators.withUnsafeBufferPointer { gens in
                a.withUnsafeBufferPointer { a in
                    (multiScalarMultiply(points: UnsafeBufferPointer(rebasing: gens[0..<half]),
                                         scalars: UnsafeBufferPointer(rebasing: a[half..<(2 * half)])),
                     multiScalarMultiply(points: UnsafeBufferPointer(rebasing: gens[half..<(2 * half)]),
                                         scalars: UnsafeBufferPointer(rebasing: a[0..<half])))
                }
            }
            let l = lBody.adding(valueAndBlindTerm(value: lValue * z, blind: lBlind))
            let r = rBody.adding(valueAndBlindTerm(value: rValue * z, blind: rBlind))
            try transcript.writePoint(l.affine)
            try transcript.writePoint(r.affine)

            let challenge = transcript.squeezeChallenge()
            guard let challengeInverse = challenge.inverse() else { throw IPAProofError.zeroChallenge }
            for i in 0..<half {
                a[i] = a[i] + a[i + half] * challengeInverse
                b[i] = b[i] + b[i + half] * challenge
            }
            a.removeLast(half)
            b.removeLast(half)
            if half > 1 { generators = Self.foldGenerators(generators, count: half, challenge: challenge) }
            f = f + lBlind * challengeInverse + rBlind * challenge
        }
        transcript.writeScalar(a[0])
        transcript.writeScalar(f)
    }

    /// value·U + blind·W.
    func valueAndBlindTerm(value: PastaFp, blind: PastaFp) -> Vesta {
        Vesta(u).multipliedWindowed(by: value).adding(Vesta(w).multipliedWindowed(by: blind))
    }

    static func innerProduct(
        _ a: UnsafeBufferPointer<PastaFp>, from aStart: Int, _ b: UnsafeBufferPointer<PastaFp>, from bStart: Int,
        count: Int
    ) -> PastaFp {
        var sum = PastaFp.zero
        for i in 0..<count { sum = sum + a[aStart + i] * b[bStart + i] }
        return sum
    }

    /// G′_i = G_i + challenge·G_{i+half} for i < half, one scalar multiplication each, spread over the cores.
    static func foldGenerators(_ generators: [VestaAffine], count half: Int, challenge: PastaFp) -> [VestaAffine] {
        var folded = [Vesta](repeating: .infinity, count: half)
        let chunks = max(1, min(half / 16, Parallelism.threadCount * 4))
        let chunkSize = (half + chunks - 1) / chunks
        generators.withUnsafeBufferPointer { gens in
            folded.withUnsafeMutableBufferPointer { out in
                Parallelism.perform(iterations: chunks) { chunk in
                    for i in (chunk * chunkSize)..<min(half, (chunk + 1) * chunkSize) {
                        out[i] = Vesta(gens[i + half]).multipliedWindowed(by: challenge).adding(gens[i])
                    }
                }
            }
        }
        return Vesta.batchAffine(folded)
    }
}

/// Why an IPA proof could not be produced.
public enum IPAProofError: Error, Equatable, Sendable {
    /// A round challenge was zero (probability about 2^−254).
    case zeroChallenge
}
