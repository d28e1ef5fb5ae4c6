import Foundation
@testable import Plonkish
import Testing

/// Parameters shared by the proving tests: built once per process.
enum TestParameters {
    static let kzg = KZGParameters(insecureSeed: Array("zkml proving tests".utf8), k: 12)
    static let ipa = IPAParameters(k: 12)
}

/// Keygen, prove and verify in one go; returns the key, the proof and the verifier's answer.
func proveAndVerify<S: CommitmentScheme, C: Circuit>(
    _ params: S, _ circuit: C, k: Int, instances: [[S.Scalar]]
) throws -> (pk: ProvingKey<S>, proof: [UInt8], accepted: Bool) where C.Field == S.Scalar {
    let pk = try Keygen.provingKey(params: params, circuit: circuit, k: k)
    let proof = try Prover.prove(provingKey: pk, circuit: circuit, instances: instances)
    let accepted = try Verifier.verify(verifier: params.verifier, vk: pk.vk, instances: instances, proof: proof)
    return (pk, proof, accepted)
}

/// False or a thrown error: both are rejections.
func verifies<S: CommitmentScheme>(
    _ params: S, _ vk: VerifyingKey<S>, _ instances: [[S.Scalar]], _ proof: [UInt8]
) -> Bool {
    (try? Verifier.verify(verifier: params.verifier, vk: vk, instances: instances, proof: proof)) ?? false
}

struct ProvingTests {
    /// Every test circuit, filling all usable rows of 2^k, proved and verified with the given scheme.
    func proveEveryCircuit<S: CommitmentScheme>(_ params: S, k: Int) throws {
        typealias F = S.Scalar
        let fibonacci = FibonacciCircuit<F>(rows: try usableRows(FibonacciCircuit<F>.self, k: k) - 1)
        #expect(try proveAndVerify(params, fibonacci, k: k, instances: fibonacci.instances).accepted, "fibonacci")

        let rangeRows = try usableRows(RangeCheckCircuit<F>.self, k: k)
        let bits = min(k - 1, 8)
        let range = RangeCheckCircuit<F>(bits: bits, rows: rangeRows)
        #expect(try proveAndVerify(params, range, k: k, instances: []).accepted, "range check")

        let challenge = ChallengeCircuit<F>(rows: try usableRows(ChallengeCircuit<F>.self, k: k))
        #expect(try proveAndVerify(params, challenge, k: k, instances: []).accepted, "two-phase challenge")

        let multi = MultiLookupCircuit<F>(bits: bits, rows: try usableRows(MultiLookupCircuit<F>.self, k: k))
        #expect(try proveAndVerify(params, multi, k: k, instances: []).accepted, "several lookups")

        let many = ManyColumnsCircuit<F>(rows: try usableRows(ManyColumnsCircuit<F>.self, k: k))
        #expect(try proveAndVerify(params, many, k: k, instances: many.instances).accepted, "permutation chunks")
    }

    @Test("every test circuit proves and verifies with KZG (BN254, SHPLONK) at k = 4…12", arguments: 4...12)
    func kzgCircuits(k: Int) throws {
        try proveEveryCircuit(TestParameters.kzg, k: k)
    }

    @Test("every test circuit proves and verifies with IPA (Pasta) at k = 4…12", arguments: 4...12)
    func ipaCircuits(k: Int) throws {
        try proveEveryCircuit(TestParameters.ipa, k: k)
    }

    /// Each deliberately broken witness: the prover refuses, or its proof does not verify.
    func rejectBrokenWitnesses<S: CommitmentScheme>(_ params: S) throws {
        typealias F = S.Scalar
        let k = 5
        func rejected<C: Circuit>(_ circuit: C, _ instances: [[F]], _ label: String) throws where C.Field == F {
            let honest: C = circuit
            let pk = try Keygen.provingKey(params: params, circuit: honest, k: k)
            guard let proof = try? Prover.prove(provingKey: pk, circuit: circuit, instances: instances) else { return }
            let accepted = verifies(params, pk.vk, instances, proof)
            #expect(!accepted, "\(label): a proof of a broken witness verified")
        }
        var fibonacci = FibonacciCircuit<F>(rows: 8)
        fibonacci.corruptedCell = Cell(Column(.advice, 2), 3)
        try rejected(fibonacci, FibonacciCircuit<F>(rows: 8).instances, "fibonacci gate")
        var wrongOutput = FibonacciCircuit<F>(rows: 8).instances
        wrongOutput[0][2] += .one
        try rejected(FibonacciCircuit<F>(rows: 8), wrongOutput, "fibonacci public output")

        var range = RangeCheckCircuit<F>(bits: 3, rows: 10)
        range.outOfRangeRow = 4
        try rejected(range, [], "range lookup")

        var challenge = ChallengeCircuit<F>(rows: 10)
        challenge.corruptedRow = 2
        try rejected(challenge, [], "challenge gate")

        var multi = MultiLookupCircuit<F>(bits: 3, rows: 10)
        multi.badSquareRow = 5
        try rejected(multi, [], "tuple lookup")

        var many = ManyColumnsCircuit<F>(rows: 10)
        many.corruptedCell = Cell(Column(.advice, 3), 4)
        try rejected(many, ManyColumnsCircuit<F>(rows: 10).instances, "copy constraints")
    }

