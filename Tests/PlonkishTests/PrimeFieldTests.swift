@testable import Plonkish
import Testing

/// Field constants and arithmetic of every prime field, cross-checked against libgmp.
struct PrimeFieldTests {
    /// Every prime field; each test runs its generic check on each (the existential opens at the call).
    static let fields: [any PrimeField.Type] = [BN254Fr.self, BN254Fq.self, PastaFp.self, PastaFq.self]

    @Test("Montgomery constants equal R, R², R³ mod p and −p⁻¹ mod 2⁶⁴ computed by GMP")
    func montgomeryConstantsMatchGMP() {
        func check<P: Field256Parameters>(_: P.Type) {
            let limbs = { (t: (UInt64, UInt64, UInt64, UInt64)) in [t.0, t.1, t.2, t.3] }
            let p = GMPInteger(limbs: limbs(P.modulus))
            #expect(p.isProbablePrime(), "\(P.name) modulus is prime")
            #expect(p.bitCount == P.bitWidth, "\(P.name) bit width")
            #expect(limbs(P.modulus)[3] < UInt64.max / 2, "\(P.name) allows carry-free Montgomery multiplication")
            let r = GMPInteger.powerOfTwo(256) % p
            #expect(GMPInteger(limbs: limbs(P.montgomeryR)) == r, "\(P.name) R")
            #expect(GMPInteger(limbs: limbs(P.montgomeryR2)) == (r * r) % p, "\(P.name) R²")
            #expect(GMPInteger(limbs: limbs(P.montgomeryR3)) == (r * r * r) % p, "\(P.name) R³")
            let two64 = GMPInteger.powerOfTwo(64)
            let inv = (two64 - (p % two64).inverse(modulo: two64)!) % two64
            #expect(GMPInteger(limbs: [P.inverseModulusNegated]) == inv, "\(P.name) −p⁻¹ mod 2⁶⁴")
        }
        check(BN254FrParameters.self)
        check(BN254FqParameters.self)
        check(PastaFpParameters.self)
        check(PastaFqParameters.self)
    }

    @Test("the platform's multiplication (x86-64 assembly) equals the portable Swift one, values near p included")
    func platformMultiplicationMatchesPortable() {
        func check<P: Field256Parameters>(_: P.Type) {
            typealias F = Field256<P>
            var values: [F] = [
                .zero, .one, -F.one, -F(2), F(montgomery: P.modulus.0 - 1, P.modulus.1, P.modulus.2, P.modulus.3),
                F(montgomery: 1, 0, 0, 0), F(montgomery: UInt64.max, UInt64.max, 0, 0),
            ]
            var generator = SplitMix64(seed: 7)
            for _ in 0..<2000 { values.append(F.random(using: &generator)) }
            // Values with all-ones low limbs and a top limb just under p's: the carry chains' worst cases.
            for shift in 0..<64 {
                values.append(F(montgomery: UInt64.max >> shift, UInt64.max, UInt64.max, P.modulus.3 - 1))
            }
            #if arch(x86_64)
            #expect(P.platformMontgomeryProduct(.one, .one) != nil, "\(P.name) multiplies with the assembly routine")
            #endif
            var mismatches = 0
            for (i, a) in values.enumerated() {
                for b in [values[(i * 7 + 3) % values.count], values[(i * 13 + 1) % values.count], a] {
                    let product = a * b
                    if product != F.portableProduct(a, b) { mismatches += 1 }
                    let limbs = [product.l0, product.l1, product.l2, product.l3]
                    let modulus = [P.modulus.0, P.modulus.1, P.modulus.2, P.modulus.3]
                    #expect(LimbArithmetic.compare(limbs, modulus) < 0, "\(P.name): a product is not below p")
                }
            }
            #expect(mismatches == 0, "\(P.name): \(mismatches) products differ from the portable multiplication")
        }
        check(BN254FrParameters.self)
        check(BN254FqParameters.self)
        check(PastaFpParameters.self)
        check(PastaFqParameters.self)
    }

    @Test("the root of unity has order exactly 2^S and is the generator to the power (p − 1)/2^S")
    func rootOfUnityOrder() {
        func check<F: PrimeField>(_: F.Type) {
            let p = GMPInteger(limbs: F.modulusLimbs)
            let s = F.twoAdicity
            let t = (p - GMPInteger(1)) / GMPInteger.powerOfTwo(s)
            #expect(t % GMPInteger(2) == GMPInteger(1), "\(F.self): (p − 1)/2^S is odd")
            let g = GMPInteger(limbs: F.multiplicativeGenerator.canonicalLimbs)
            #expect(GMPInteger(limbs: F.rootOfUnity.canonicalLimbs) == g.power(t, modulo: p))
            var w = F.rootOfUnity
            for _ in 0..<(s - 1) { w = w.squared() }
            #expect(w == -F.one, "\(F.self): ω^(2^(S−1)) = −1")
            #expect(w.squared() == F.one, "\(F.self): ω^(2^S) = 1")
            // The generator is a non-residue, so it generates the whole 2-Sylow subgroup.
            #expect(F.multiplicativeGenerator.legendre() == -1)
        }
        for field in Self.fields { check(field) }
    }

