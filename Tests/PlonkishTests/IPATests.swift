@testable import Plonkish
import Testing

/// Polynomials, their commitments and a list of (polynomial, point) openings, for both sides of the protocol.
private struct IPAOpeningFixture {
    var polynomials: [[PastaFp]]
    var blinds: [PastaFp]
    var commitments: [Vesta]
    var openings: [(polynomial: Int, point: PastaFp)]

    init(parameters: IPAParameters, degrees: [Int], openings: [(Int, PastaFp)], using rng: inout SplitMix64) {
        polynomials = degrees.map { d in (0...d).map { _ in PastaFp.random(using: &rng) } }
        blinds = degrees.map { _ in PastaFp.random(using: &rng) }
        commitments = zip(polynomials, blinds).map { p, blind in
            p.withUnsafeBufferPointer { parameters.commit($0, blind: blind) }
        }
        self.openings = openings.map { (polynomial: $0.0, point: $0.1) }
    }

    func proverQueries() -> [ProverQuery<PastaFp>] {
        openings.map { opening in
            let p = polynomials[opening.polynomial]
            return ProverQuery(commitmentID: opening.polynomial, point: opening.point, polynomial: p,
                               blind: blinds[opening.polynomial], evaluation: evaluatePolynomial(p, at: opening.point))
        }
    }

    func verifierQueries() -> [VerifierQuery<VestaCurve>] {
        openings.map { opening in
            VerifierQuery(commitmentID: opening.polynomial, point: opening.point,
                          commitment: commitments[opening.polynomial],
                          evaluation: evaluatePolynomial(polynomials[opening.polynomial], at: opening.point))
        }
    }

    func prove(_ parameters: IPAParameters) throws -> [UInt8] {
        var writer = ProofWriter<VestaCurve>()
        try parameters.open(proverQueries(), transcript: &writer)
        return writer.proof
    }
}

private func verify(_ verifier: IPAVerifierParameters, _ queries: [VerifierQuery<VestaCurve>], _ proof: [UInt8])
    throws -> Bool
{
    var reader = ProofReader<VestaCurve>(proof: proof)
    guard try verifier.verify(queries, transcript: &reader) else { return false }
    try reader.finish()
    return true
}

/// Openings at one to three points per polynomial: x for all, {x, ωx} shared by three polynomials (one listing
/// them in the other order), {x, y}, {x, y, ω⁻¹x} and {x} alone.
private func mixedOpenings(k: Int, using rng: inout SplitMix64) -> [(Int, PastaFp)] {
    let domain = EvaluationDomain<PastaFp>(k: k)
    let x = PastaFp.random(using: &rng)
    let y = PastaFp.random(using: &rng)
    return [
        (0, x), (1, x), (0, domain.omega * x), (2, y), (3, domain.omegaInverse * x), (1, domain.omega * x),
        (3, x), (4, domain.omega * x), (4, x), (2, x), (5, x), (3, y),
    ]
}

