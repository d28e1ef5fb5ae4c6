/// The cubic extension Fq6 = Fq2[v]/(v³ − ξ), ξ = 9 + u: the middle of the BN254 pairing tower.
@frozen
public struct BN254Fq6: FieldElement {
    public var c0: BN254Fq2
    public var c1: BN254Fq2
    public var c2: BN254Fq2

    @inlinable @inline(__always)
    public init(_ c0: BN254Fq2, _ c1: BN254Fq2, _ c2: BN254Fq2) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
    }

    @inlinable public static var zero: Self { Self(.zero, .zero, .zero) }
    @inlinable public static var one: Self { Self(.one, .zero, .zero) }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    @inlinable @inline(__always)
    public static func + (a: Self, b: Self) -> Self { Self(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    @inlinable @inline(__always)
    public static func - (a: Self, b: Self) -> Self { Self(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    @inlinable @inline(__always)
    public static prefix func - (a: Self) -> Self { Self(-a.c0, -a.c1, -a.c2) }
    @inlinable @inline(__always)
    public func doubled() -> Self { Self(c0.doubled(), c1.doubled(), c2.doubled()) }

    /// Karatsuba over the three coefficients: six Fq2 multiplications; v³ = ξ folds the high terms back.
    @inlinable
    public static func * (a: Self, b: Self) -> Self {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        let v2 = a.c2 * b.c2
        let t0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - v1 - v2).multipliedByNonResidue() + v0
        let t1 = (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1 + v2.multipliedByNonResidue()
        let t2 = (a.c0 + a.c2) * (b.c0 + b.c2) - v0 - v2 + v1
        return Self(t0, t1, t2)
    }

    /// Chung–Hasan SQR2: two multiplications and three squarings in Fq2.
    @inlinable
    public func squared() -> Self {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Self(s0 + s3.multipliedByNonResidue(), s1 + s4.multipliedByNonResidue(), s1 + s2 + s3 - s0 - s4)
    }

    /// self·v = ξ·c2 + c0·v + c1·v²: the non-residue of Fq12 = Fq6[w]/(w² − v).
    @inlinable @inline(__always)
    public func multipliedByNonResidue() -> Self {
        Self(c2.multipliedByNonResidue(), c0, c1)
    }

    /// Multiplication by an element of the base field Fq2.
    @inlinable @inline(__always)
    public func scaled(by s: BN254Fq2) -> Self { Self(c0 * s, c1 * s, c2 * s) }

    /// Multiplication by the sparse b0 + b1·v (five Fq2 multiplications): the shape line functions take.
    @inlinable
    public func multiplied(by01 b0: BN254Fq2, _ b1: BN254Fq2) -> Self {
        let t0 = c0 * b0
        let t1 = c1 * b1
        let r0 = (c2 * b1).multipliedByNonResidue() + t0
        let r1 = (c0 + c1) * (b0 + b1) - t0 - t1
        let r2 = c2 * b0 + t1
        return Self(r0, r1, r2)
    }

    /// The inverse through the norm to Fq2 (one Fq inversion); nil for zero.
    @inlinable
    public func inverse() -> Self? {
        // (t0, t1, t2) is the adjugate: self·(t0 + t1·v + t2·v²) lies in Fq2.
        let t0 = c0.squared() - (c1 * c2).multipliedByNonResidue()
        let t1 = c2.squared().multipliedByNonResidue() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let norm = c0 * t0 + (c2 * t1 + c1 * t2).multipliedByNonResidue()
        guard let normInverse = norm.inverse() else { return nil }
        return Self(t0 * normInverse, t1 * normInverse, t2 * normInverse)
    }

    /// self^(q^power): Frobenius on each coefficient, then the factors ξ^(i(q^power − 1)/3) of vⁱ.
    @inlinable
    public func frobenius(_ power: Int) -> Self {
        let k = ((power % 6) + 6) % 6
        return Self(
            c0.frobenius(k),
            c1.frobenius(k) * BN254FrobeniusCoefficients.fq6C1(k),
            c2.frobenius(k) * BN254FrobeniusCoefficients.fq6C2(k))
    }

    public var description: String { "(\(c0), \(c1), \(c2))" }
}
