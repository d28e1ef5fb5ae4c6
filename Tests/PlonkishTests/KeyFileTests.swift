@testable import Plonkish
import Testing

struct KeyFileTests {
    typealias F = BN254Fr

    func keysAndProof() throws -> (ProvingKey<KZGParameters>, [UInt8], MultiLookupCircuit<F>) {
        let circuit = MultiLookupCircuit<F>(bits: 3, rows: try usableRows(MultiLookupCircuit<F>.self, k: 5))
        let (pk, proof, accepted) = try proveAndVerify(TestParameters.kzg, circuit, k: 5, instances: [])
        #expect(accepted)
        return (pk, proof, circuit)
    }

    @Test("verifying keys round-trip byte-exactly, keep their digest, and still verify")
    func verifyingKeyRoundTrip() throws {
        let (pk, proof, _) = try keysAndProof()
        let bytes = pk.vk.serialized()
        let decoded = try VerifyingKey<KZGParameters>(serialized: bytes)
        #expect(decoded.serialized() == bytes)
        #expect(decoded.digest == pk.vk.digest)
        #expect(try Verifier.verify(verifier: TestParameters.kzg.verifier, vk: decoded, instances: [], proof: proof))
    }

    @Test("a verifying key file alone verifies (it carries the setup's verifier points); another setup, another key")
    func verifyingKeyStandsAlone() throws {
        let (pk, proof, circuit) = try keysAndProof()
        let decoded = try VerifyingKey<KZGParameters>(serialized: pk.vk.serialized())
        #expect(try Verifier.verify(vk: decoded, instances: [], proof: proof))
        let otherSetup = KZGParameters(insecureSeed: Array("another ceremony".utf8), k: 5)
        let otherKey = try Keygen.provingKey(params: otherSetup, circuit: circuit, k: 5)
        #expect(otherKey.vk.digest != pk.vk.digest)
        #expect(!verifies(otherSetup, otherKey.vk, [], proof))

        let ipaCircuit = MultiLookupCircuit<PastaFp>(bits: 3, rows: try usableRows(MultiLookupCircuit<PastaFp>.self, k: 5))
        let (ipaKey, ipaProof, accepted) = try proveAndVerify(IPAParameters(k: 5), ipaCircuit, k: 5, instances: [])
        #expect(accepted)
        let ipaDecoded = try VerifyingKey<IPAParameters>(serialized: ipaKey.vk.serialized())
        #expect(try Verifier.verify(vk: ipaDecoded, instances: [], proof: ipaProof))
    }

    @Test("proving keys round-trip and prove; a key with an altered column is refused")
    func provingKeyRoundTrip() throws {
        let (pk, _, circuit) = try keysAndProof()
        let bytes = pk.serialized()
        let decoded = try ProvingKey<KZGParameters>(serialized: bytes, params: TestParameters.kzg)
        #expect(decoded.serialized() == bytes)
        let proof = try Prover.prove(provingKey: decoded, circuit: circuit, instances: [])
        #expect(try Verifier.verify(verifier: TestParameters.kzg.verifier, vk: pk.vk, instances: [], proof: proof))
        var altered = bytes
        altered[altered.count - 40] ^= 1  // inside the last σ value
        #expect(throws: (any Error).self) { try ProvingKey<KZGParameters>(serialized: altered, params: TestParameters.kzg) }
        let otherSetup = KZGParameters(insecureSeed: Array("another ceremony".utf8), k: TestParameters.kzg.k)
        #expect(throws: PlonkError.self) { try ProvingKey<KZGParameters>(serialized: bytes, params: otherSetup) }
    }

    @Test("key and proof files reject truncation, trailing bytes, wrong magic and versions")
    func strictDecoding() throws {
        let (pk, proof, _) = try keysAndProof()
        let vkBytes = pk.vk.serialized()
        let file = ProofFile<KZGParameters>(verifyingKeyDigest: pk.vk.digest, proof: proof).serialized()
        let decodedProof = try ProofFile<KZGParameters>(serialized: file)
        #expect(decodedProof.proof == proof && decodedProof.verifyingKeyDigest == pk.vk.digest)
        for cut in [0, 5, 7, vkBytes.count / 2, vkBytes.count - 1] {
            #expect(throws: (any Error).self) { try VerifyingKey<KZGParameters>(serialized: Array(vkBytes.prefix(cut))) }
        }
        for cut in [0, 6, 20, file.count - 1] {
            #expect(throws: BinaryDecodingError.self) { try ProofFile<KZGParameters>(serialized: Array(file.prefix(cut))) }
        }
        #expect(throws: (any Error).self) { try VerifyingKey<KZGParameters>(serialized: vkBytes + [0]) }
        #expect(throws: BinaryDecodingError.self) { try ProofFile<KZGParameters>(serialized: file + [0]) }
        var badMagic = vkBytes
        badMagic[0] ^= 0x20
        #expect(throws: BinaryDecodingError.badMagic(expected: "zkml verifying key")) {
            try VerifyingKey<KZGParameters>(serialized: badMagic)
        }
        var badVersion = file
        badVersion[6] = 99
        #expect(throws: BinaryDecodingError.unsupportedVersion(99)) { try ProofFile<KZGParameters>(serialized: badVersion) }
        // An IPA file is not a KZG file.
        #expect(throws: (any Error).self) { try VerifyingKey<IPAParameters>(serialized: vkBytes) }
    }

    @Test("a verifying key with a point off the curve or a non-canonical scalar is refused")
    func invalidElements() throws {
        let (pk, proof, _) = try keysAndProof()
        let bytes = pk.vk.serialized()
        // The last σ commitment ends where the verifier parameters (a length and their bytes) begin; replace it by
        // an x with no point (x³ + 3 not a square), then by x ≥ q.
        let end = bytes.count - 8 - KZGVerifierParameters.serializedByteCount
        var offCurve = bytes
        var x = UInt64(1)
        while (BN254Fq(word: x).squared() * BN254Fq(word: x) + BN254Fq(word: 3)).squareRoot() != nil { x += 1 }
        offCurve.replaceSubrange((end - 32)..<end, with: BN254Fq(word: x).bytes)
        #expect(throws: (any Error).self) { try VerifyingKey<KZGParameters>(serialized: offCurve) }
        var nonCanonical = bytes
        nonCanonical.replaceSubrange((end - 32)..<end, with: [UInt8](repeating: 0xff, count: 31) + [0x3f])
        #expect(throws: (any Error).self) { try VerifyingKey<KZGParameters>(serialized: nonCanonical) }
        // A scalar in the proof replaced by a value ≥ r is refused by the proof reader.
        var badScalar = proof
        badScalar.replaceSubrange((proof.count - 96)..<(proof.count - 64), with: [UInt8](repeating: 0xff, count: 32))
        #expect(throws: (any Error).self) {
            try Verifier.verify(verifier: TestParameters.kzg.verifier, vk: pk.vk, instances: [], proof: badScalar)
        }
    }
}