@Suite("IPA commitment scheme")
struct IPATests {
    @Test("generators are the hashed points, deterministic, distinct, on the curve, and truncate")
    func generators() throws {
        let small = IPAParameters(k: 4)
        let large = IPAParameters(k: 6)
        #expect(Array(large.g.prefix(16)) == small.g)
        #expect(IPAGenerators.commitmentGenerators(0..<16) == small.g)
        #expect(try large.downsized(toK: 4).g == small.g)
        #expect(try large.verifier.downsized(toK: 4).g == small.g)
        let all = large.g + [large.w, large.u]
        #expect(Set(all).count == all.count)
        #expect(all.allSatisfy { $0.isOnCurve && !$0.isInfinity })
        // Recompute each x from the documented hash: some small counter must produce it.
        for (i, point) in small.g.enumerated() {
            let candidates = (0..<40).map { counter -> PastaFq in
                var message = IPAGenerators.domain + [0]
                message += withUnsafeBytes(of: UInt32(i).littleEndian, Array.init)
                message += withUnsafeBytes(of: UInt32(counter).littleEndian, Array.init)
                return PastaFq(uniformBytes: Blake2b.hash(message + [0]))
            }
            #expect(candidates.contains(point.x))
        }
        #expect(throws: CommitmentError.parametersTooSmall(requested: 7, available: 6)) {
            try large.downsized(toK: 7)
        }
    }

    @Test("windowed scalar multiplication agrees with double-and-add")
    func windowedMultiplication() {
        var rng = SplitMix64(seed: 1)
        let point = Vesta.generator.multiplied(by: PastaFp.random(using: &rng))
        var scalars = (0..<20).map { _ in PastaFp.random(using: &rng) }
        scalars += [.zero, .one, -.one, PastaFp(word: 16), PastaFp(word: 17), PastaFp(word: 31), -PastaFp(word: 16)]
        for scalar in scalars {
            #expect(point.multipliedWindowed(by: scalar) == point.multiplied(by: scalar))
        }
        #expect(Vesta.infinity.multipliedWindowed(by: scalars[0]).isInfinity)
    }

    @Test("commit is Σ aᵢGᵢ + blind·W; commitLagrange equals commit of the interpolation and the Lagrange MSM")
    func commitments() {
        var rng = SplitMix64(seed: 2)
        let parameters = IPAParameters(k: 4)
        let coefficients = (0..<11).map { _ in PastaFp.random(using: &rng) }
        let blind = PastaFp.random(using: &rng)
        let expected = naiveMultiScalarMultiply(points: Array(parameters.g.prefix(11)) + [parameters.w],
                                                scalars: coefficients + [blind])
        #expect(coefficients.withUnsafeBufferPointer { parameters.commit($0, blind: blind) } == expected)

        let values = (0..<16).map { _ in PastaFp.random(using: &rng) }
        var interpolated = values
        parameters.domain.ifft(&interpolated)
        let lagrange = values.withUnsafeBufferPointer { parameters.commitLagrange($0, blind: blind) }
        #expect(lagrange == interpolated.withUnsafeBufferPointer { parameters.commit($0, blind: blind) })
        let lagrangeGenerators = parameters.lagrangeGenerators()
        #expect(lagrange == naiveMultiScalarMultiply(points: lagrangeGenerators + [parameters.w],
                                                     scalars: values + [blind]))
        // L_i commits to the i-th Lagrange basis polynomial: the point IFFT of G, checked one column at a time.
        for i in [0, 5, 15] {
            var unit = [PastaFp](repeating: .zero, count: 16)
            unit[i] = .one
            parameters.domain.ifft(&unit)
            #expect(Vesta(lagrangeGenerators[i]) == unit.withUnsafeBufferPointer { parameters.commit($0, blind: .zero) })
        }
    }

    @Test("open and verify round trips with shared and distinct point sets", arguments: [4, 5, 7])
    func roundTrip(k: Int) throws {
        var rng = SplitMix64(seed: UInt64(10 + k))
        let parameters = IPAParameters(k: k)
        let n = 1 << k
        let fixture = IPAOpeningFixture(parameters: parameters, degrees: [n - 1, n / 2, 3, n - 1, 0, n - 2],
                                        openings: mixedOpenings(k: k, using: &rng), using: &rng)
        let proof = try fixture.prove(parameters)
        // q′, S, L and R per round; one value per point set (six commitments over {x, ωx}, {x, y},
        // {x, y, ω⁻¹x} and {x}), then c and f.
        let setCount = 4
        #expect(proof.count == 32 * (2 + 2 * k + setCount + 2))
        #expect(try verify(parameters.verifier, fixture.verifierQueries(), proof))
    }

    @Test("a single opening and a downsized pair of parameters verify")
    func singleAndDownsized() throws {
        var rng = SplitMix64(seed: 3)
        let parameters = try IPAParameters(k: 6).downsized(toK: 3)
        let fixture = IPAOpeningFixture(parameters: parameters, degrees: [7], openings: [(0, PastaFp(word: 3))],
                                        using: &rng)
        let proof = try fixture.prove(parameters)
        #expect(try verify(IPAParameters(k: 6).verifier.downsized(toK: 3), fixture.verifierQueries(), proof))
        #expect(try verify(parameters.verifier, fixture.verifierQueries(), proof))
    }

    @Test("a wrong evaluation, commitment or point is rejected")
    func wrongClaims() throws {
        var rng = SplitMix64(seed: 4)
        let parameters = IPAParameters(k: 5)
        let fixture = IPAOpeningFixture(parameters: parameters, degrees: [31, 20, 3, 31, 0, 12],
                                        openings: mixedOpenings(k: 5, using: &rng), using: &rng)
        let proof = try fixture.prove(parameters)
        let queries = fixture.verifierQueries()
        #expect(try verify(parameters.verifier, queries, proof))
        for index in [0, 3, queries.count - 1] {
            var wrongValue = queries
            wrongValue[index].evaluation = wrongValue[index].evaluation + .one
            #expect(try !verify(parameters.verifier, wrongValue, proof))
            var wrongCommitment = queries
            wrongCommitment[index].commitment = wrongCommitment[index].commitment.adding(parameters.g[0])
            #expect(try !verify(parameters.verifier, wrongCommitment, proof))
        }
        // Moving a point changes the point sets, so the verifier may also read the proof with another layout.
        var wrongPoint = queries
        wrongPoint[1].point = wrongPoint[1].point + .one
        #expect(!((try? verify(parameters.verifier, wrongPoint, proof)) ?? false))
        var movedSharedPoint = queries
        movedSharedPoint[0].point = movedSharedPoint[0].point + .one
        movedSharedPoint[1].point = movedSharedPoint[1].point + .one
        #expect(!((try? verify(parameters.verifier, movedSharedPoint, proof)) ?? false))

        // A prover that claims a wrong value cannot make the verifier accept it either.
        var lying = fixture.proverQueries()
        lying[2].evaluation = lying[2].evaluation + .one
        var writer = ProofWriter<VestaCurve>()
        try parameters.open(lying, transcript: &writer)
        var lyingClaims = queries
        lyingClaims[2].evaluation = lying[2].evaluation
        #expect(try !verify(parameters.verifier, lyingClaims, writer.proof))
    }

    @Test("tampered, truncated or extended proofs are rejected")
    func tamperedProofs() throws {
        var rng = SplitMix64(seed: 5)
        let parameters = IPAParameters(k: 4)
        let fixture = IPAOpeningFixture(parameters: parameters, degrees: [15, 9, 2, 15, 1, 4],
                                        openings: mixedOpenings(k: 4, using: &rng), using: &rng)
        let proof = try fixture.prove(parameters)
        let queries = fixture.verifierQueries()
        for position in [0, 17, 32, 40, 64, 100, 160, 200, 250, proof.count - 40, proof.count - 1] {
            var tampered = proof
            tampered[position] ^= 0x04
            let accepted = (try? verify(parameters.verifier, queries, tampered)) ?? false
            #expect(!accepted, "flipping a bit of byte \(position) went unnoticed")
        }
        #expect(throws: TranscriptError.self) { try verify(parameters.verifier, queries, Array(proof.dropLast())) }
        #expect(throws: TranscriptError.self) { try verify(parameters.verifier, queries, proof + [0]) }
    }

    @Test("a repeated (commitment, point) pair is refused by prover and verifier")
    func repeatedQuery() throws {
        var rng = SplitMix64(seed: 6)
        let parameters = IPAParameters(k: 4)
        let x = PastaFp.random(using: &rng)
        let fixture = IPAOpeningFixture(parameters: parameters, degrees: [15, 15],
                                        openings: [(0, x), (1, x), (0, x)], using: &rng)
        #expect(throws: CommitmentError.repeatedQuery(commitmentID: 0)) { try fixture.prove(parameters) }
        var reader = ProofReader<VestaCurve>(proof: [])
        #expect(throws: CommitmentError.repeatedQuery(commitmentID: 0)) {
            try parameters.verifier.verify(fixture.verifierQueries(), transcript: &reader)
        }
    }

    @Test("point sets follow halo2's ordering")
    func pointSetOrdering() throws {
        let (a, b, c) = (PastaFp(word: 7), PastaFp(word: 8), PastaFp(word: 9))
        let sets = try IPAPointSets([(5, b), (6, a), (5, a), (7, c), (6, b), (8, a)])
        #expect(sets.sets == [[b, a], [c], [a]])
        #expect(sets.commitments.map(\.commitmentID) == [5, 6, 7, 8])
        #expect(sets.commitments.map(\.setIndex) == [0, 0, 1, 2])
        #expect(sets.commitments.map(\.queryIndices) == [[0, 2], [4, 1], [3], [5]])
    }
}
