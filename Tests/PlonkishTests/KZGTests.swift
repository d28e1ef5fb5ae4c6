import Foundation
@testable import Plonkish
import Testing

/// KZG parameters (insecure setup, halo2/PSE files, downsizing) and SHPLONK openings.
struct KZGTests {
    static let seed = Array("KZGTests".utf8)

    /// One polynomial to open: its coefficients and the rotations of x it is opened at.
    struct Opening {
        var commitmentID: Int
        var coefficients: [BN254Fr]
        var points: [BN254Fr]
    }

    static func randomPolynomial(maximumCount: Int, using rng: inout SplitMix64) -> [BN254Fr] {
        let count = Int.random(in: 4...maximumCount, using: &rng)
        return (0..<count).map { _ in BN254Fr.random(using: &rng) }
    }

    /// Polynomials sharing point sets ({x, ωx} twice, listed in different orders), one alone at three points, two at
    /// x only; queries interleaved across commitments.
    static func sampleOpenings(n: Int, using rng: inout SplitMix64) -> [(commitmentID: Int, coefficients: [BN254Fr], point: BN254Fr)] {
        let domain = EvaluationDomain<BN254Fr>(k: n.trailingZeroBitCount)
        let x = BN254Fr.random(using: &rng)
        let omegaX = x * domain.omega
        let polynomials = (0..<5).map { _ in randomPolynomial(maximumCount: n, using: &rng) }
        let plan: [(Int, BN254Fr)] = [
            (0, x), (1, omegaX), (2, x), (0, omegaX), (3, x), (1, x),
            (2, x * domain.omegaInverse), (4, x), (2, x * domain.omega * domain.omega),
        ]
        return plan.map { (id, point) in (10 + id, polynomials[id], point) }
    }

    static func proverQueries(_ openings: [(commitmentID: Int, coefficients: [BN254Fr], point: BN254Fr)]) -> [ProverQuery<BN254Fr>] {
        openings.map {
            ProverQuery(commitmentID: $0.commitmentID, point: $0.point, polynomial: $0.coefficients, blind: .zero,
                        evaluation: evaluatePolynomial($0.coefficients, at: $0.point))
        }
    }

    static func verifierQueries(_ queries: [ProverQuery<BN254Fr>], params: KZGParameters) -> [VerifierQuery<BN254G1Curve>] {
        var commitments: [Int: G1] = [:]
        return queries.map { query in
            let commitment = commitments[query.commitmentID] ?? params.commit(query.polynomial)
            commitments[query.commitmentID] = commitment
            return VerifierQuery(commitmentID: query.commitmentID, point: query.point, commitment: commitment,
                                 evaluation: query.evaluation)
        }
    }

    static func prove(_ queries: [ProverQuery<BN254Fr>], params: KZGParameters) throws -> [UInt8] {
        var writer = ProofWriter<BN254G1Curve>()
        writer.commonScalar(BN254Fr(word: 7))  // something the PLONK rounds would have absorbed before
        try params.open(queries, transcript: &writer)
        return writer.proof
    }

    static func verify(_ queries: [VerifierQuery<BN254G1Curve>], proof: [UInt8], verifier: KZGVerifierParameters) throws -> Bool {
        var reader = ProofReader<BN254G1Curve>(proof: proof)
        reader.commonScalar(BN254Fr(word: 7))
        let accepted = try verifier.verify(queries, transcript: &reader)
        try reader.finish()
        return accepted
    }

    /// Commit, open and verify the sample queries; returns the verifier's answer.
    static func roundTrip(params: KZGParameters, rngSeed: UInt64) throws -> Bool {
        var rng = SplitMix64(seed: rngSeed)
        let queries = proverQueries(sampleOpenings(n: params.n, using: &rng))
        let proof = try prove(queries, params: params)
        #expect(proof.count == 2 * 32, "a SHPLONK proof is two compressed G1 points")
        return try verify(verifierQueries(queries, params: params), proof: proof, verifier: params.verifier)
    }

    static func fixtureBytes(_ name: String, _ ext: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"))
        return [UInt8](try Data(contentsOf: url))
    }

    // MARK: Setup

