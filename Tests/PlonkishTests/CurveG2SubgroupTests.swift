import Plonkish
import Testing

/// Square roots in Fq2 and the endomorphism-based G2 subgroup test, checked against definitions.
struct CurveG2SubgroupTests {
    static let q = GMPInteger(limbs: BN254Fq.modulusLimbs)
    static let r = GMPInteger(limbs: BN254Fr.modulusLimbs)
    /// The twist's cofactor h′ = 2q − r and its prime factors.
    static let cofactor = GMPInteger(2) * q - r
    static let cofactorPrimes = [
        GMPInteger(10069), GMPInteger(5864401), GMPInteger(1875725156269),
        GMPInteger("197620364512881247228717050342013327560683201906968909")!,
    ]

    @Test("Fq2 square roots: roots of squares square back, non-squares have none, the character is Euler's")
    func fq2SquareRoots() {
        // Euler's criterion in Fq2 directly: a^((q² − 1)/2), independent of the norm shortcut.
        let euler = ((Self.q * Self.q - GMPInteger(1)) / GMPInteger(2)).limbs(count: 8)
        var squares = 0, nonSquares = 0
        for i in 0..<24 {
            // Include elements of Fq (c1 = 0) and of u·Fq (c0 = 0): the algorithm's special branch.
            var a = BN254Fq2(BN254Fq.random(), BN254Fq.random())
            if i % 6 == 1 { a.c1 = .zero }
            if i % 6 == 2 { a.c0 = .zero }
            let character = a.pow(euler)
            #expect(character == .one || character == -BN254Fq2.one)
            #expect(a.legendre() == (character == .one ? 1 : -1))
            if let root = a.squareRoot() {
                squares += 1
                #expect(root.squared() == a)
                #expect(character == .one)
            } else {
                nonSquares += 1
                #expect(character == -BN254Fq2.one)
            }
            let s = a.squared()
            let root = s.squareRoot()
            #expect(root == a || root == -a, "√(a²) = ±a")
            #expect(s.isSquare)
        }
        #expect(squares > 0 && nonSquares > 0, "both kinds were met")
        #expect(BN254Fq2.zero.squareRoot() == .zero)
        #expect(BN254Fq2(-BN254Fq.one, .zero).squareRoot().map { $0.squared() } == BN254Fq2(-BN254Fq.one, .zero))
        // ξ = 9 + u is a non-residue (it must be, for the sextic tower).
        #expect(BN254Fq2(BN254Fq(word: 9), .one).squareRoot() == nil)
    }

    @Test("ψ's coefficients are ξ^((q−1)/3) and ξ^((q−1)/2), and ψ acts on G2 as [6x²] with 6x² ≡ q mod r")
    func psiConstants() {
        let xi = BN254Fq2(BN254Fq(word: 9), .one)
        let qMinusOne = Self.q - GMPInteger(1)
        #expect(BN254G2Curve.psiCoefficientX == xi.pow((qMinusOne / GMPInteger(3)).limbs(count: 4)))
        #expect(BN254G2Curve.psiCoefficientY == xi.pow((qMinusOne / GMPInteger(2)).limbs(count: 4)))
        let bnX = GMPInteger(limbs: [0x44e992b44a6909f1])
        let sixXSquared = GMPInteger(6) * bnX * bnX
        #expect(GMPInteger(limbs: BN254G2Curve.psiEigenvalueLimbs) == sixXSquared)
        #expect(sixXSquared % Self.r == Self.q % Self.r)
        let p = CurveTestSupport.randomPoint(BN254G2Curve.self).affine
        #expect(p.psi.isOnCurve)
        #expect(G2(p.psi) == G2(p).multiplied(byLimbs: Self.q.limbs(count: 4)), "ψ = [q] on G2")
    }

    @Test("the fast G2 test agrees with [r]Q = ∞ and rejects a point of every prime order dividing the cofactor")
    func fastSubgroupCheck() {
        #expect(GMPInteger(10069) * GMPInteger(5864401) * GMPInteger(1875725156269) * Self.cofactorPrimes[3] == Self.cofactor)
        for prime in Self.cofactorPrimes { #expect(prime.isProbablePrime()) }

        for _ in 0..<2 {
            let inside = CurveTestSupport.randomPoint(BN254G2Curve.self).affine
            #expect(BN254G2Curve.isInPrimeOrderSubgroup(inside) && inside.isAnnihilatedByScalarModulus)
            let outside = CurveTestSupport.randomTwistPoint()
            #expect(!BN254G2Curve.isInPrimeOrderSubgroup(outside) && !outside.isAnnihilatedByScalarModulus)
        }
        #expect(BN254G2Curve.isInPrimeOrderSubgroup(.infinity))

        // The twist group has order r·h′ with squarefree h′, so each prime ℓ | h′ gives a cyclic component of order ℓ,
        // on which ψ − [6x²] is either zero everywhere or injective. One point of order ℓ per ℓ settles soundness.
        let twistOrder = Self.r * Self.cofactor
        let g2 = CurveTestSupport.randomPoint(BN254G2Curve.self)
        for prime in Self.cofactorPrimes {
            // A random twist point lacks a component of order ℓ with probability 1/ℓ (1/10069 for the smallest):
            // draw again until it has one.
            var point = G2.infinity
            for _ in 0..<8 where point.isInfinity {
                point = G2(CurveTestSupport.randomTwistPoint()).multiplied(byLimbs: (twistOrder / prime).limbs(count: 8))
            }
            #expect(!point.isInfinity, "random twist point has a component of order \(prime)")
            #expect(point.multiplied(byLimbs: prime.limbs(count: 4)).isInfinity, "order \(prime)")
            #expect(!BN254G2Curve.isInPrimeOrderSubgroup(point.affine), "order \(prime) rejected")
            #expect(!BN254G2Curve.isInPrimeOrderSubgroup((point + g2).affine), "G2 point + order-\(prime) point rejected")
        }
    }
}
