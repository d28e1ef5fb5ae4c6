extension KZGParameters {
    /// The seed of zkml's development parameters: `zkml srs --k`, and `zkml setup` and `prove` without `--srs`.
    public static let developmentSeed = "zkml srs"
    /// The seed of `zkml bench prover`'s parameters.
    public static let benchmarkSeed = "zkml bench prover"

    /// Secrets anyone can know: 1, the τ of a powers-of-tau accumulator nobody has contributed to, and the secrets
    /// of the seeds zkml's own tools use. `isKnownInsecure` recognises parameters and keys made with any of them.
    public static var knownInsecureSecrets: [BN254Fr] {
        [.one] + [developmentSeed, benchmarkSeed].map { insecureSecret(seed: Array($0.utf8)) }
    }

    /// Whether these parameters' secret is publicly known (`KZGVerifierParameters.isKnownInsecure`).
    public var isKnownInsecure: Bool { verifier.isKnownInsecure }

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

extension KZGVerifierParameters {
    /// Whether [s]₂ = s·g2 for one of `KZGParameters.knownInsecureSecrets`: then anyone can forge proofs that these
    /// parameters accept. A forger needs that s and nothing else (an opening of C to any v at z is (C − v·g)/(s − z)),
    /// so the test is against the parameters' own g2, whatever it is, not the generator. Three G2 multiplications.
    public var isKnownInsecure: Bool {
        let base = G2(g2)
        return KZGParameters.knownInsecureSecrets.contains { base.multiplied(by: $0).affine == sG2 }
    }
}

extension PowersOfTauFile {
    /// INSECURE: a snarkjs powers-of-tau file for known τ, α and β, laid out as `PowersOfTauFile` describes: the
    /// header, tauG1 (2·2^power − 1 points), tauG2 (2^power), alphaTauG1 and betaTauG1 (2^power each), betaG2 and
    /// one contribution. The contribution's points are the file's [τ]₁, [τ]₂, [α]₁, [β]₁, [β]₂, its public key
    /// six G1 and three G2 points derived from τ, α and β, and its hashes zero: snarkjs reads the structure, while its
    /// `powersoftau verify`, which recomputes the hashes and checks the key's proofs of knowledge, would not pass
    /// it. For tests of the reader.
    static func insecureFileBytes(
        tau: BN254Fr, alpha: BN254Fr, beta: BN254Fr, power: Int, ceremonyPower: Int? = nil
    ) -> [UInt8] {
        fileBytes(sections: insecureSections(tau: tau, alpha: alpha, beta: beta, power: power,
                                             ceremonyPower: ceremonyPower))
    }

    /// The sections of `insecureFileBytes`, by id in file order, for tests that change one.
    static func insecureSections(
        tau: BN254Fr, alpha: BN254Fr, beta: BN254Fr, power: Int, ceremonyPower: Int? = nil
    ) -> [(id: UInt32, body: [UInt8])] {
        let n = 1 << power
        let table = FixedBaseTable<BN254G1Curve>(base: .generator)
        let powers = KZGParameters.powers(of: tau, count: 2 * n - 1)
        let tauG2 = powers.prefix(n).map { G2.generator.multiplied(by: $0).affine }
        let g1 = { (points: [G1Affine]) in points.flatMap(\.rawMontgomery) }
        let g2 = { (points: [G2Affine]) in points.flatMap(\.rawMontgomery) }

        var header = ByteWriter()
        header.write(UInt32(BN254Fq.encodedByteCount))
        for limb in BN254Fq.modulusLimbs { header.write(limb) }
        header.write(UInt32(power))
        header.write(UInt32(ceremonyPower ?? power))

        let alphaG1 = G1.generator.multiplied(by: alpha).affine, betaG1 = G1.generator.multiplied(by: beta).affine
        let betaG2 = G2.generator.multiplied(by: beta).affine
        var contributions = ByteWriter()
        contributions.write(UInt32(1))
        contributions.write(raw: g1([G1.generator.multiplied(by: tau).affine]) + g2([tauG2[1]]) + g1([alphaG1, betaG1])
                            + g2([betaG2]))
        contributions.write(raw: g1(table.multiplyAll([tau, tau * tau, alpha, alpha * tau, beta, beta * tau])))
        contributions.write(raw: g2([tauG2[1], G2.generator.multiplied(by: alpha).affine, betaG2]))
        contributions.write(raw: [UInt8](repeating: 0, count: 216 + 64))
        contributions.write(UInt32(0))
        let name = Array("zkml test".utf8)
        contributions.write(UInt32(2 + name.count))
        contributions.write(raw: [1, UInt8(name.count)] + name)

        return [
            (1, header.bytes),
            (2, g1(table.multiplyAll(powers))),
            (3, g2(tauG2)),
            (4, g1(table.multiplyAll(powers.prefix(n).map { alpha * $0 }))),
            (5, g1(table.multiplyAll(powers.prefix(n).map { beta * $0 }))),
            (6, g2([betaG2])),
            (7, contributions.bytes),
        ]
    }

    /// The magic, the version, the section count and the sections, each behind its id and size.
    static func fileBytes(sections: [(id: UInt32, body: [UInt8])], version: UInt32 = version) -> [UInt8] {
        var file = ByteWriter()
        file.write(raw: magic)
        file.write(version)
        file.write(UInt32(sections.count))
        for (id, body) in sections {
            file.write(id)
            file.write(UInt64(body.count))
            file.write(raw: body)
        }
        return file.bytes
    }
}