    @Test("the insecure setup holds [s^i]G1, [L_i(s)]G1 and [s]G2 for the seed's secret")
    func insecureSetupMatchesDefinition() {
        let k = 3
        let params = KZGParameters(insecureSeed: Self.seed, k: k)
        let s = KZGParameters.insecureSecret(seed: Self.seed)
        let domain = EvaluationDomain<BN254Fr>(k: k)
        let points = (0..<params.n).map { domain.omega.pow(UInt64($0)) }
        var power = BN254Fr.one
        for i in 0..<params.n {
            #expect(params.g[i] == G1.generator.multiplied(by: power).affine, "g[\(i)]")
            // L_i(s) as the textbook product Π_{j≠i} (s − ω^j)/(ω^i − ω^j).
            var lagrange = BN254Fr.one
            for j in 0..<params.n where j != i {
                lagrange *= (s - points[j]) * ((points[i] - points[j]).inverse() ?? .zero)
            }
            #expect(params.gLagrange[i] == G1.generator.multiplied(by: lagrange).affine, "gLagrange[\(i)]")
            power *= s
        }
        #expect(params.g2 == .generator)
        #expect(params.sG2 == G2.generator.multiplied(by: s).affine)
        #expect(params.isConsistent())
        // A different seed, a different secret.
        #expect(KZGParameters(insecureSeed: [1], k: k).g[1] != params.g[1])
    }

    @Test("commitLagrange(values) = commit(ifft(values)), and commit equals a naive MSM")
    func lagrangeAndMonomialCommitmentsAgree() {
        let params = KZGParameters(insecureSeed: Self.seed, k: 6)
        var rng = SplitMix64(seed: 1)
        let values = (0..<params.n).map { _ in BN254Fr.random(using: &rng) }
        var coefficients = values
        EvaluationDomain<BN254Fr>(k: 6).ifft(&coefficients)
        #expect(params.commitLagrange(values) == params.commit(coefficients))
        let short = Array(coefficients[0..<13])
        #expect(params.commit(short) == naiveMultiScalarMultiply(points: Array(params.g[0..<13]), scalars: short))
        #expect(params.commit([]).isInfinity)
    }

    @Test("commitLagrange takes a value repeated over most rows out exactly (large, small and negative values)")
    func repeatedValueCommitments() {
        let params = KZGParameters(insecureSeed: Self.seed, k: 9)
        var rng = SplitMix64(seed: 2)
        let big = BN254Fr.random(using: &rng)
        for (repeated, share) in [(big, 7), (BN254Fr(Int64(3)), 9), (BN254Fr(Int64(-5)), 3), (big, 1)] {
            // `share` tenths of the rows hold the repeated value, the rest random or small values.
            let values = (0..<params.n).map { i -> BN254Fr in
                if (i * 7919) % 10 < share { return repeated }
                return i % 2 == 0 ? BN254Fr.random(using: &rng) : BN254Fr(Int64(i % 13) - 6)
            }
            if share >= 3 { #expect(values.withUnsafeBufferPointer { dominantNonZeroScalar(in: $0) } == repeated) }
            #expect(params.commitLagrange(values) == naiveMultiScalarMultiply(points: params.gLagrange, scalars: values))
        }
    }

    @Test("downsized parameters equal those generated directly at the smaller k")
    func downsizedMatchesDirectGeneration() throws {
        let large = KZGParameters(insecureSeed: Self.seed, k: 7)
        for smallK in [0, 1, 4] {
            let direct = KZGParameters(insecureSeed: Self.seed, k: smallK)
            let downsized = try large.downsized(toK: smallK)
            #expect(downsized.k == smallK)
            #expect(downsized.g == direct.g)
            #expect(downsized.gLagrange == direct.gLagrange, "k = \(smallK)")
            #expect(downsized.sG2 == direct.sG2 && downsized.g2 == direct.g2)
        }
        #expect(throws: CommitmentError.parametersTooSmall(requested: 8, available: 7)) { try large.downsized(toK: 8) }
        #expect(try large.verifier.downsized(toK: 4).k == 4)
        #expect(throws: CommitmentError.parametersTooSmall(requested: 9, available: 7)) {
            try large.verifier.downsized(toK: 9)
        }
    }

    // MARK: SHPLONK

    @Test("SHPLONK: commit, open at 1–3 points per polynomial, verify")
    func shplonkRoundTrip() throws {
        let params = KZGParameters(insecureSeed: Self.seed, k: 8)
        for rngSeed: UInt64 in 1...3 {
            #expect(try Self.roundTrip(params: params, rngSeed: rngSeed), "seed \(rngSeed)")
        }
        // A single query, and a single polynomial at two points.
        var rng = SplitMix64(seed: 9)
        let p = Self.randomPolynomial(maximumCount: params.n, using: &rng)
        let x = BN254Fr.random(using: &rng)
        for openings in [[(1, p, x)], [(1, p, x), (1, p, x + .one)]] {
            let queries = Self.proverQueries(openings.map { ($0.0, $0.1, $0.2) })
            let proof = try Self.prove(queries, params: params)
            #expect(try Self.verify(Self.verifierQueries(queries, params: params), proof: proof, verifier: params.verifier))
        }
    }

