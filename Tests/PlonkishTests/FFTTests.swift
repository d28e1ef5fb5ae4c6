import Plonkish
import Testing

/// FFTs and evaluation domains, checked against direct evaluation (naive DFT and Horner's rule).
struct FFTTests {
    /// Full-width random coefficients, cheaply: F.random() costs microseconds, too slow for 2^15 of them.
    static func randomPolynomial<F: PrimeField>(_: F.Type, count: Int) -> [F] {
        var generator = SystemRandomNumberGenerator()
        let mixer = F.random()
        return (0..<count).map { _ in F(word: generator.next()) * mixer + F(word: generator.next()) }
    }

    /// ω^i by repeated multiplication, independent of the domain's twiddle table.
    static func powers<F: PrimeField>(of base: F, count: Int) -> [F] {
        var result: [F] = []
        var power = F.one
        for _ in 0..<count {
            result.append(power)
            power = power * base
        }
        return result
    }

    /// The quadratic-time DFT: A[i] = Σ_j a[j]·ω^(ij).
    static func naiveDFT<F: PrimeField>(_ a: [F], omega: F) -> [F] {
        let n = a.count
        let omegaPowers = powers(of: omega, count: n)
        return (0..<n).map { i in
            var sum = F.zero
            for j in 0..<n { sum = sum + a[j] * omegaPowers[(i * j) % n] }
            return sum
        }
    }

    static func naiveProduct<F: PrimeField>(_ a: [F], _ b: [F]) -> [F] {
        var product = [F](repeating: .zero, count: a.count + b.count - 1)
        for i in a.indices {
            for j in b.indices { product[i + j] = product[i + j] + a[i] * b[j] }
        }
        return product
    }

    @Test("ζ is halo2's ZETA, a primitive cube root of unity")
    func zetaIsCubeRootOfUnity() {
        func check<F: FFTField>(_: F.Type, hex: String) {
            let zeta = F.zeta
            #expect(zeta.hexString == hex, "\(F.self) ζ")
            #expect(zeta != .one)
            #expect(zeta * zeta * zeta == .one)
        }
        check(BN254Fr.self, hex: "0x30644e72e131a029048b6e193fd84104cc37a73fec2bc5e9b8ca0b2d36636f23")
        check(PastaFp.self, hex: "0x12ccca834acdba712caad5dc57aab1b01d1f8bd237ad31491dad5ebdfdfe4ab9")
    }

