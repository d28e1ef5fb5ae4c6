import Plonkish
import Testing

/// Helpers shared by the curve test suites.
enum CurveTestSupport {
    /// [k]G for a uniformly random scalar k: a random subgroup point with a non-trivial Jacobian Z.
    static func randomPoint<C: ShortWeierstrassCurve>(_: C.Type) -> JacobianPoint<C> {
        JacobianPoint<C>.generator.multiplied(by: C.Scalar.random())
    }

    /// A random point on the G2 twist curve y² = x³ + b′ chosen by its x, without clearing the cofactor: it lies in
    /// G2 with probability 1/h′ ≈ 2^-254.
    static func randomTwistPoint() -> G2Affine {
        while true {
            let x = BN254Fq2(BN254Fq.random(), BN254Fq.random())
            if let y = (x.squared() * x + BN254G2Curve.b).squareRoot() { return G2Affine(x: x, y: y) }
        }
    }
}

/// Group laws, orders and scalar multiplication on BN254 G1, BN254 G2, Pallas and Vesta.
struct CurveTests {
    @Test("generators are on their curves, in the subgroup, and of order exactly r")
    func generatorsHavePrimeOrder() {
        func check<C: ShortWeierstrassCurve>(_: C.Type, orderLimbs: [UInt64]) {
            let g = AffinePoint<C>.generator
            #expect(g.isOnCurve, "\(C.name) generator on curve")
            #expect(g.isInSubgroup, "\(C.name) generator in subgroup")
            // The group order r is the modulus of the scalar field; r is prime, so [r]G = ∞ and [r − 1]G = −G ≠ ∞
            // show that G has order exactly r.
            #expect(C.Scalar.modulusLimbs == orderLimbs, "\(C.name) scalar field is the one named in the brief")
            #expect(g.jacobian.multiplied(byLimbs: orderLimbs).isInfinity, "\(C.name) [r]G = ∞")
            let rMinusOne = g.jacobian.multiplied(byLimbs: LimbArithmetic.subtractOne(orderLimbs))
            #expect(!rMinusOne.isInfinity && rMinusOne == -g.jacobian, "\(C.name) [r − 1]G = −G")
        }
        check(BN254G1Curve.self, orderLimbs: BN254Fr.modulusLimbs)
        check(BN254G2Curve.self, orderLimbs: BN254Fr.modulusLimbs)
        check(PallasCurve.self, orderLimbs: PastaFq.modulusLimbs)
        check(VestaCurve.self, orderLimbs: PastaFp.modulusLimbs)
    }

    @Test("curve constants: b′ = 3/(9 + u), G1 = (1, 2), Pasta generators (−1, 2)")
    func curveConstants() {
        #expect(BN254G2Curve.b * BN254Fq2(BN254Fq(word: 9), .one) == BN254Fq2(BN254Fq(word: 3), .zero))
        #expect(G1Affine.generator == G1Affine(x: .one, y: BN254Fq(word: 2)))
        #expect(PallasAffine.generator == PallasAffine(x: PastaFp(-1), y: PastaFp(2)))
        #expect(VestaAffine.generator == VestaAffine(x: PastaFq(-1), y: PastaFq(2)))
        #expect(PallasCurve.b == PastaFp(5) && VestaCurve.b == PastaFq(5))
    }

    @Test("group laws on random points: associativity, commutativity, inverses, doubling, mixed addition")
    func groupLaws() {
        func check<C: ShortWeierstrassCurve>(_: C.Type) {
            typealias P = JacobianPoint<C>
            for _ in 0..<4 {
                let p = CurveTestSupport.randomPoint(C.self)
                let q = CurveTestSupport.randomPoint(C.self)
                let r = CurveTestSupport.randomPoint(C.self)
                #expect(p != q, "\(C.name) random points differ")
                #expect((p + q) + r == p + (q + r), "\(C.name) associativity")
                #expect(p + q == q + p, "\(C.name) commutativity")
                #expect((p + q).isOnCurve && (p + q).affine.isOnCurve, "\(C.name) sums stay on the curve")
                #expect((p + (-p)).isInfinity, "\(C.name) P + (−P) = ∞")
                #expect((p - p).isInfinity, "\(C.name) P − P = ∞")
                #expect(p + P.infinity == p && P.infinity + p == p, "\(C.name) ∞ is neutral")
                // Doubling against a computation that never takes the doubling branch: (P + Q) + (P − Q) = 2P.
                #expect(p.doubled() == (p + q) + (p - q), "\(C.name) doubling")
                #expect(p.doubled() == p + p, "\(C.name) P + P falls back to doubling")
                #expect(p.doubled().isOnCurve, "\(C.name) doubling stays on the curve")
                #expect(p.adding(q.affine) == p.adding(q), "\(C.name) mixed addition = full addition")
                #expect(p.adding(p.affine) == p.doubled(), "\(C.name) mixed addition of P to itself doubles")
                #expect(p.adding((-p).affine).isInfinity, "\(C.name) mixed addition of −P")
                #expect(P.infinity.adding(q.affine) == q, "\(C.name) mixed addition to ∞")
                #expect(P(p.affine) == p, "\(C.name) affine round trip")
                let batch = P.batchAffine([p, P.infinity, q])
                #expect(batch == [p.affine, .infinity, q.affine], "\(C.name) batch affine")
                #expect((-p).affine == -(p.affine), "\(C.name) negation commutes with affine")
            }
        }
        check(BN254G1Curve.self)
        check(BN254G2Curve.self)
        check(PallasCurve.self)
        check(VestaCurve.self)
    }

