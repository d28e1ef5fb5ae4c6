/// Element-wise multiplications that surround the FFT: n⁻¹ for the inverse, powers of a shift for cosets, the
/// cyclic ζ pattern of halo2's extended domain. Each is one parallel pass with no allocation.
@usableFromInline
enum ElementwiseScaling {
    @usableFromInline
    static let minimumChunk = 1 << 12

    /// values[i] *= initial · base^i.
    @inlinable
    static func scaleByPowers<F: FieldElement>(_ values: UnsafeMutableBufferPointer<F>, base: F, initial: F) {
        guard let x = values.baseAddress else { return }
        ParallelRanges.forEachChunk(count: values.count, minimumChunk: minimumChunk) { range in
            var factor = initial * base.pow(UInt64(range.lowerBound))
            for i in range {
                x[i] = x[i] * factor
                factor = factor * base
            }
        }
    }

    /// values[i] *= factors[i mod 3]: the pattern of a cube root of unity ζ, whose powers repeat with period 3.
    @inlinable
    static func scaleCyclically<F: FieldElement>(_ values: UnsafeMutableBufferPointer<F>, by factors: (F, F, F)) {
        guard let x = values.baseAddress else { return }
        ParallelRanges.forEachChunk(count: values.count, minimumChunk: minimumChunk) { range in
            var phase = range.lowerBound % 3
            for i in range {
                switch phase {
                case 0: x[i] = x[i] * factors.0
                case 1: x[i] = x[i] * factors.1
                default: x[i] = x[i] * factors.2
                }
                phase = phase == 2 ? 0 : phase + 1
            }
        }
    }

    /// values[i] ← factor · values[(n − i) mod n]. Together with a forward FFT this gives the inverse transform:
    /// Σ_j a[j]·ω^(−ij) = Σ_j a[−j]·ω^(ij), so no table of inverse twiddles is needed.
    @inlinable
    static func negateIndicesAndScale<F: FieldElement>(_ values: UnsafeMutableBufferPointer<F>, by factor: F) {
        let n = values.count
        guard let x = values.baseAddress else { return }
        if n == 1 {
            x[0] = x[0] * factor
            return
        }
        let half = n / 2
        ParallelRanges.forEachChunk(count: half, minimumChunk: minimumChunk) { range in
            for i in range {
                if i == 0 {
                    // 0 and n/2 are their own negatives.
                    x[0] = x[0] * factor
                    x[half] = x[half] * factor
                } else {
                    let a = x[i]
                    x[i] = x[n - i] * factor
                    x[n - i] = a * factor
                }
            }
        }
    }

    /// values[i] ← values[(n − i) mod n].
    @inlinable
    static func negateIndices<F>(_ values: UnsafeMutableBufferPointer<F>) {
        let n = values.count
        guard n > 2, let x = values.baseAddress else { return }
        ParallelRanges.forEachChunk(count: n / 2, minimumChunk: minimumChunk * 4) { range in
            for i in range where i != 0 {
                let a = x[i]
                x[i] = x[n - i]
                x[n - i] = a
            }
        }
    }
}
