import Dispatch
import Foundation

/// The Lagrange-basis generators L_i = n⁻¹ Σ_j ω^(−ij)·G_j: the inverse FFT of the generators over ⟨ω⟩, so that
/// Σ values_i·L_i commits to the polynomial with values `values` on the domain.
///
/// Each twiddle of this FFT is a full scalar multiplication of a point, about (n/2)·log n + n of them in all:
/// tens of seconds at k = 16 on two cores. That is why `IPAParameters.commitLagrange` interpolates the scalars
/// instead (one field FFT) and commits in the monomial basis, which gives the same point.
public enum LagrangeGenerators {
    /// The inverse point FFT of `generators` (whose count must be the domain's size).
    public static func inverseFFT(_ generators: [VestaAffine], domain: EvaluationDomain<PastaFp>) -> [VestaAffine] {
        let n = domain.n
        precondition(generators.count == n, "point IFFT input has \(generators.count) points, expected \(n)")
        if n == 1 { return generators }
        let k = domain.k
        var points = [Vesta](repeating: .infinity, count: n)
        for i in 0..<n { points[bitReversed(i, bits: k)] = Vesta(generators[i]) }
        var twiddles = [PastaFp](repeating: .one, count: n / 2)
        for i in 1..<(n / 2) { twiddles[i] = twiddles[i - 1] * domain.omegaInverse }
        let chunkCount = max(1, min(n / 2, ProcessInfo.processInfo.activeProcessorCount * 8))
        points.withUnsafeMutableBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            var half = 1
            while half < n {
                let stride = n / (2 * half)  // ω_{2·half} = ω^(n / 2·half)
                let butterflies = n / 2
                let chunkSize = (butterflies + chunkCount - 1) / chunkCount
                DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                    for b in (chunk * chunkSize)..<min(butterflies, (chunk + 1) * chunkSize) {
                        let group = b / half
                        let j = b - group * half
                        let top = group * 2 * half + j
                        let bottom = top + half
                        let twisted = j == 0 ? p[bottom] : p[bottom].multipliedWindowed(by: twiddles[j * stride])
                        p[bottom] = p[top].adding(-twisted)
                        p[top] = p[top].adding(twisted)
                    }
                }
                half *= 2
            }
            let scaleChunk = (n + chunkCount - 1) / chunkCount
            DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
                for i in (chunk * scaleChunk)..<min(n, (chunk + 1) * scaleChunk) {
                    p[i] = p[i].multipliedWindowed(by: domain.nInverse)
                }
            }
        }
        return Vesta.batchAffine(points)
    }

    @inlinable
    static func bitReversed(_ value: Int, bits: Int) -> Int {
        var result = 0
        var v = value
        for _ in 0..<bits {
            result = (result << 1) | (v & 1)
            v >>= 1
        }
        return result
    }
}
