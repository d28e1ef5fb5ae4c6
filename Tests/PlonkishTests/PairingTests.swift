import Foundation
import Plonkish
import Testing

/// The optimal ate pairing against py_ecc's values (Fixtures/bn254_pyecc.json), and its algebraic properties.
struct PairingTests {
    typealias S = BN254TowerSamples

    struct Fixture: Decodable {
        struct G1Multiple: Decodable { let k: String, x: String, y: String }
        struct G2Multiple: Decodable { let k: String, x: [String], y: [String] }
        struct PairingValue: Decodable { let a: String, b: String, value: [String] }
        let g1_multiples: [G1Multiple]
        let g2_multiples: [G2Multiple]
        let pairings: [PairingValue]
    }

    static func loadFixture() throws -> Fixture {
        let url = try #require(
            Bundle.module.url(forResource: "bn254_pyecc", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func fq(_ text: String) throws -> BN254Fq { try #require(BN254Fq(text)) }
    static func fq2(_ pair: [String]) throws -> BN254Fq2 {
        try #require(pair.count == 2)
        return BN254Fq2(try fq(pair[0]), try fq(pair[1]))
    }

    /// py_ecc's Fq12 is Fq[w]/(w¹² − 18w⁶ + 82) with coefficients c0…c11. The tower has the same w (w² = v and
    /// w⁶ = ξ = 9 + u), so u = w⁶ − 9: the tower coefficient of wⁱ (i < 6) is a + b·u with b = c(i+6) and
    /// a = c(i) + 9·c(i+6).
    static func towerFromPyECC(_ coefficients: [String]) throws -> BN254Fq12 {
        try #require(coefficients.count == 12)
        let c = try coefficients.map(fq)
        let nine = BN254Fq(word: 9)
        let byPowerOfW = (0..<6).map { i in BN254Fq2(c[i] + nine * c[i + 6], c[i + 6]) }
        // c0 holds the coefficients of w⁰, w², w⁴; c1 those of w¹, w³, w⁵.
        return BN254Fq12(
            BN254Fq6(byPowerOfW[0], byPowerOfW[2], byPowerOfW[4]),
            BN254Fq6(byPowerOfW[1], byPowerOfW[3], byPowerOfW[5]))
    }

    static func scalar(_ text: String) throws -> BN254Fr { try #require(BN254Fr(text)) }
    static func g1(_ k: BN254Fr) -> G1Affine { G1.generator.multiplied(by: k).affine }
    static func g2(_ k: BN254Fr) -> G2Affine { G2.generator.multiplied(by: k).affine }

    @Test("the NAF tables encode 6x + 2 and x and are non-adjacent")
    func nafTables() {
        func check(_ digits: [Int8], _ expected: GMPInteger) {
            var value = GMPInteger(0)
            for d in digits.reversed() { value = value * GMPInteger(2) + GMPInteger(Int(d)) }
            #expect(value == expected)
            #expect(digits.last == 1)
            for i in 1..<digits.count { #expect(digits[i] == 0 || digits[i - 1] == 0) }
        }
        let x = GMPInteger("4965661367192848881")!
        check(BN254Pairing.xNAF, x)
        check(BN254Pairing.sixXPlusTwoNAF, GMPInteger(6) * x + GMPInteger(2))
        // q and r are the BN polynomials in x: the parameter is the right one.
        let x2 = x * x, x3 = x2 * x, x4 = x3 * x
        let c36 = GMPInteger(36)
        #expect(S.q == c36 * x4 + c36 * x3 + GMPInteger(24) * x2 + GMPInteger(6) * x + GMPInteger(1))
        #expect(S.r == c36 * x4 + c36 * x3 + GMPInteger(18) * x2 + GMPInteger(6) * x + GMPInteger(1))
    }

    @Test("[k]G1 and [k]G2 equal py_ecc's multiples")
    func groupMultiplesMatchPyECC() throws {
        let fixture = try Self.loadFixture()
        #expect(fixture.g1_multiples.count >= 10 && fixture.g2_multiples.count >= 10)
        for m in fixture.g1_multiples {
            let p = Self.g1(try Self.scalar(m.k))
            #expect(p == G1Affine(x: try Self.fq(m.x), y: try Self.fq(m.y)), "[\(m.k)]G1")
        }
        for m in fixture.g2_multiples {
            let p = Self.g2(try Self.scalar(m.k))
            #expect(p.isOnCurve)
            #expect(p == G2Affine(x: try Self.fq2(m.x), y: try Self.fq2(m.y)), "[\(m.k)]G2")
        }
    }

    @Test("e([a]G1, [b]G2) equals py_ecc's value")
    func pairingMatchesPyECC() throws {
        let fixture = try Self.loadFixture()
        #expect(fixture.pairings.count >= 4)
        for entry in fixture.pairings {
            let value = BN254Pairing.pairing(Self.g1(try Self.scalar(entry.a)), Self.g2(try Self.scalar(entry.b)))
            #expect(value == (try Self.towerFromPyECC(entry.value)), "e([\(entry.a)]G1, [\(entry.b)]G2)")
        }
    }

    @Test("the final exponentiation raises to exactly (q¹² − 1)/r")
    func finalExponentiationIsExact() {
        let exponent = (S.qPower(12) - GMPInteger(1)) / S.r
        for _ in 0..<2 {
            let f = S.fq12()
            #expect(BN254Pairing.finalExponentiation(f) == f.pow(S.limbs(exponent)))
        }
    }

    @Test("bilinearity: e([a]P, [b]Q) = e(P, Q)^(ab) = e([ab]P, Q) = e(P, [ab]Q)")
    func bilinearity() {
        let p = Self.g1(.random())
        let q = Self.g2(.random())
        let a = BN254Fr.random(), b = BN254Fr.random()
        let base = BN254Pairing.pairing(p, q)
        let lhs = BN254Pairing.pairing(p.jacobian.multiplied(by: a).affine, q.jacobian.multiplied(by: b).affine)
        #expect(lhs == base.pow((a * b).canonicalLimbs))
        #expect(lhs == BN254Pairing.pairing(p.jacobian.multiplied(by: a * b).affine, q))
        #expect(lhs == BN254Pairing.pairing(p, q.jacobian.multiplied(by: a * b).affine))
        #expect(BN254Pairing.pairing(-p, q) == base.conjugate)
        #expect(BN254Pairing.pairing(p, -q) * base == .one)
    }

    @Test("non-degenerate, of order r, and 1 on the point at infinity")
    func nonDegenerateOfOrderR() {
        let e = BN254Pairing.pairing(.generator, .generator)
        #expect(e != .one)
        #expect(e.pow(BN254Fr.modulusLimbs) == .one)
        let random = BN254Pairing.pairing(Self.g1(.random()), Self.g2(.random()))
        #expect(random.pow(BN254Fr.modulusLimbs) == .one)
        #expect(BN254Pairing.pairing(.infinity, .generator) == .one)
        #expect(BN254Pairing.pairing(.generator, .infinity) == .one)
        #expect(BN254Pairing.multiPairing([]) == .one)
    }

    @Test("multiPairing equals the product of single pairings, skipping identity points")
    func multiPairingIsProduct() {
        let pairs: [(G1Affine, G2Affine)] = [
            (Self.g1(.random()), Self.g2(.random())),
            (Self.g1(.random()), .infinity),
            (Self.g1(.random()), Self.g2(.random())),
            (.infinity, Self.g2(.random())),
            (Self.g1(.random()), Self.g2(.random())),
        ]
        let product = pairs.reduce(BN254Fq12.one) { $0 * BN254Pairing.pairing($1.0, $1.1) }
        #expect(BN254Pairing.multiPairing(pairs) == product)
        let prepared = pairs.map { ($0.0, BN254Pairing.G2Prepared($0.1)) }
        #expect(BN254Pairing.multiPairing(prepared: prepared) == product)
    }

    @Test("pairingCheck accepts e([a]P, Q)·e(−P, [a]Q) and rejects a perturbed product")
    func pairingCheck() {
        let p = Self.g1(.random())
        let q = Self.g2(.random())
        let a = BN254Fr.random()
        let aP = p.jacobian.multiplied(by: a).affine
        let aQ = q.jacobian.multiplied(by: a).affine
        #expect(BN254Pairing.pairingCheck([(aP, q), (-p, aQ)]))
        #expect(BN254Pairing.pairingCheck(prepared: [(aP, .init(q)), (-p, .init(aQ))]))
        let perturbed = p.jacobian.multiplied(by: a + .one).affine
        #expect(!BN254Pairing.pairingCheck([(perturbed, q), (-p, aQ)]))
        #expect(!BN254Pairing.pairingCheck([(aP, q), (p, aQ)]))
    }
}