    @Test("random products, sums, differences and inverses agree with GMP")
    func arithmeticMatchesGMP() {
        func check<F: PrimeField>(_: F.Type) {
            let p = GMPInteger(limbs: F.modulusLimbs)
            var edge: [F] = [.zero, .one, -F.one, F(2), -F(2), F(Int64.max), F(Int64.min)]
            for _ in 0..<200 { edge.append(F.random()) }
            for i in 0..<edge.count {
                let a = edge[i], b = edge[(i * 7 + 3) % edge.count]
                let ga = GMPInteger(limbs: a.canonicalLimbs), gb = GMPInteger(limbs: b.canonicalLimbs)
                #expect(GMPInteger(limbs: (a * b).canonicalLimbs) == (ga * gb) % p)
                #expect(GMPInteger(limbs: (a + b).canonicalLimbs) == (ga + gb) % p)
                #expect(GMPInteger(limbs: (a - b).canonicalLimbs) == (ga - gb) % p)
                #expect(GMPInteger(limbs: a.squared().canonicalLimbs) == (ga * ga) % p)
                if let inv = a.inverse() {
                    #expect(GMPInteger(limbs: inv.canonicalLimbs) == ga.inverse(modulo: p)!)
                    #expect(a * inv == .one)
                } else {
                    #expect(a.isZero)
                }
            }
        }
        for field in Self.fields { check(field) }
    }

    @Test("field laws hold on random elements")
    func fieldLaws() {
        func check<F: PrimeField>(_: F.Type) {
            for _ in 0..<300 {
                let a = F.random(), b = F.random(), c = F.random()
                #expect(a + b == b + a)
                #expect(a * b == b * a)
                #expect((a + b) + c == a + (b + c))
                #expect((a * b) * c == a * (b * c))
                #expect(a * (b + c) == a * b + a * c)
                #expect(a - a == .zero)
                #expect(a + (-a) == .zero)
                #expect(a * .one == a)
                #expect(a * .zero == .zero)
                #expect(a.doubled() == a + a)
                #expect(a.squared() == a * a)
            }
            #expect(-F.zero == F.zero)
            #expect(F.zero.inverse() == nil)
        }
        for field in Self.fields { check(field) }
    }

    @Test("signed integers map to p − |x|, and pow agrees with repeated multiplication")
    func conversionsFromIntegers() {
        func check<F: PrimeField>(_: F.Type) {
            let pMinus = LimbArithmetic.subtractOne(F.modulusLimbs)
            #expect(F(-1).canonicalLimbs == pMinus)
            #expect(F(-5) + F(5) == .zero)
            #expect(F(Int64.min) == -F(word: 1 << 63))
            #expect(F(word: UInt64.max) == F(Int64.max).doubled() + F(1))
            let a = F.random()
            var acc = F.one
            for e in 0..<40 {
                #expect(a.pow(UInt64(e)) == acc)
                acc *= a
            }
            // Fermat: a^(p−1) = 1.
            #expect(a.pow(pMinus) == .one)
        }
        for field in Self.fields { check(field) }
    }

    @Test("batch inversion equals element-wise inversion and leaves zeros alone")
    func batchInversion() {
        func check<F: PrimeField>(_: F.Type) {
            var values: [F] = (0..<257).map { i in i % 17 == 0 ? .zero : F.random() }
            let expected = values.map { $0.inverse() ?? .zero }
            batchInvert(&values)
            #expect(values == expected)
            var empty: [F] = []
            batchInvert(&empty)
            #expect(empty.isEmpty)
            var zeros: [F] = [.zero, .zero]
            batchInvert(&zeros)
            #expect(zeros == [.zero, .zero])
        }
        for field in Self.fields { check(field) }
    }

    @Test("square roots and Legendre symbols agree with GMP's Euler criterion")
    func squareRootsAndLegendre() {
        func check<F: PrimeField>(_: F.Type) {
            let p = GMPInteger(limbs: F.modulusLimbs)
            let half = (p - GMPInteger(1)) / GMPInteger(2)
            var squares = 0
            for _ in 0..<60 {
                let a = F.random()
                let euler = GMPInteger(limbs: a.canonicalLimbs).power(half, modulo: p)
                let expected = euler == GMPInteger(1) ? 1 : -1
                #expect(a.legendre() == expected)
                if let root = a.squareRoot() {
                    #expect(root.squared() == a)
                    #expect(expected == 1)
                    squares += 1
                } else {
                    #expect(expected == -1)
                }
                let s = a.squared()
                let r = s.squareRoot()
                #expect(r == a || r == -a)
                #expect(s.legendre() == 1)
            }
            #expect(squares > 10 && squares < 50, "about half of random elements are squares")
            #expect(F.zero.squareRoot() == .zero)
            #expect(F.zero.legendre() == 0)
        }
        for field in Self.fields { check(field) }
    }