    @Test("SHPLONK rejects a wrong evaluation, a wrong commitment and tampered proofs")
    func shplonkRejectsForgeries() throws {
        let params = KZGParameters(insecureSeed: Self.seed, k: 6)
        var rng = SplitMix64(seed: 5)
        let queries = Self.proverQueries(Self.sampleOpenings(n: params.n, using: &rng))
        let honest = Self.verifierQueries(queries, params: params)
        let proof = try Self.prove(queries, params: params)
        #expect(try Self.verify(honest, proof: proof, verifier: params.verifier))

        // A wrong claim, whether the prover believed it or only the verifier is told it.
        var lying = queries
        lying[4].evaluation += .one
        let lyingProof = try Self.prove(lying, params: params)
        #expect(try !Self.verify(Self.verifierQueries(lying, params: params), proof: lyingProof, verifier: params.verifier))
        var wrongClaim = honest
        wrongClaim[7].evaluation += .one
        #expect(try !Self.verify(wrongClaim, proof: proof, verifier: params.verifier))

        // Another commitment for one polynomial.
        var wrongCommitment = honest
        for i in wrongCommitment.indices where wrongCommitment[i].commitmentID == 13 {
            wrongCommitment[i].commitment = wrongCommitment[i].commitment.adding(G1.generator)
        }
        #expect(try !Self.verify(wrongCommitment, proof: proof, verifier: params.verifier))

        // h′ replaced by another valid point: rejected by the pairing check.
        var swapped = proof
        let other = G1.generator.multiplied(by: BN254Fr(word: 12345)).affine.compressed
        swapped.replaceSubrange(32..<64, with: other)
        #expect(try !Self.verify(honest, proof: swapped, verifier: params.verifier))
        // h changed: rejected (the challenges change too).
        var swappedH = proof
        swappedH.replaceSubrange(0..<32, with: other)
        #expect(try !Self.verify(honest, proof: swappedH, verifier: params.verifier))
        // Flipped bits: either not a point (throws) or a different point (false).
        for byte in [0, 17, 40, 63] {
            var flipped = proof
            flipped[byte] ^= 0x04
            let accepted = (try? Self.verify(honest, proof: flipped, verifier: params.verifier)) ?? false
            #expect(!accepted, "byte \(byte)")
        }
        // Truncated and extended proofs.
        #expect(throws: TranscriptError.self) { try Self.verify(honest, proof: Array(proof.dropLast()), verifier: params.verifier) }
        #expect(throws: TranscriptError.self) { try Self.verify(honest, proof: proof + [0], verifier: params.verifier) }
    }

