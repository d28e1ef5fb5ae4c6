extension KZGParameters {
    /// The BLAKE2b personalization that turns a seed into the secret (16 bytes, BLAKE2b's maximum).
    public static var insecureSeedPersonalization: [UInt8] { Array("zkml-KZG-insecur".utf8) }

    /// The secret s that `init(insecureSeed:k:)` derives from a seed: BLAKE2b-512 of the seed, reduced mod r.
    public static func insecureSecret(seed: [UInt8]) -> BN254Fr {
        var hash = Blake2b(outputLength: 64, personalization: insecureSeedPersonalization)
        hash.update(seed)
        return BN254Fr(uniformBytes: hash.finalize())
    }

    /// INSECURE parameters for tests and benchmarks: s is derived from the seed, so anyone who knows the seed knows s
    /// and can forge every opening. Real proofs need parameters from a ceremony (`init(pseParameters:)`).
    ///
    /// Equal seeds give equal parameters at every k, the smaller ones a prefix of the larger.
    public init(insecureSeed seed: [UInt8], k: Int) {
        self.init(insecureSecret: Self.insecureSecret(seed: seed), k: k)
    }

    /// INSECURE: parameters for a known secret.
    init(insecureSecret s: BN254Fr, k: Int) {
        precondition(k >= 0 && k <= Self.maximumK, "k = \(k) is out of range")
        let n = 1 << k
        let domain = EvaluationDomain<BN254Fr>(k: k)
        let table = FixedBaseTable<BN254G1Curve>(base: .generator)
        let g = table.multiplyAll(Self.powers(of: s, count: n))
        let gLagrange = table.multiplyAll(Self.lagrangeBasisValues(at: s, domain: domain))
        let g2 = G2Affine.generator
        let sG2 = G2.generator.multiplied(by: s).affine
        self.init(k: k, g: g, gLagrange: gLagrange, g2: g2, sG2: sG2)
    }

    /// x^i for i < count, computed in parallel chunks.
    static func powers(of x: BN254Fr, count: Int) -> [BN254Fr] {
        [BN254Fr](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            ParallelRanges.forEachChunk(count: count, minimumChunk: 1 << 12) { range in
                var power = x.pow(UInt64(range.lowerBound))
                for i in range {
                    (base + i).initialize(to: power)
                    power *= x
                }
            }
            initialized = count
        }
    }

    /// L_i(x) for every i: ω^i·(xⁿ − 1) / (n·(x − ω^i)), or the indicator of x when x lies in the domain.
    static func lagrangeBasisValues(at x: BN254Fr, domain: EvaluationDomain<BN254Fr>) -> [BN254Fr] {
        let n = domain.n
        let vanishing = domain.vanishingPolynomial(at: x)
        var values = [BN254Fr](repeating: .zero, count: n)
        if vanishing.isZero {
            for i in 0..<n where domain.element(i) == x { values[i] = .one }
            return values
        }
        let scale = vanishing * domain.nInverse
        values.withUnsafeMutableBufferPointer { output in
            ParallelRanges.forEachChunk(count: n, minimumChunk: 1 << 12) { range in
                var omegaPower = domain.omega.pow(UInt64(range.lowerBound))
                var denominators = [BN254Fr](repeating: .zero, count: range.count)
                for offset in 0..<range.count {
                    denominators[offset] = x - omegaPower
                    omegaPower *= domain.omega
                }
                batchInvert(&denominators)
                omegaPower = domain.omega.pow(UInt64(range.lowerBound))
                for offset in 0..<range.count {
                    output[range.lowerBound + offset] = scale * omegaPower * denominators[offset]
                    omegaPower *= domain.omega
                }
            }
        }
        return values
    }
}
