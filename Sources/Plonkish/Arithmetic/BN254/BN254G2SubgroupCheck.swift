/// Subgroup membership for BN254 G2 through the untwist–Frobenius–twist endomorphism ψ.
///
/// The twist E′(Fq2) has order r·h′ with h′ = 2q − r = 10069 · 5864401 · 1875725156269 · (a 177-bit prime), so
/// G2 is its unique order-r subgroup. On G2, ψ acts as multiplication by q ≡ t − 1 = 6x² (mod r), x the BN
/// parameter; on each prime-order part of the cofactor it acts as some other eigenvalue, so ψ(Q) = [6x²]Q holds
/// exactly for Q ∈ G2 (Scott, "A note on group membership tests for G1, G2 and GT on BLS pairing-friendly curves",
/// and El Housni–Guillevic–Piellard, eprint 2022/348). The tests check this on a point of every prime order dividing
/// h′ and against [r]Q = ∞. Cost: a 127-bit scalar multiplication instead of a 254-bit one.
extension BN254G2Curve {
    /// ξ^((q−1)/3) with ξ = 9 + u: ψ's factor on x.
    @inlinable
    public static var psiCoefficientX: BN254Fq2 {
        BN254Fq2(
            BN254Fq(canonical: (0x99e39557176f553d, 0xb78cc310c2c3330c, 0x4c0bec3cf559b143, 0x2fb347984f7911f7)),
            BN254Fq(canonical: (0x1665d51c640fcba2, 0x32ae2a1d0b7c9dce, 0x4ba4cc8bd75a0794, 0x16c9e55061ebae20)))
    }

    /// ξ^((q−1)/2): ψ's factor on y.
    @inlinable
    public static var psiCoefficientY: BN254Fq2 {
        BN254Fq2(
            BN254Fq(canonical: (0xdc54014671a0135a, 0xdbaae0eda9c95998, 0xdc5ec698b6e2f9b9, 0x063cf305489af5dc)),
            BN254Fq(canonical: (0x82d37f632623b0e3, 0x21807dc98fa25bd2, 0x0704b5a7ec796f2b, 0x07c03cbcac41049a)))
    }

    /// 6x² for the BN parameter x = 0x44e992b44a6909f1, as little-endian limbs: ψ's eigenvalue on G2.
    @inlinable
    public static var psiEigenvalueLimbs: [UInt64] { [0xf83e9682e87cfd46, 0x6f4d8248eeb859fb] }

    /// Q ∈ G2 iff ψ(Q) = [6x²]Q, for Q on the twist.
    @inlinable
    public static func isInPrimeOrderSubgroup(_ point: AffinePoint<Self>) -> Bool {
        if point.isInfinity { return true }
        return JacobianPoint(point.psi) == point.jacobian.multiplied(byLimbs: psiEigenvalueLimbs)
    }
}

extension AffinePoint where C == BN254G2Curve {
    /// ψ(x, y) = (x̄·ξ^((q−1)/3), ȳ·ξ^((q−1)/2)): twist to E(Fq12), apply the q-power Frobenius, untwist.
    @inlinable
    public var psi: Self {
        if isInfinity { return self }
        return Self(x: x.conjugate * BN254G2Curve.psiCoefficientX, y: y.conjugate * BN254G2Curve.psiCoefficientY)
    }
}
