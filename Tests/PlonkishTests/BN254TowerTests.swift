import Plonkish
import Testing

/// Random elements of the BN254 tower and exponents of the BN254 base field, shared by the tower and pairing tests.
enum BN254TowerSamples {
    static func fq2() -> BN254Fq2 { BN254Fq2(.random(), .random()) }
    static func fq6() -> BN254Fq6 { BN254Fq6(fq2(), fq2(), fq2()) }
    static func fq12() -> BN254Fq12 { BN254Fq12(fq6(), fq6()) }

    static var q: GMPInteger { GMPInteger(limbs: BN254Fq.modulusLimbs) }
    static var r: GMPInteger { GMPInteger(limbs: BN254Fr.modulusLimbs) }

    static func qPower(_ k: Int) -> GMPInteger {
        var result = GMPInteger(1)
        for _ in 0..<k { result = result * q }
        return result
    }

    /// Little-endian limbs of a non-negative integer below 2^(64·count).
    static func limbs(_ n: GMPInteger, count: Int = 48) -> [UInt64] { n.limbs(count: count) }

    /// An element of the cyclotomic subgroup: a random element raised to (q⁶ − 1)(q² + 1), by its definition.
    static func cyclotomicElement() -> BN254Fq12 {
        let f = fq12()
        let exponent = (qPower(6) - GMPInteger(1)) * (qPower(2) + GMPInteger(1))
        return f.pow(limbs(exponent))
    }
}

/// Fq6 and Fq12: field laws, the sparse and non-residue products against dense ones, Frobenius maps against
/// exponentiation by q, and cyclotomic squaring.
struct BN254TowerTests {
    typealias S = BN254TowerSamples

    func checkFieldLaws<F: FieldElement>(_ sample: () -> F) {
        for _ in 0..<8 {
            let a = sample(), b = sample(), c = sample()
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            #expect((a - b) + b == a)
            #expect(a + (-a) == .zero)
            #expect(a.squared() == a * a)
            #expect(a.doubled() == a + a)
            #expect(a * .one == a)
            if let inverse = a.inverse() {
                #expect(a * inverse == .one)
            } else {
                Issue.record("a random element has no inverse")
            }
        }
        #expect(F.zero.inverse() == nil)
        #expect(F.one.inverse() == .one)
    }

    @Test("Fq6 and Fq12 satisfy the field laws; inverses invert")
    func fieldLaws() {
        checkFieldLaws(S.fq6)
        checkFieldLaws(S.fq12)
    }

    @Test("v³ = ξ in Fq6 and w² = v in Fq12, with ξ = 9 + u")
    func towerRelations() {
        let xi = BN254Fq2(BN254Fq(word: 9), .one)
        #expect(BN254Fq2.nonResidue == xi)
        let v = BN254Fq6(.zero, .one, .zero)
        #expect(v * v * v == BN254Fq6(xi, .zero, .zero))
        let w = BN254Fq12(.zero, .one)
        #expect(w * w == BN254Fq12(v, .zero))
        // w⁶ = ξ: the relation that fixes how py_ecc's w¹² − 18w⁶ + 82 basis maps onto the tower.
        #expect(w.pow(6) == BN254Fq12(BN254Fq6(xi, .zero, .zero), .zero))
    }

    @Test("multiplication by the non-residues and by sparse line elements equals the dense product")
    func sparseProducts() {
        let xi = BN254Fq2(BN254Fq(word: 9), .one)
        for _ in 0..<8 {
            let a2 = S.fq2()
            #expect(a2.multipliedByNonResidue() == a2 * xi)
            let a6 = S.fq6()
            #expect(a6.multipliedByNonResidue() == a6 * BN254Fq6(.zero, .one, .zero))
            let b0 = S.fq2(), b1 = S.fq2(), b2 = S.fq2()
            #expect(a6.multiplied(by01: b0, b1) == a6 * BN254Fq6(b0, b1, .zero))
            #expect(a6.scaled(by: b0) == a6 * BN254Fq6(b0, .zero, .zero))
            let a12 = S.fq12()
            let line = BN254Fq12(BN254Fq6(b0, .zero, .zero), BN254Fq6(b1, b2, .zero))
            #expect(a12.multiplied(by034: b0, b1, b2) == a12 * line)
        }
    }

    @Test("the Frobenius coefficients are the powers of ξ they stand for")
    func frobeniusCoefficients() {
        let xi = BN254Fq2.nonResidue
        for k in 0..<12 {
            let qk1 = S.qPower(k) - GMPInteger(1)
            if k < 6 {
                #expect(BN254FrobeniusCoefficients.fq6C1(k) == xi.pow(S.limbs(qk1 / GMPInteger(3))), "C1 k=\(k)")
                #expect(
                    BN254FrobeniusCoefficients.fq6C2(k) == xi.pow(S.limbs(qk1 * GMPInteger(2) / GMPInteger(3))),
                    "C2 k=\(k)")
            }
            #expect(BN254FrobeniusCoefficients.fq12C1(k) == xi.pow(S.limbs(qk1 / GMPInteger(6))), "Fq12 C1 k=\(k)")
        }
        let halfQMinusOne = (S.q - GMPInteger(1)) / GMPInteger(2)
        #expect(BN254FrobeniusCoefficients.twistFrobeniusY == xi.pow(S.limbs(halfQMinusOne)))
    }

    @Test("frobenius(k) equals raising to q^k in Fq2, Fq6 and Fq12")
    func frobeniusIsPowerOfQ() {
        let a2 = S.fq2(), a6 = S.fq6(), a12 = S.fq12()
        #expect(a2.frobenius(1) == a2.pow(BN254Fq.modulusLimbs))
        for k in 0..<12 {
            let e = S.limbs(S.qPower(k))
            #expect(a6.frobenius(k) == a6.pow(e), "Fq6 k=\(k)")
            #expect(a12.frobenius(k) == a12.pow(e), "Fq12 k=\(k)")
        }
        #expect(a12.frobenius(-1).frobenius(1) == a12)
        #expect(a12.conjugate == a12.frobenius(6))
    }

    @Test("cyclotomic squaring equals squaring on the cyclotomic subgroup (and only there)")
    func cyclotomicSquaring() {
        for _ in 0..<3 {
            let g = S.cyclotomicElement()
            let phi12 = S.qPower(4) - S.qPower(2) + GMPInteger(1)
            #expect(g.pow(S.limbs(phi12)) == .one, "the sample lies in the subgroup of order Φ₁₂(q)")
            #expect(g.cyclotomicSquared() == g.squared())
            #expect(g.cyclotomicSquared().cyclotomicSquared() == g.pow(4))
            #expect(g.conjugate * g == .one)
        }
        let f = S.fq12()
        #expect(f.cyclotomicSquared() != f.squared(), "a generic element is not in the subgroup")
    }
}