    @Test("domain constants: ω of order exactly n, ω⁻¹, n⁻¹, twiddles, vanishing polynomial")
    func domainConstants() {
        func check<F: PrimeField>(_: F.Type) {
            for k in [0, 1, 2, 5, 11] {
                let domain = EvaluationDomain<F>(k: k)
                #expect(domain.n == 1 << k)
                #expect(domain.omega.pow(UInt64(domain.n)) == .one)
                if k > 0 { #expect(domain.omega.pow(UInt64(domain.n / 2)) == -F.one, "\(F.self) k=\(k) ω order") }
                #expect(domain.omega * domain.omegaInverse == .one)
                #expect(domain.nInverse * F(word: UInt64(domain.n)) == .one)
                #expect(domain.twiddles == Self.powers(of: domain.omega, count: domain.n / 2))
                let all = Self.powers(of: domain.omega, count: domain.n)
                #expect((0..<domain.n).allSatisfy { domain.element($0) == all[$0] })
                #expect(domain.vanishingPolynomial(at: domain.element(3)).isZero)
                let x = F.random()
                #expect(domain.vanishingPolynomial(at: x) == x.pow(UInt64(domain.n)) - .one)
            }
        }
        check(BN254Fr.self)
        check(PastaFp.self)
    }

    @Test("FFT equals the naive DFT for k = 0…8")
    func fftMatchesNaiveDFT() {
        func check<F: PrimeField>(_: F.Type) {
            for k in 0...8 {
                let domain = EvaluationDomain<F>(k: k)
                let coefficients = Self.randomPolynomial(F.self, count: domain.n)
                var values = coefficients
                domain.fft(&values)
                #expect(values == Self.naiveDFT(coefficients, omega: domain.omega), "\(F.self) k=\(k)")
                var back = values
                domain.ifft(&back)
                #expect(back == coefficients, "\(F.self) k=\(k) inverse")
            }
        }
        check(BN254Fr.self)
        check(PastaFp.self)
    }

    @Test("large FFTs (multi-block passes) agree with Horner evaluation at sampled points")
    func largeFFTMatchesHorner() {
        func check<F: PrimeField>(_: F.Type) {
            // 13, 14, 15 end the cross-block stages with a radix-2 pass, a radix-4 pass, and both.
            for k in [13, 14, 15] {
                let domain = EvaluationDomain<F>(k: k)
                let coefficients = Self.randomPolynomial(F.self, count: domain.n)
                var values = coefficients
                domain.fft(&values)
                let omega = F.rootOfUnity(log2Order: k)
                for i in [0, 1, 2, 3, domain.n / 2, domain.n - 1, 4097, Int.random(in: 0..<domain.n)] {
                    let expected = evaluatePolynomial(coefficients, at: omega.pow(UInt64(i)))
                    #expect(values[i] == expected, "\(F.self) k=\(k) index \(i)")
                }
            }
        }
        check(BN254Fr.self)
        check(PastaFp.self)
    }

    @Test("ifft inverts fft for k up to 14")
    func roundTrip() {
        func check<F: PrimeField>(_: F.Type) {
            for k in [9, 10, 12, 13, 14] {
                let domain = EvaluationDomain<F>(k: k)
                let coefficients = Self.randomPolynomial(F.self, count: domain.n)
                var values = coefficients
                domain.fft(&values)
                #expect(values != coefficients)
                domain.ifft(&values)
                #expect(values == coefficients, "\(F.self) k=\(k)")
            }
        }
        check(BN254Fr.self)
        check(PastaFp.self)
    }

    @Test("coset FFT evaluates at shift·ω^i; coset IFFT inverts it")
    func cosetFFT() {
        func check<F: PrimeField>(_: F.Type) {
            for k in [0, 1, 3, 6, 13] {
                let domain = EvaluationDomain<F>(k: k)
                let coefficients = Self.randomPolynomial(F.self, count: domain.n)
                let shift = F.multiplicativeGenerator
                var values = coefficients
                domain.cosetFFT(&values, shift: shift)
                let sampled = k <= 6 ? Array(0..<domain.n) : [0, 1, 4095, 4096, domain.n - 1]
                let omega = F.rootOfUnity(log2Order: k)
                for i in sampled {
                    let point = shift * omega.pow(UInt64(i))
                    #expect(values[i] == evaluatePolynomial(coefficients, at: point), "\(F.self) k=\(k) index \(i)")
                }
                domain.cosetIFFT(&values, shift: shift)
                #expect(values == coefficients, "\(F.self) k=\(k) coset inverse")
            }
        }
        check(BN254Fr.self)
        check(PastaFp.self)
    }

    @Test("extended domain size follows halo2: j=3 → k+1, j=4,5 → k+2, j=6…9 → k+3")
    func extendedDomainSize() {
        for (j, extra) in [(2, 0), (3, 1), (4, 2), (5, 2), (6, 3), (9, 3), (10, 4)] {
            let domain = ExtendedDomain<BN254Fr>(k: 5, constraintDegree: j)
            #expect(domain.extendedK == 5 + extra, "j=\(j)")
            #expect(domain.quotientDegree == j - 1)
            #expect(domain.omegaExtended == BN254Fr.rootOfUnity(log2Order: 5 + extra))
            #expect(domain.omegaExtended.pow(UInt64(1 << extra)) == domain.omega)
        }
    }

    @Test("coeffToExtended evaluates on ζ·⟨ω_ext⟩ and extendedToCoeff recovers the polynomial")
    func extendedRoundTrip() {
        func check<F: FFTField>(_: F.Type) {
            for (k, j) in [(0, 3), (3, 4), (6, 5), (10, 3), (11, 9)] {
                let domain = ExtendedDomain<F>(k: k, constraintDegree: j)
                let coefficients = Self.randomPolynomial(F.self, count: domain.n)
                let values = domain.coeffToExtended(coefficients)
                #expect(values.count == domain.extendedN)
                let omegaExtended = F.rootOfUnity(log2Order: domain.extendedK)
                for i in Set([0, 1, 2, 3, 5, domain.extendedN / 3, domain.extendedN - 1]) where i < domain.extendedN {
                    let point = F.zeta * omegaExtended.pow(UInt64(i))
                    #expect(values[i] == evaluatePolynomial(coefficients, at: point), "\(F.self) k=\(k) index \(i)")
                }
                let recovered = domain.extendedToCoeff(values)
                #expect(recovered.count == domain.n * (j - 1))
                #expect(Array(recovered[0..<domain.n]) == coefficients, "\(F.self) k=\(k) j=\(j)")
                #expect(recovered[domain.n...].allSatisfy { $0.isZero })
            }
        }
        check(BN254Fr.self)
        check(PastaFp.self)
    }

    @Test("a product computed from extended evaluations equals the naive product")
    func extendedProduct() {
        func check<F: FFTField>(_: F.Type) {
            for k in [2, 5, 7] {
                // Three factors: degree < 3n − 2 needs j − 1 ≥ 3.
                let domain = ExtendedDomain<F>(k: k, constraintDegree: 4)
                let a = Self.randomPolynomial(F.self, count: domain.n)
                let b = Self.randomPolynomial(F.self, count: domain.n)
                let c = Self.randomPolynomial(F.self, count: domain.n - 1)
                let av = domain.coeffToExtended(a)
                let bv = domain.coeffToExtended(b)
                let cv = domain.coeffToExtended(c)
                let productValues = (0..<domain.extendedN).map { av[$0] * bv[$0] * cv[$0] }
                var expected = Self.naiveProduct(Self.naiveProduct(a, b), c)
                expected += [F](repeating: .zero, count: domain.n * 3 - expected.count)
                #expect(domain.extendedToCoeff(productValues) == expected, "\(F.self) k=\(k)")
            }
        }
        check(BN254Fr.self)
        check(PastaFp.self)
    }

    @Test("divideByVanishing divides values on the coset by Xⁿ − 1")
    func vanishingDivision() {
        func check<F: FFTField>(_: F.Type) {
            for (k, j) in [(3, 3), (4, 5), (6, 9)] {
                let domain = ExtendedDomain<F>(k: k, constraintDegree: j)
                let h = Self.randomPolynomial(F.self, count: domain.n)
                // h·(Xⁿ − 1) = −h + Xⁿ·h, degree < 2n ≤ n·(j − 1).
                var product = [F](repeating: .zero, count: 2 * domain.n)
                for i in h.indices {
                    product[i] = -h[i]
                    product[i + domain.n] = h[i]
                }
                let half = domain.n
                let low = Array(product[0..<half]), high = Array(product[half...])
                // The extended values of h·(Xⁿ − 1) are those of its two halves, the upper one times Xⁿ.
                var values = domain.coeffToExtended(low)
                let highValues = domain.coeffToExtended(high)
                let omegaExtended = F.rootOfUnity(log2Order: domain.extendedK)
                for i in values.indices {
                    let x = F.zeta * omegaExtended.pow(UInt64(i))
                    values[i] = values[i] + highValues[i] * x.pow(UInt64(domain.n))
                }
                domain.divideByVanishing(&values)
                let quotient = domain.extendedToCoeff(values)
                #expect(Array(quotient[0..<domain.n]) == h, "\(F.self) k=\(k) j=\(j)")
                #expect(quotient[domain.n...].allSatisfy { $0.isZero })
            }
        }
        check(BN254Fr.self)
        check(PastaFp.self)
    }

    @Test("Horner evaluation matches the sum of coefficient times power")
    func hornerEvaluation() {
        let coefficients = Self.randomPolynomial(BN254Fr.self, count: 20)
        let x = BN254Fr.random()
        let xs = Self.powers(of: x, count: 20)
        let direct = zip(coefficients, xs).reduce(BN254Fr.zero) { $0 + $1.0 * $1.1 }
        #expect(evaluatePolynomial(coefficients, at: x) == direct)
        #expect(evaluatePolynomial([BN254Fr](), at: x) == .zero)
    }
}