    @Test("a repeated (commitment, point) query throws on both sides")
    func repeatedQueryThrows() throws {
        let params = KZGParameters(insecureSeed: Self.seed, k: 5)
        var rng = SplitMix64(seed: 3)
        var queries = Self.proverQueries(Self.sampleOpenings(n: params.n, using: &rng))
        queries.append(queries[3])
        var writer = ProofWriter<BN254G1Curve>()
        #expect(throws: CommitmentError.repeatedQuery(commitmentID: queries[3].commitmentID)) {
            try params.open(queries, transcript: &writer)
        }
        var reader = ProofReader<BN254G1Curve>(proof: [UInt8](repeating: 0, count: 64))
        #expect(throws: CommitmentError.repeatedQuery(commitmentID: queries[3].commitmentID)) {
            try params.verifier.verify(Self.verifierQueries(queries, params: params), transcript: &reader)
        }
    }

    @Test("verifier parameters serialize compressed and verify after the round trip")
    func verifierParametersSerialization() throws {
        let params = KZGParameters(insecureSeed: Self.seed, k: 5)
        let bytes = params.verifier.serialized()
        #expect(bytes.count == KZGVerifierParameters.serializedByteCount)
        let decoded = try KZGVerifierParameters(serialized: bytes)
        #expect(decoded.k == 5 && decoded.g == params.g[0] && decoded.g2 == params.g2 && decoded.sG2 == params.sG2)
        #expect(decoded.serialized() == bytes)
        var rng = SplitMix64(seed: 11)
        let queries = Self.proverQueries(Self.sampleOpenings(n: params.n, using: &rng))
        let proof = try Self.prove(queries, params: params)
        #expect(try Self.verify(Self.verifierQueries(queries, params: params), proof: proof, verifier: decoded))

        #expect(throws: CommitmentError.self) { try KZGVerifierParameters(serialized: Array(bytes.dropLast())) }
        var badPoint = bytes
        badPoint[40] ^= 0x01  // inside g2's x: almost surely no point, or one outside G2
        #expect(throws: CommitmentError.self) { try KZGVerifierParameters(serialized: badPoint) }
        var badK = bytes
        badK[3] = 1
        #expect(throws: CommitmentError.self) { try KZGVerifierParameters(serialized: badK) }
    }

    // MARK: halo2/PSE files

    @Test("EZKL's kzg_bn254_12.srs loads, re-encodes byte for byte, and commits, opens and verifies")
    func pseParametersFixture() throws {
        let bytes = try Self.fixtureBytes("kzg_bn254_12", "srs")
        let params = try KZGParameters(pseParameters: bytes)
        #expect(params.k == 12 && params.g.count == 4096 && params.gLagrange.count == 4096)
        #expect(params.pseParametersBytes() == bytes)

        // kzg_bn254_12_points.bin was cut from the file by hand: g[0], g[1], g2, s_g2.
        let points = try Self.fixtureBytes("kzg_bn254_12_points", "bin")
        #expect(params.g[0] == (try G1Affine(rawMontgomery: points[0..<64])))
        #expect(params.g[1] == (try G1Affine(rawMontgomery: points[64..<128])))
        #expect(params.g2 == (try G2Affine(rawMontgomery: points[128..<256])))
        #expect(params.sG2 == (try G2Affine(rawMontgomery: points[256..<384])))
        #expect(params.isConsistent())

        #expect(try Self.roundTrip(params: params, rngSeed: 21))
        let small = try params.downsized(toK: 8)
        #expect(small.g == Array(params.g[0..<256]))
        #expect(small.isConsistent())
        #expect(try Self.roundTrip(params: small, rngSeed: 22))
        // Halves of one setup: a proof made with the downsized prover verifies with the full verifier.
        var rng = SplitMix64(seed: 23)
        let queries = Self.proverQueries(Self.sampleOpenings(n: small.n, using: &rng))
        let proof = try Self.prove(queries, params: small)
        #expect(try Self.verify(Self.verifierQueries(queries, params: params), proof: proof, verifier: params.verifier))
    }

    @Test("malformed ParamsKZG files are refused with the reason")
    func malformedPSEParameters() throws {
        let params = KZGParameters(insecureSeed: Self.seed, k: 4)
        let bytes = params.pseParametersBytes()
        #expect(bytes.count == KZGParameters.pseParametersByteCount(k: 4))
        let decoded = try KZGParameters(pseParameters: bytes)
        #expect(decoded.g == params.g && decoded.gLagrange == params.gLagrange && decoded.sG2 == params.sG2)

        func reason(_ bytes: [UInt8]) -> String? {
            do {
                _ = try KZGParameters(pseParameters: bytes)
                return nil
            } catch let CommitmentError.malformedParameters(reason) {
                return reason
            } catch {
                return "unexpected \(error)"
            }
        }
        #expect(reason(Array(bytes.dropLast()))?.contains("bytes") == true)
        #expect(reason([0, 0]) != nil)
        var hugeK = bytes
        hugeK[0] = 40
        #expect(reason(hugeK)?.contains("k = 40") == true)
        // A flipped bit in g_lagrange[5]'s y takes it off the curve.
        var offCurve = bytes
        offCurve[4 + (16 + 5) * 64 + 40] ^= 0x01
        #expect(reason(offCurve)?.contains("g_lagrange[5]") == true)
        // s_g2 from another secret: every point valid, the pairing check fails.
        var otherSecret = bytes
        otherSecret.replaceSubrange((bytes.count - 128)..<bytes.count, with: KZGParameters(insecureSeed: [9], k: 4).sG2.rawMontgomery)
        #expect(reason(otherSecret)?.contains("e(g[1]") == true)
        // g[0] must be the generator.
        var shifted = bytes
        shifted.replaceSubrange(4..<68, with: params.g[1].rawMontgomery)
        #expect(reason(shifted)?.contains("g[0]") == true)
        // Inconsistent Lagrange basis: loads (not cross-checked), but isConsistent() notices.
        var swappedLagrange = bytes
        swappedLagrange.replaceSubrange((4 + 16 * 64)..<(4 + 17 * 64), with: params.gLagrange[1].rawMontgomery)
        #expect(try !KZGParameters(pseParameters: swappedLagrange).isConsistent())
    }
}
