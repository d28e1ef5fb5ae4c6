/// The quadratic extension Fq2 = Fq[u]/(u² + 1): coordinates of BN254 G2 points and the bottom of the pairing tower.
@frozen
public struct BN254Fq2: FieldElement {
    public var c0: BN254Fq
    public var c1: BN254Fq

    @inlinable @inline(__always)
    public init(_ c0: BN254Fq, _ c1: BN254Fq) {
        self.c0 = c0
        self.c1 = c1
    }

    @inlinable public static var zero: Self { Self(.zero, .zero) }
    @inlinable public static var one: Self { Self(.one, .zero) }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }

    @inlinable @inline(__always)
    public static func + (a: Self, b: Self) -> Self { Self(a.c0 + b.c0, a.c1 + b.c1) }
    @inlinable @inline(__always)
    public static func - (a: Self, b: Self) -> Self { Self(a.c0 - b.c0, a.c1 - b.c1) }
    @inlinable @inline(__always)
    public static prefix func - (a: Self) -> Self { Self(-a.c0, -a.c1) }
    @inlinable @inline(__always)
    public func doubled() -> Self { Self(c0.doubled(), c1.doubled()) }

    /// Karatsuba: three base-field multiplications.
    @inlinable @inline(__always)
    public static func * (a: Self, b: Self) -> Self {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        return Self(v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// (c0 + c1·u)² = (c0 + c1)(c0 − c1) + 2·c0·c1·u: two base-field multiplications.
    @inlinable @inline(__always)
    public func squared() -> Self {
        let t = c0 * c1
        return Self((c0 + c1) * (c0 - c1), t.doubled())
    }

    /// Multiplication by a base-field element.
    @inlinable @inline(__always)
    public func scaled(by s: BN254Fq) -> Self { Self(c0 * s, c1 * s) }

    /// The conjugate c0 − c1·u, which is also the Frobenius map x ↦ x^q.
    @inlinable @inline(__always)
    public var conjugate: Self { Self(c0, -c1) }

    /// The norm c0² + c1² in Fq.
    @inlinable
    public var norm: BN254Fq { c0.squared() + c1.squared() }

    @inlinable
    public func inverse() -> Self? {
        guard let n = norm.inverse() else { return nil }
        return Self(c0 * n, -(c1 * n))
    }

    public var description: String { "(\(c0), \(c1))" }
}
