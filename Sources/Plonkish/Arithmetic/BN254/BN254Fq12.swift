/// The quadratic extension Fq12 = Fq6[w]/(w² − v): the target field of the BN254 pairing.
///
/// As a vector over Fq2 the basis is w⁰…w⁵ with w⁶ = ξ: c0 holds the coefficients of 1, w², w⁴ and c1 those of
/// w, w³, w⁵.
@frozen
public struct BN254Fq12: FieldElement {
    public var c0: BN254Fq6
    public var c1: BN254Fq6

    @inlinable @inline(__always)
    public init(_ c0: BN254Fq6, _ c1: BN254Fq6) {
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

    /// Karatsuba: three Fq6 multiplications.
    @inlinable
    public static func * (a: Self, b: Self) -> Self {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        return Self(v0 + v1.multipliedByNonResidue(), (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// Complex squaring: (c0 + c1·w)² with two Fq6 multiplications.
    @inlinable
    public func squared() -> Self {
        let product = c0 * c1
        let r0 = (c0 + c1) * (c0 + c1.multipliedByNonResidue()) - product - product.multipliedByNonResidue()
        return Self(r0, product.doubled())
    }

    /// c0 − c1·w, which is also self^(q⁶); for an element of the cyclotomic subgroup (norm 1 to Fq6) it is the
    /// inverse.
    @inlinable @inline(__always)
    public var conjugate: Self { Self(c0, -c1) }

    /// The inverse through the norm c0² − v·c1² to Fq6; nil for zero.
    @inlinable
    public func inverse() -> Self? {
        let norm = c0.squared() - c1.squared().multipliedByNonResidue()
        guard let normInverse = norm.inverse() else { return nil }
        return Self(c0 * normInverse, -(c1 * normInverse))
    }

    /// self^(q^power).
    @inlinable
    public func frobenius(_ power: Int) -> Self {
        let k = ((power % 12) + 12) % 12
        return Self(c0.frobenius(k), c1.frobenius(k).scaled(by: BN254FrobeniusCoefficients.fq12C1(k)))
    }

    /// Multiplication by the sparse a + b·w + c·w³ that line functions evaluate to (13 Fq2 multiplications instead
    /// of 18). In the (c0.c0, c0.c1, c0.c2, c1.c0, c1.c1, c1.c2) numbering of coefficients these are slots 0, 3, 4.
    @inlinable
    public func multiplied(by034 a: BN254Fq2, _ b: BN254Fq2, _ c: BN254Fq2) -> Self {
        // The line is L0 + L1·w with L0 = a and L1 = b + c·v.
        let t0 = c0.scaled(by: a)
        let t1 = c1.multiplied(by01: b, c)
        let cross = (c0 + c1).multiplied(by01: a + b, c) - t0 - t1
        return Self(t0 + t1.multipliedByNonResidue(), cross)
    }

    /// The square of an element of the cyclotomic subgroup (order q⁴ − q² + 1, where the easy part of the final
    /// exponentiation lands), by Granger–Scott: 9 Fq2 squarings instead of 12 Fq2 multiplications. Wrong for other
    /// elements.
    ///
    /// Seen over Fq4 = Fq2[s]/(s² − ξ) with s = w³, the element is A + B·w + C·w² with A = c0.c0 + c1.c1·s,
    /// B = c1.c0 + c0.c2·s, C = c0.c1 + c1.c2·s, and its square is
    /// (3A² − 2Ā) + (3s·C² + 2B̄)·w + (3B² − 2C̄)·w², the bar being s ↦ −s.
    @inlinable
    public func cyclotomicSquared() -> Self {
        @inline(__always)
        func fq4Squared(_ x: BN254Fq2, _ y: BN254Fq2) -> (BN254Fq2, BN254Fq2) {
            let x2 = x.squared()
            let y2 = y.squared()
            return (x2 + y2.multipliedByNonResidue(), (x + y).squared() - x2 - y2)
        }
        // 3t − 2z and 3t + 2z, the two shapes every output coordinate takes.
        @inline(__always)
        func threeMinusTwo(_ t: BN254Fq2, _ z: BN254Fq2) -> BN254Fq2 { (t - z).doubled() + t }
        @inline(__always)
        func threePlusTwo(_ t: BN254Fq2, _ z: BN254Fq2) -> BN254Fq2 { (t + z).doubled() + t }

        let (a0, a1) = fq4Squared(c0.c0, c1.c1)
        let (b0, b1) = fq4Squared(c1.c0, c0.c2)
        let (cc0, cc1) = fq4Squared(c0.c1, c1.c2)
        let newA0 = threeMinusTwo(a0, c0.c0)
        let newA1 = threePlusTwo(a1, c1.c1)
        let newB0 = threePlusTwo(cc1.multipliedByNonResidue(), c1.c0)
        let newB1 = threeMinusTwo(cc0, c0.c2)
        let newC0 = threeMinusTwo(b0, c0.c1)
        let newC1 = threePlusTwo(b1, c1.c2)
        return Self(BN254Fq6(newA0, newC0, newB1), BN254Fq6(newB0, newA1, newC1))
    }

    public var description: String { "(\(c0), \(c1))" }
}
