/// Membership in the prime-order subgroup: the check every decoder of untrusted points must make, because a point on
/// the curve but outside the subgroup (possible when the cofactor is not 1, as for BN254 G2) breaks the soundness of
/// protocols that assume all points have order r.
extension ShortWeierstrassCurve {
    /// The definition: [r]P = ∞ with r = |Scalar|. Correct for every curve; slow (a full scalar multiplication).
    @inlinable
    public static func isInPrimeOrderSubgroup(_ point: AffinePoint<Self>) -> Bool {
        point.isAnnihilatedByScalarModulus
    }
}

extension AffinePoint {
    /// On the curve and in the subgroup of prime order |Scalar| (the point at infinity is).
    @inlinable
    public var isInSubgroup: Bool {
        isInfinity || (isOnCurve && C.isInPrimeOrderSubgroup(self))
    }

    /// [r]P = ∞ with r the modulus of `Scalar`: subgroup membership by definition, independent of any curve's faster
    /// test (and the reference such a test is checked against).
    @inlinable
    public var isAnnihilatedByScalarModulus: Bool {
        jacobian.multiplied(byLimbs: C.Scalar.modulusLimbs).isInfinity
    }
}

extension JacobianPoint {
    /// On the curve and in the subgroup of prime order |Scalar|.
    @inlinable
    public var isInSubgroup: Bool { affine.isInSubgroup }
}