    @Test("broken witnesses never yield an accepted proof (KZG)")
    func kzgBrokenWitnesses() throws { try rejectBrokenWitnesses(TestParameters.kzg) }

    @Test("broken witnesses never yield an accepted proof (IPA)")
    func ipaBrokenWitnesses() throws { try rejectBrokenWitnesses(TestParameters.ipa) }

    /// Byte flips spread over the whole proof, changed public values, and another circuit's key: all rejected.
    func tamper<S: CommitmentScheme>(_ params: S) throws -> (flips: Int, falseAccepts: Int) {
        typealias F = S.Scalar
        let k = 5
        let many = ManyColumnsCircuit<F>(rows: try usableRows(ManyColumnsCircuit<F>.self, k: k))
        let (pk, proof, accepted) = try proveAndVerify(params, many, k: k, instances: many.instances)
        #expect(accepted)
        var falseAccepts = 0
        let stride = max(1, proof.count / 240)
        var positions = Array(Swift.stride(from: 0, to: proof.count, by: stride))
        positions.append(proof.count - 1)
        for (i, position) in positions.enumerated() {
            var tampered = proof
            tampered[position] ^= UInt8(1 << (i % 8))
            if verifies(params, pk.vk, many.instances, tampered) { falseAccepts += 1 }
        }
        for column in many.instances.indices {
            for row in many.instances[column].indices {
                var instances = many.instances
                instances[column][row] += .one
                let accepted = verifies(params, pk.vk, instances, proof)
                #expect(!accepted, "changed public value \(row)")
            }
        }
        // Fewer public values, one more public value, truncation and trailing bytes.
        let fewer = verifies(params, pk.vk, [Array(many.instances[0].dropLast())], proof)
        let extraZero = verifies(params, pk.vk, [many.instances[0] + [.zero]], proof)
        let truncated = verifies(params, pk.vk, many.instances, Array(proof.dropLast()))
        let trailing = verifies(params, pk.vk, many.instances, proof + [0])
        #expect(!fewer && !extraZero && !truncated && !trailing)

        // A verifying key of another circuit with the same instance shape, and of the same circuit at another size.
        let other = FibonacciCircuit<F>(rows: 4)
        let otherKey = try Keygen.provingKey(params: params, circuit: other, k: k).vk
        let foreignKey = verifies(params, otherKey, [Array(many.instances[0].prefix(3))], proof)
            || verifies(params, otherKey, many.instances, proof)
        let smallerRows = ManyColumnsCircuit<F>(rows: 4)
        let smallerKey = try Keygen.provingKey(params: params, circuit: smallerRows, k: k).vk
        let resizedKey = verifies(params, smallerKey, many.instances, proof)
        #expect(!foreignKey && !resizedKey)
        return (positions.count, falseAccepts)
    }

    @Test("KZG: ≥ 200 single-byte flips, changed public values and foreign keys are all rejected")
    func kzgTamper() throws {
        let (flips, falseAccepts) = try tamper(TestParameters.kzg)
        #expect(flips >= 200)
        #expect(falseAccepts == 0)
    }

    @Test("IPA: ≥ 200 single-byte flips, changed public values and foreign keys are all rejected")
    func ipaTamper() throws {
        let (flips, falseAccepts) = try tamper(TestParameters.ipa)
        #expect(flips >= 200)
        #expect(falseAccepts == 0)
    }

    @Test("the EZKL-generated kzg_bn254_12.srs parameters prove and verify at k = 12 and, downsized, at k = 8")
    func ezklParameters() throws {
        let url = try #require(Bundle.module.url(forResource: "kzg_bn254_12", withExtension: "srs",
                                                 subdirectory: "Fixtures"))
        let params = try KZGParameters(pseParameters: Array(try Data(contentsOf: url)))
        for k in [12, 8] {
            let circuit = MultiLookupCircuit<BN254Fr>(bits: 4, rows: try usableRows(MultiLookupCircuit<BN254Fr>.self, k: k))
            #expect(try proveAndVerify(params, circuit, k: k, instances: []).accepted)
        }
    }

    @Test("a proof made with a Fibonacci start of (1, 1) is rejected for a start of (2, 3)")
    func statementBinding() throws {
        let params = TestParameters.kzg
        let circuit = FibonacciCircuit<BN254Fr>(rows: 6)
        let (pk, proof, accepted) = try proveAndVerify(params, circuit, k: 4, instances: circuit.instances)
        #expect(accepted)
        let other = FibonacciCircuit<BN254Fr>(rows: 6, first: BN254Fr(2), second: BN254Fr(3))
        let acceptedForOther = verifies(params, pk.vk, other.instances, proof)
        #expect(!acceptedForOther)
    }
}
