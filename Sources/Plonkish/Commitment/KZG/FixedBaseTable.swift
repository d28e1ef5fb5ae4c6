/// Multiples of one fixed point for fast [a]P with many different scalars a: the trusted-setup points [s^i]G and
/// [L_i(s)]G are 2^(k+1) multiplications of the same generator.
///
/// The scalar is cut into 8-bit windows; window j holds d·2^(8j)·P for every digit d, affine, so a multiplication is
/// at most 32 mixed additions and no doubling.
@usableFromInline
struct FixedBaseTable<C: ShortWeierstrassCurve>: Sendable where C.Scalar == BN254Fr {
    @usableFromInline static var windowBits: Int { 8 }
    @usableFromInline static var windowSize: Int { 1 << windowBits }
    @usableFromInline static var windowCount: Int { (256 + windowBits - 1) / windowBits }

    /// Window j, digit d at index j·windowSize + d; digit 0 (the identity) is never read.
    @usableFromInline
    let entries: [AffinePoint<C>]

    @usableFromInline
    init(base: JacobianPoint<C>) {
        let size = Self.windowSize
        var multiples = [JacobianPoint<C>](repeating: .infinity, count: Self.windowCount * size)
        var windowBase = base
        for window in 0..<Self.windowCount {
            var multiple = JacobianPoint<C>.infinity
            for digit in 1..<size {
                multiple = multiple.adding(windowBase)
                multiples[window * size + digit] = multiple
            }
            // 2^8 times the window's base is the next window's base.
            windowBase = multiple.adding(windowBase)
        }
        entries = JacobianPoint.batchAffine(multiples)
    }

    /// [scalar]base.
    @inlinable
    func multiply(_ scalar: BN254Fr) -> JacobianPoint<C> {
        let limbs = scalar.canonical
        var acc = JacobianPoint<C>.infinity
        entries.withUnsafeBufferPointer { table in
            @inline(__always)
            func addWindows(of limb: UInt64, firstWindow: Int) {
                for byte in 0..<8 {
                    let digit = Int(truncatingIfNeeded: (limb >> UInt64(8 * byte)) & 0xff)
                    if digit != 0 { acc = acc.adding(table[(firstWindow + byte) * Self.windowSize + digit]) }
                }
            }
            addWindows(of: limbs.0, firstWindow: 0)
            addWindows(of: limbs.1, firstWindow: 8)
            addWindows(of: limbs.2, firstWindow: 16)
            addWindows(of: limbs.3, firstWindow: 24)
        }
        return acc
    }

    /// [scalars[i]]base for every i, affine, computed on all cores.
    @inlinable
    func multiplyAll(_ scalars: [BN254Fr]) -> [AffinePoint<C>] {
        let count = scalars.count
        return [AffinePoint<C>](unsafeUninitializedCapacity: count) { output, initialized in
            guard let base = output.baseAddress else { return }
            scalars.withUnsafeBufferPointer { input in
                ParallelRanges.forEachChunk(count: count, minimumChunk: 256) { range in
                    let products = range.map { multiply(input[$0]) }
                    let affine = JacobianPoint.batchAffine(products)
                    (base + range.lowerBound).initialize(from: affine, count: affine.count)
                }
            }
            initialized = count
        }
    }
}