    @Test("32-byte encodings round-trip and non-canonical bytes are rejected")
    func byteEncodings() {
        func check<F: PrimeField>(_: F.Type) {
            for _ in 0..<100 {
                let a = F.random()
                #expect(F(bytes: a.bytes) == a)
            }
            #expect(F.one.bytes == [1] + [UInt8](repeating: 0, count: 31))
            // p itself, p + 1 and 2^256 − 1 are not canonical.
            var pBytes = [UInt8](repeating: 0, count: 32)
            for (i, limb) in F.modulusLimbs.enumerated() {
                for j in 0..<8 { pBytes[8 * i + j] = UInt8(truncatingIfNeeded: limb >> UInt64(8 * j)) }
            }
            #expect(F(bytes: pBytes) == nil)
            var pPlusOne = pBytes
            pPlusOne[0] &+= 1
            #expect(F(bytes: pPlusOne) == nil)
            #expect(F(bytes: [UInt8](repeating: 0xff, count: 32)) == nil)
            var pMinusOne = pBytes
            pMinusOne[0] &-= 1  // p is odd, so no borrow
            #expect(F(bytes: pMinusOne) == -F.one)
            #expect(F(bytes: [UInt8](repeating: 0, count: 31)) == nil, "short input")
            #expect(F(bytes: [UInt8](repeating: 0, count: 33)) == nil, "long input")
        }
        for field in Self.fields { check(field) }
    }

    @Test("uniform 64-byte reduction equals lo + hi·2^256 mod p")
    func uniformBytes() {
        func check<F: PrimeField>(_: F.Type) {
            let p = GMPInteger(limbs: F.modulusLimbs)
            var generator = SystemRandomNumberGenerator()
            for trial in 0..<50 {
                var bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
                if trial == 0 { bytes = [UInt8](repeating: 0xff, count: 64) }
                var limbs = [UInt64](repeating: 0, count: 8)
                for (i, b) in bytes.enumerated() { limbs[i / 8] |= UInt64(b) << UInt64(8 * (i % 8)) }
                let expected = GMPInteger(limbs: limbs) % p
                #expect(GMPInteger(limbs: F(uniformBytes: bytes).canonicalLimbs) == expected)
            }
        }
        for field in Self.fields { check(field) }
    }

    @Test("decimal and hexadecimal parsing and printing")
    func textForms() {
        #expect(BN254Fr("0") == .zero)
        #expect(BN254Fr("12345") == BN254Fr(12345))
        #expect(BN254Fr("0x3039") == BN254Fr(12345))
        let pMinusOne = "21888242871839275222246405745257275088548364400416034343698204186575808495616"
        #expect(BN254Fr(pMinusOne) == -BN254Fr.one)
        #expect(BN254Fr(pMinusOne)?.decimalString == pMinusOne)
        #expect(BN254Fr("21888242871839275222246405745257275088548364400416034343698204186575808495617") == nil)
        #expect(BN254Fr("0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001") == nil)
        #expect(BN254Fr("") == nil)
        #expect(BN254Fr("12a") == nil)
        #expect(BN254Fr("0x") == nil)
        #expect(BN254Fr("-1") == nil)
        #expect(BN254Fr(String(repeating: "9", count: 90)) == nil, "overflowing 256 bits")
        let a = BN254Fr.random()
        #expect(BN254Fr(a.hexString) == a)
        #expect(BN254Fr(a.decimalString) == a)
        #expect(GMPInteger(a.hexString)!.description == a.decimalString)
        // REFERENCE.md's constants, canonical big-endian hex.
        #expect(BN254Fr.rootOfUnity.hexString == "0x03ddb9f5166d18b798865ea93dd31f743215cf6dd39329c8d34f1ed960c37c9c")
        #expect(
            BN254Fr.rootOfUnity.inverse()?.hexString
                == "0x048127174daabc261bbe587180f34361b22625f59115aba70ed3e50a414e6dba")
        #expect(BN254Fr(2).inverse()?.hexString == "0x183227397098d014dc2822db40c0ac2e9419f4243cdcb848a1f0fac9f8000001")
        #expect(
            PastaFp.rootOfUnity.inverse()?.hexString
                == "0x2cd5282c53116b5cb4ed8e647196dad184a0a1d8859f066ff0b87c7db2ce91f6")
        #expect(
            PastaFq.rootOfUnity.inverse()?.hexString
                == "0x2235e1a7415bf936f4c8f353124086c14ad38b9084b8a80c57eecda0a84b6836")
        #expect(
            PastaFp.rootOfUnity(log2Order: 5).hexString
                == "0x0cc3380dc616f2e1daf29ad1560833ed3baea3393eceb7bc8fa36376929b78cc")
    }
}
