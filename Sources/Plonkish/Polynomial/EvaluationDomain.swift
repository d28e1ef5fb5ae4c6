/// The multiplicative subgroup H = ⟨ω⟩ of order n = 2^k, with the transforms between a polynomial's coefficients
/// (degree < n) and its values on H or on a coset shift·H.
///
/// The twiddle table ω^i (i < n/2) is built once per domain; every transform reuses it. The inverse transform
/// reuses the same table, reversing the input's indices instead of keeping a second table of ω^(−i): at k = 22 that
/// saves 64 MiB for the price of one cheap memory pass.
public struct EvaluationDomain<F: PrimeField>: Sendable {
    /// log2 of the domain size.
    public let k: Int
    /// The domain size 2^k.
    public let n: Int
    /// The primitive n-th root of unity `F.rootOfUnity(log2Order: k)`.
    public let omega: F
    public let omegaInverse: F
    /// n⁻¹ in the field, the scale of the inverse transform.
    public let nInverse: F
    /// ω^i for i < n/2: the twiddle factors of every FFT stage.
    public let twiddles: [F]
    /// The twiddles of the first FFT stages regrouped per stage, so that cache-blocked stages read them in order.
    @usableFromInline
    let stageTwiddles: [F]

    @usableFromInline
    static var minimumParallelTwiddles: Int { 1 << 12 }

    /// The domain of size 2^k; k must not exceed the field's two-adicity.
    public init(k: Int) {
        precondition(k >= 0 && k <= F.twoAdicity, "no domain of size 2^\(k) in a field of two-adicity \(F.twoAdicity)")
        self.k = k
        self.n = 1 << k
        let omega = F.rootOfUnity(log2Order: k)
        self.omega = omega
        // Neither inverse can fail: ω ≠ 0, and n ≤ 2^S is below p.
        self.omegaInverse = omega.inverse() ?? .one
        self.nInverse = F(word: UInt64(n)).inverse() ?? .one
        let half = n / 2
        self.twiddles = [F](unsafeUninitializedCapacity: half) { buffer, count in
            guard let table = buffer.baseAddress else { return }
            ParallelRanges.forEachChunk(count: half, minimumChunk: Self.minimumParallelTwiddles) { range in
                var power = omega.pow(UInt64(range.lowerBound))
                for i in range {
                    (table + i).initialize(to: power)
                    power = power * omega
                }
            }
            count = half
        }
        self.stageTwiddles = RadixTwoFFT.stageTwiddles(log2Size: k, twiddles: twiddles)
    }

    /// ω^i.
    @inlinable
    public func element(_ i: Int) -> F {
        if n == 1 { return .one }
        let reduced = i & (n - 1)
        if reduced < n / 2 { return twiddles[reduced] }
        return -twiddles[reduced - n / 2]  // ω^(n/2) = −1
    }

    // MARK: Transforms on buffers

    /// Coefficients → values at ω^i, in place.
    @inlinable
    public func fft(_ values: UnsafeMutableBufferPointer<F>) {
        twiddles.withUnsafeBufferPointer { tw in
            stageTwiddles.withUnsafeBufferPointer { st in
                RadixTwoFFT.transform(values, log2Size: k, twiddles: tw, stageTwiddles: st)
            }
        }
    }

    /// Values at ω^i → coefficients (scaled by n⁻¹), in place.
    @inlinable
    public func ifft(_ values: UnsafeMutableBufferPointer<F>) {
        precondition(values.count == n, "IFFT input has \(values.count) elements, expected \(n)")
        ElementwiseScaling.negateIndicesAndScale(values, by: nInverse)
        fft(values)
    }

    /// Coefficients → values at shift·ω^i: coefficient i is scaled by shift^i, then transformed.
    @inlinable
    public func cosetFFT(_ values: UnsafeMutableBufferPointer<F>, shift: F) {
        precondition(values.count == n, "coset FFT input has \(values.count) elements, expected \(n)")
        ElementwiseScaling.scaleByPowers(values, base: shift, initial: .one)
        fft(values)
    }

    /// Values at shift·ω^i → coefficients; shift must be non-zero.
    @inlinable
    public func cosetIFFT(_ values: UnsafeMutableBufferPointer<F>, shift: F) {
        precondition(values.count == n, "coset IFFT input has \(values.count) elements, expected \(n)")
        guard let shiftInverse = shift.inverse() else { preconditionFailure("coset shift must be non-zero") }
        ElementwiseScaling.negateIndices(values)
        fft(values)
        // The n⁻¹ of the inverse transform rides along with the coset powers: one multiplication pass, not two.
        ElementwiseScaling.scaleByPowers(values, base: shiftInverse, initial: nInverse)
    }

    // MARK: Transforms on arrays

    @inlinable
    public func fft(_ values: inout [F]) {
        values.withUnsafeMutableBufferPointer { fft($0) }
    }

    @inlinable
    public func ifft(_ values: inout [F]) {
        values.withUnsafeMutableBufferPointer { ifft($0) }
    }

    @inlinable
    public func cosetFFT(_ values: inout [F], shift: F) {
        values.withUnsafeMutableBufferPointer { cosetFFT($0, shift: shift) }
    }

    @inlinable
    public func cosetIFFT(_ values: inout [F], shift: F) {
        values.withUnsafeMutableBufferPointer { cosetIFFT($0, shift: shift) }
    }

    // MARK: Vanishing polynomial

    /// Z_H(x) = xⁿ − 1, zero exactly on the domain.
    @inlinable
    public func vanishingPolynomial(at x: F) -> F {
        var power = x
        for _ in 0..<k { power = power.squared() }
        return power - .one
    }
}