    @Test("scalar multiplication: [a]([b]G) = [ab]G, [a]G + [b]G = [a + b]G, scalars 0, 1, 2, −1")
    func scalarMultiplication() {
        func check<C: ShortWeierstrassCurve>(_: C.Type) {
            typealias P = JacobianPoint<C>
            let g = P.generator
            for _ in 0..<2 {
                let a = C.Scalar.random()
                let b = C.Scalar.random()
                #expect(g.multiplied(by: b).multiplied(by: a) == g.multiplied(by: a * b), "\(C.name) [a][b]G")
                #expect(g * a + g * b == g * (a + b), "\(C.name) [a]G + [b]G")
                let p = CurveTestSupport.randomPoint(C.self)
                #expect(p.multiplied(by: a).multiplied(by: b) == p.multiplied(by: b).multiplied(by: a))
            }
            #expect(g.multiplied(by: C.Scalar.zero).isInfinity, "\(C.name) [0]G = ∞")
            #expect(g.multiplied(by: C.Scalar.one) == g, "\(C.name) [1]G = G")
            #expect(g.multiplied(by: C.Scalar(word: 2)) == g.doubled(), "\(C.name) [2]G")
            #expect(g.multiplied(by: C.Scalar(word: 3)) == g.doubled() + g, "\(C.name) [3]G")
            #expect(g.multiplied(by: -C.Scalar.one) == -g, "\(C.name) [−1]G")
            #expect(P.infinity.multiplied(by: C.Scalar.random()).isInfinity, "\(C.name) [k]∞ = ∞")
        }
        check(BN254G1Curve.self)
        check(BN254G2Curve.self)
        check(PallasCurve.self)
        check(VestaCurve.self)
    }

    @Test("Pasta endomorphisms: (ζ_p·x, y) = [ζ_q]P on Pallas and (ζ_q·x, y) = [ζ_p]P on Vesta")
    func pastaEndomorphisms() throws {
        let zetaP = try #require(PastaFp("0x12ccca834acdba712caad5dc57aab1b01d1f8bd237ad31491dad5ebdfdfe4ab9"))
        let zetaQ = try #require(PastaFq("0x06819a58283e528e511db4d81cf70f5a0fed467d47c033af2aa9d2e050aa0e4f"))
        #expect(zetaP != .one && zetaP.squared() * zetaP == .one, "ζ_p is a primitive cube root of unity")
        #expect(zetaQ != .one && zetaQ.squared() * zetaQ == .one, "ζ_q is a primitive cube root of unity")
        for p in [Pallas.generator, CurveTestSupport.randomPoint(PallasCurve.self)] {
            let a = p.affine
            #expect(Pallas(PallasAffine(x: zetaP * a.x, y: a.y)) == p.multiplied(by: zetaQ))
        }
        for p in [Vesta.generator, CurveTestSupport.randomPoint(VestaCurve.self)] {
            let a = p.affine
            #expect(Vesta(VestaAffine(x: zetaQ * a.x, y: a.y)) == p.multiplied(by: zetaP))
        }
    }

    @Test("BN254 G1 GLV endomorphism: (β·x, y) = [λ]P with β = Fq::ZETA, λ = Fr::ZETA")
    func bn254Endomorphism() throws {
        let beta = try #require(BN254Fq("0x30644e72e131a0295e6dd9e7e0acccb0c28f069fbb966e3de4bd44e5607cfd48"))
        let lambda = try #require(BN254Fr("0x30644e72e131a029048b6e193fd84104cc37a73fec2bc5e9b8ca0b2d36636f23"))
        let p = CurveTestSupport.randomPoint(BN254G1Curve.self)
        let a = p.affine
        #expect(G1(G1Affine(x: beta * a.x, y: a.y)) == p.multiplied(by: lambda))
    }
}
