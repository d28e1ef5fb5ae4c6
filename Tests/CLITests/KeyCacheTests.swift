import Foundation
import Optimizer
import Plonkish
import Testing
@testable import zkml_cli

/// Several `zkml prove` processes on one plan and one empty key directory, and key directories that do not fit
/// the plan.
struct KeyCacheTests {
    @Test("three provers started together on an empty key directory all succeed; the cached keys verify their proofs")
    func concurrentProvers() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.plan(in: scratch)
        let processes = try (0..<3).map { index in
            let process = Process()
            process.executableURL = BenchCommandTests.executable
            process.arguments = files.proveArguments(proof: scratch.path("proof-\(index).bin"),
                                                     publicValues: scratch.path("public-\(index).json"))
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            return (process, err)
        }
        for (process, err) in processes {
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.keys).sorted()
                == ["keys.json", "pk.bin", "vk.bin"])
        #expect(try scratch.entries().filter { $0.hasSuffix(".tmp") } == [])

        // The cached pk.bin still loads against its own commitments, vk.bin is its key, and every proof verifies.
        let vkBytes = try files.bytes(files.vk)
        let pk = try ProvingKey<KZGParameters>(
            serialized: try files.bytes(files.keys + "/pk.bin"),
            params: KZGParameters(insecureSeed: Array(KZGParameters.developmentSeed.utf8), k: try VerifyingKey<KZGParameters>(serialized: vkBytes).k))
        #expect(pk.vk.serialized() == vkBytes)
        for index in 0..<3 {
            let verdict = try ProofCheck.verdict(vk: URL(fileURLWithPath: files.vk),
                                                 proof: URL(fileURLWithPath: scratch.path("proof-\(index).bin")),
                                                 publicValues: URL(fileURLWithPath: scratch.path("public-\(index).json")),
                                                 allowInsecure: true)
            #expect(verdict.accepted && verdict.insecureParameters, "proof \(index): \(verdict.reason ?? "")")
        }
    }

    @Test("keys made for another plan, or changed since setup, are refused with one line naming the problem")
    func mismatchedKeys() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let planURL = URL(fileURLWithPath: files.plan)
        let original = try Data(contentsOf: planURL)

        // Another table size: a circuit with other fixed columns, the same model.
        var plan = try ModelPlan.read(from: planURL)
        plan.tableSize += 2
        try Data(try plan.json()).write(to: planURL)
        let otherPlan = try BenchCommandTests.run(files.proveArguments(proof: scratch.path("other.bin"),
                                                                       publicValues: scratch.path("other.json")))
        #expect(otherPlan.status == 2)
        #expect(otherPlan.stderr.contains("another plan") && otherPlan.stderr.split(separator: "\n").count == 1,
                "\(otherPlan.stderr)")
        try original.write(to: planURL)

        let pkURL = URL(fileURLWithPath: files.keys + "/pk.bin")
        var pk = try files.bytes(pkURL.path)
        pk[pk.count / 2] ^= 0x01
        try Data(pk).write(to: pkURL)
        let changed = try BenchCommandTests.run(files.proveArguments(proof: scratch.path("other.bin"),
                                                                     publicValues: scratch.path("other.json")))
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("pk.bin: has changed since setup"), "\(changed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("other.bin")))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("other.json")))

        // setup makes the keys again, for this plan, and a prover accepts them (its check is the manifest's).
        let setup = try BenchCommandTests.run(["setup", files.plan, "--keys", files.keys, "--quiet"])
        #expect(setup.status == 0, "\(setup.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: files.keys).sorted()
                == ["keys.json", "pk.bin", "vk.bin"])
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: files.keys + "/keys.json")))
                as? [String: Any])
        #expect(manifest["pk_blake2b"] as? String == FileDigest.blake2b256(try files.bytes(pkURL.path)))
    }
}
