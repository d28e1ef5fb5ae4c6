/// halo2's pair of domains for a circuit of 2^k rows whose constraints have degree j: the base domain ⟨ω⟩ of size
/// n = 2^k, and the extended coset ζ·⟨ω_ext⟩ of size 2^extendedK ≥ n·(j − 1), large enough to hold the quotient
/// polynomial (degree < n·(j − 1)) by its values. ζ is the field's cube root of unity, so the coset is disjoint from
/// every 2-power domain and the vanishing polynomial Xⁿ − 1 has no zero on it.
public struct ExtendedDomain<F: FFTField>: Sendable {
    /// The base domain, size 2^k.
    public let base: EvaluationDomain<F>
    /// The extended domain ⟨ω_ext⟩, size 2^extendedK; the coset ζ·⟨ω_ext⟩ is where values live.
    public let extended: EvaluationDomain<F>
    /// j − 1: the quotient has degree < n·quotientDegree and is committed as that many pieces (halo2
    /// `quotient_poly_degree`).
    public let quotientDegree: Int
    /// The coset generator ζ and its inverse ζ² (halo2 `g_coset`, `g_coset_inv`).
    public let zeta: F
    public let zetaInverse: F
    /// 1 / (ζⁿ·ω_ext^(n·i) − 1) for i < 2^(extendedK − k): Xⁿ − 1 takes only these values on the coset, cyclically.
    public let vanishingInverses: [F]

    /// The domains for 2^k rows and constraint degree j ≥ 2; extendedK is the smallest value ≥ k with
    /// 2^extendedK ≥ n·(j − 1), and must not exceed the field's two-adicity.
    public init(k: Int, constraintDegree j: Int) {
        precondition(j >= 2, "constraint degree must be at least 2")
        let base = EvaluationDomain<F>(k: k)
        let extendedK = Self.extendedK(k: k, constraintDegree: j)
        precondition(extendedK <= F.twoAdicity, "extended domain 2^\(extendedK) exceeds the field's two-adicity")
        let extended = EvaluationDomain<F>(k: extendedK)
        self.base = base
        self.extended = extended
        self.quotientDegree = j - 1
        let zeta = F.zeta
        self.zeta = zeta
        self.zetaInverse = zeta.squared()

        let zetaToN = zeta.pow(UInt64(base.n))
        let distinct = 1 << (extendedK - k)
        var inverses = (0..<distinct).map { i in zetaToN * extended.element(i * base.n) - .one }
        batchInvert(&inverses)
        self.vanishingInverses = inverses
    }

    /// The smallest e ≥ k with 2^e ≥ 2^k·(j − 1).
    public static func extendedK(k: Int, constraintDegree j: Int) -> Int {
        var extendedK = k
        while (1 << extendedK) < (1 << k) * (j - 1) { extendedK += 1 }
        return extendedK
    }

    public var k: Int { base.k }
    public var n: Int { base.n }
    public var extendedK: Int { extended.k }
    public var extendedN: Int { extended.n }
    public var omega: F { base.omega }
    public var omegaExtended: F { extended.omega }

    /// The values at ζ·ω_ext^i (i < 2^extendedK) of the polynomial with these coefficients (at most n of them).
    @inlinable
    public func coeffToExtended(_ coefficients: [F]) -> [F] {
        precondition(coefficients.count <= n, "polynomial has \(coefficients.count) coefficients, domain holds \(n)")
        var values = coefficients
        values.append(contentsOf: repeatElement(.zero, count: extendedN - coefficients.count))
        values.withUnsafeMutableBufferPointer { buffer in
            // Coefficient i times ζ^i, and ζ^i depends only on i mod 3; the zero padding needs no scaling.
            let filled = UnsafeMutableBufferPointer(rebasing: buffer[0..<coefficients.count])
            ElementwiseScaling.scaleCyclically(filled, by: (.one, zeta, zetaInverse))
            extended.fft(buffer)
        }
        return values
    }

    /// The coefficients of the polynomial with these values at ζ·ω_ext^i, truncated to n·quotientDegree (the
    /// quotient's size); higher coefficients are dropped.
    @inlinable
    public func extendedToCoeff(_ values: [F]) -> [F] {
        precondition(values.count == extendedN, "expected \(extendedN) extended values, got \(values.count)")
        var coefficients = values
        coefficients.withUnsafeMutableBufferPointer { buffer in
            ElementwiseScaling.negateIndices(buffer)
            extended.fft(buffer)
            let ni = extended.nInverse
            // n_ext⁻¹ and ζ^(−i) in one pass.
            ElementwiseScaling.scaleCyclically(buffer, by: (ni, ni * zetaInverse, ni * zeta))
        }
        coefficients.removeLast(extendedN - n * quotientDegree)
        return coefficients
    }

    /// Divides values on the extended coset by the vanishing polynomial Xⁿ − 1, in place.
    @inlinable
    public func divideByVanishing(_ values: inout [F]) {
        precondition(values.count == extendedN, "expected \(extendedN) extended values, got \(values.count)")
        let mask = vanishingInverses.count - 1  // a power of two
        let minimumChunk = ElementwiseScaling.minimumChunk
        vanishingInverses.withUnsafeBufferPointer { inverses in
            values.withUnsafeMutableBufferPointer { buffer in
                guard let x = buffer.baseAddress, let t = inverses.baseAddress else { return }
                ParallelRanges.forEachChunk(count: buffer.count, minimumChunk: minimumChunk) { range in
                    for i in range { x[i] = x[i] * t[i & mask] }
                }
            }
        }
    }
}
