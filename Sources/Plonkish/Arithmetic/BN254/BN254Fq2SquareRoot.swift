/// Square roots in Fq2 = Fq[u]/(u² + 1), needed to decompress G2 points.
///
/// q ≡ 3 (mod 4), so Algorithm 9 of Adj and Rodríguez-Henríquez ("Square root computation over even extension
/// fields", eprint 2012/685) applies: one exponentiation by (q − 3)/4 yields both the quadratic character and a
/// candidate root, and a second exponentiation by (q − 1)/2 fixes the candidate up.
extension BN254Fq2 {
    /// (q − 3)/4 as little-endian limbs.
    @usableFromInline
    static var exponentQMinus3Over4: [UInt64] {
        LimbArithmetic.shiftRight(LimbArithmetic.subtract(BN254Fq.modulusLimbs, [3]), 2)
    }

    /// (q − 1)/2 as little-endian limbs.
    @usableFromInline
    static var exponentQMinus1Over2: [UInt64] {
        LimbArithmetic.shiftRight(LimbArithmetic.subtractOne(BN254Fq.modulusLimbs), 1)
    }

    /// The quadratic character: 0 for zero, 1 for a non-zero square, −1 otherwise. An element of Fq2 is a square
    /// exactly when its norm is a square in Fq (the norm map is onto and sends squares to squares).
    public func legendre() -> Int { norm.legendre() }

    /// Whether the element has a square root in Fq2 (zero counts as a square).
    public var isSquare: Bool { legendre() >= 0 }

    /// A square root, or nil when `self` is not a square. Which of the two roots is returned is unspecified;
    /// point decoders choose by sign.
    public func squareRoot() -> Self? {
        if isZero { return self }
        let a1 = pow(Self.exponentQMinus3Over4)
        let x0 = a1 * self  // self^((q+1)/4)
        let alpha = a1 * x0  // self^((q−1)/2)
        // α^q · α = α^(q+1) = self^((q²−1)/2): the quadratic character of self in Fq2.
        let character = alpha.conjugate * alpha
        if character == -Self.one { return nil }
        let root: Self
        if alpha == -Self.one {
            root = Self(-x0.c1, x0.c0)  // u · x0
        } else {
            root = (Self.one + alpha).pow(Self.exponentQMinus1Over2) * x0
        }
        // The algorithm is exact for squares; the check guards against misuse, not against a likely failure.
        return root.squared() == self ? root : nil
    }
}
