/// The inverse DFT over group elements: L_i = n⁻¹·Σ_j ω^(−ij)·P_j. Applied to a commitment basis P_j (KZG's [s^j]G,
/// IPA's generators G_j) it gives the Lagrange basis, so that Σ values_i·L_i commits to the polynomial taking
/// `values` on the domain. KZG parameters read from a file, whose s nobody knows, get the basis of a smaller
/// domain this way.
///
/// Every butterfly costs a full scalar multiplication, (n/2)·log n of them, so the transform is meant for the
/// domains circuits actually use, once per parameter set.
public enum PointFFT {
    /// L_i for i < domain.n from `monomials[j]` = P_j, j < domain.n.
    public static func lagrangeBasis<C: ShortWeierstrassCurve>(
        monomials: ArraySlice<AffinePoint<C>>, domain: EvaluationDomain<C.Scalar>
    ) -> [AffinePoint<C>] {
        let n = domain.n
        precondition(monomials.count == n, "the monomial basis has \(monomials.count) points, the domain \(n)")
        let first = monomials.startIndex
        if n == 1 { return [monomials[first]] }
        var points = [JacobianPoint<C>](repeating: .infinity, count: n)
        for i in 0..<n {
            points[RadixTwoFFT.reverseBits(i, count: domain.k)] = JacobianPoint(monomials[first + i])
        }
        // ω^(−i) for i < n/2: the inverse transform is the forward one with ω⁻¹.
        var inverseTwiddles = [C.Scalar](repeating: .one, count: max(1, n / 2))
        for i in 1..<max(1, n / 2) { inverseTwiddles[i] = inverseTwiddles[i - 1] * domain.omegaInverse }

        points.withUnsafeMutableBufferPointer { values in
            inverseTwiddles.withUnsafeBufferPointer { twiddles in
                var half = 1
                while half < n {
                    let stride = n / (2 * half)
                    ParallelRanges.forEachChunk(count: n / 2, minimumChunk: 8) { butterflies in
                        for butterfly in butterflies {
                            let j = butterfly % half
                            let top = (butterfly / half) * 2 * half + j
                            let bottom = top + half
                            let twisted = j == 0
                                ? values[bottom] : values[bottom].multipliedWindowed(by: twiddles[j * stride])
                            let upper = values[top]
                            values[top] = upper.adding(twisted)
                            values[bottom] = upper.adding(-twisted)
                        }
                    }
                    half *= 2
                }
                let scale = domain.nInverse
                ParallelRanges.forEachChunk(count: n, minimumChunk: 8) { range in
                    for i in range { values[i] = values[i].multipliedWindowed(by: scale) }
                }
            }
        }
        var affine = [AffinePoint<C>](repeating: .infinity, count: n)
        affine.withUnsafeMutableBufferPointer { output in
            ParallelRanges.forEachChunk(count: n, minimumChunk: 1024) { range in
                let converted = JacobianPoint.batchAffine(Array(points[range]))
                for (offset, point) in converted.enumerated() { output[range.lowerBound + offset] = point }
            }
        }
        return affine
    }
}
