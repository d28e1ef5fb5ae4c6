import Foundation
import Plonkish
import Testing

/// `zkml inspect` on the protocol's files: keys and proofs made here with Plonkish, then read back by the CLI.
struct InspectKeyFilesTests {
    struct Files {
        let vk: String, pk: String, proof: String
        let digest: String
        let fixedCount: Int, equalityCount: Int
        let proofBytes: Int
    }

    static func hex<F: PrimeField>(_ value: F) -> String {
        "0x" + value.bytes.reversed().map { String(format: "%02x", $0) }.joined()
    }

    static func write<S: CommitmentScheme>(_ params: S, into scratch: borrowing CLIScratch) throws -> Files {
        let circuit = BenchmarkCircuit<S.Scalar>(k: params.k, columns: 4)
        let pk = try Keygen.provingKey(params: params, circuit: circuit, k: params.k)
        let proof = try Prover.prove(provingKey: pk, circuit: circuit, instances: [])
        let files = Files(vk: scratch.path("\(S.name).vk"), pk: scratch.path("\(S.name).pk"),
                          proof: scratch.path("\(S.name).proof"), digest: hex(pk.vk.digest),
                          fixedCount: pk.vk.fixedCommitments.count,
                          equalityCount: pk.vk.permutationCommitments.count, proofBytes: proof.count)
        try Data(pk.vk.serialized()).write(to: URL(fileURLWithPath: files.vk))
        try Data(pk.serialized()).write(to: URL(fileURLWithPath: files.pk))
        try Data(ProofFile<S>(verifyingKeyDigest: pk.vk.digest, proof: proof).serialized())
            .write(to: URL(fileURLWithPath: files.proof))
        return files
    }

    @Test("verifying keys, proving keys and proofs report scheme, k, counts and the key digest")
    func keysAndProofs() throws {
        let scratch = try CLIScratch()
        for (scheme, files) in [
            ("kzg", try Self.write(KZGParameters(insecureSeed: Array("inspect".utf8), k: 5), into: scratch)),
            ("ipa", try Self.write(IPAParameters(k: 5), into: scratch)),
        ] {
            // The benchmark circuit: 4 advice columns, all in the permutation, one selector and one table column.
            #expect(files.equalityCount == 4)
            for (path, kind) in [(files.vk, "verifying_key"), (files.pk, "proving_key")] {
                let result = try BenchCommandTests.run(["inspect", path, "--json"])
                #expect(result.status == 0, "\(result.stderr)")
                let object = try CLIOutput.json(result)
                #expect(object["kind"] as? String == kind)
                #expect(object["scheme"] as? String == scheme)
                #expect(object["k"] as? Int == 5)
                #expect(object["rows"] as? Int == 32)
                #expect(object["advice_columns"] as? Int == 4)
                #expect(object["equality_columns"] as? Int == 4)
                #expect(object["lookups"] as? Int == 1)
                #expect(object["fixed_commitments"] as? Int == files.fixedCount)
                #expect(object["permutation_commitments"] as? Int == 4)
                #expect(object["vk_digest"] as? String == files.digest)
            }
            let proof = try CLIOutput.json(try BenchCommandTests.run(["inspect", files.proof, "--json"]))
            #expect(proof["kind"] as? String == "proof")
            #expect(proof["scheme"] as? String == scheme)
            #expect(proof["vk_digest"] as? String == files.digest)
            #expect(proof["proof_bytes"] as? Int == files.proofBytes)

            let table = try BenchCommandTests.run(["inspect", files.vk])
            #expect(table.status == 0 && table.stdout.contains("vk digest") && table.stdout.contains(files.digest))
        }
    }

    @Test("damaged key and proof files exit 2 with one line naming the file and the byte")
    func damaged() throws {
        let scratch = try CLIScratch()
        let files = try Self.write(KZGParameters(insecureSeed: Array("inspect".utf8), k: 5), into: scratch)
        var vk = [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.vk)))
        // The last permutation commitment's x (before the verifier parameters: a length and their bytes), all
        // ones: above the field modulus whatever the flag bits say.
        let end = vk.count - 8 - KZGVerifierParameters.serializedByteCount
        for i in (end - 32)..<end { vk[i] = 0xff }
        try Data(vk).write(to: URL(fileURLWithPath: scratch.path("bad.vk")))
        let pk = [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.pk)))
        try Data(pk.dropLast(7)).write(to: URL(fileURLWithPath: scratch.path("short.pk")))
        // One stored σ value off by one (its low byte; scalars are little-endian): still canonical, but the
        // columns no longer match the digest that ends the file.
        var changed = pk
        changed[pk.count - 32 - 3 * 32] ^= 1
        try Data(changed).write(to: URL(fileURLWithPath: scratch.path("changed.pk")))
        var proof = [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.proof)))
        proof[7] = 0x7f
        try Data(proof).write(to: URL(fileURLWithPath: scratch.path("bad.proof")))
        try Data("ZKMLVK?".utf8).write(to: URL(fileURLWithPath: scratch.path("version.vk")))
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: scratch.path("noise.bin")))

        let cases: [(String, String)] = [
            ("bad.vk", "bad.vk: invalid curve point at byte"),
            ("short.pk", "short.pk: truncated at byte"),
            ("changed.pk",
             "changed.pk: malformed key: the proving key's columns do not match their digest at byte \(pk.count - 32)"),
            ("bad.proof", "bad.proof: count 127 exceeds the limit 16 at byte 7"),
            ("version.vk", "version.vk: unsupported format version 63"),
            ("noise.bin", "noise.bin: not a zkml file"),
        ]
        for (name, message) in cases {
            let result = try BenchCommandTests.run(["inspect", scratch.path(name), "--json"])
            #expect(result.status == 2, "\(name)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(message),
                    "\(name): \(result.stderr)")
        }
    }
}
