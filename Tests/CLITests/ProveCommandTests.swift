import Foundation
import Testing

/// optimize → setup → prove → verify on the corpus MLP, as a user runs them; verification from the three files
/// alone, and rejection of a changed public value.
struct ProveCommandTests {
    @Test("optimize, setup, prove and verify digits-mlp with KZG; vk, proof and public values alone verify")
    func endToEnd() throws {
        let scratch = try CLIScratch()
        let corpus = RunCommandTests.fixtures.appendingPathComponent("corpus/digits-mlp")
        // The plan refers to the model by a path relative to itself: copy the model beside it.
        try FileManager.default.copyItem(at: corpus.appendingPathComponent("model.tflite.json"),
                                         to: scratch.url.appendingPathComponent("model.tflite.json"))
        let input = corpus.appendingPathComponent("input-0.json").path

        let optimize = try BenchCommandTests.run(["optimize", scratch.path("model.tflite.json"), "-o", scratch.path("plan.json"),
                                                  "--scale", "5", "--calibration", input, "--columns", "10", "--json"])
        #expect(optimize.status == 0, "\(optimize.stderr)")
        let plan = try CLIOutput.json(optimize)
        let k = try #require(plan["k"] as? Int)
        #expect((10...14).contains(k) && plan["columns"] as? Int == 10)

        let setup = try BenchCommandTests.run(["setup", scratch.path("plan.json"), "--keys", scratch.path("keys"), "--quiet"])
        #expect(setup.status == 0, "\(setup.stderr)")

        let prove = try BenchCommandTests.run(["prove", scratch.path("plan.json"), "--input", input, "--keys",
                                               scratch.path("keys"), "-o", scratch.path("proof.bin"),
                                               "--public", scratch.path("public.json"), "--json"])
        #expect(prove.status == 0, "\(prove.stderr)")
        let proved = try CLIOutput.json(prove)
        let outputs = try #require((proved["outputs"] as? [[Double]])?.first)
        // TFLite's output-0.json: class 7 with probability 0.997.
        #expect(outputs.indices.max { outputs[$0] < outputs[$1] } == 7)
        #expect(abs(outputs[7] - 0.997) < 0.05)

        // Proof and public values are written together: when the public values cannot be written (their
        // directory would be a file), no proof appears either, and no temporary file stays behind.
        let blocked = try BenchCommandTests.run(["prove", scratch.path("plan.json"), "--input", input, "--keys",
                                                 scratch.path("keys"), "-o", scratch.path("second.bin"),
                                                 "--public", scratch.path("proof.bin") + "/public.json"])
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("cannot write \(scratch.path("proof.bin"))/public.json"), "\(blocked.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("second.bin")))
        let entries = try scratch.entries()
        #expect(entries.allSatisfy { !$0.hasSuffix(".tmp") }, "\(entries)")

        // Another directory with only the verifier's three files.
        let elsewhere = try CLIScratch()
        for name in ["proof.bin", "public.json"] {
            try FileManager.default.copyItem(atPath: scratch.path(name), toPath: elsewhere.path(name))
        }
        try FileManager.default.copyItem(atPath: scratch.path("keys/vk.bin"), toPath: elsewhere.path("vk.bin"))
        let verify = try BenchCommandTests.run(["verify", "--vk", elsewhere.path("vk.bin"), "--proof",
                                                elsewhere.path("proof.bin"), "--public", elsewhere.path("public.json"),
                                                "--json", "--allow-insecure"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(try CLIOutput.json(verify)["accepted"] as? Bool == true)
        #expect(try CLIOutput.json(verify)["insecure_parameters"] as? Bool == true)

        // The same output integer one higher, its value kept consistent: the proof no longer fits.
        let publicURL = URL(fileURLWithPath: elsewhere.path("public.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: publicURL)) as? [String: Any])
        var first = try #require((object["outputs"] as? [[String: Any]])?.first)
        var integers = try #require(first["integers"] as? [Int])
        var values = try #require(first["values"] as? [Double])
        integers[3] += 1
        values[3] = Double(integers[3]) / 32
        first["integers"] = integers
        first["values"] = values
        object["outputs"] = [first]
        try JSONSerialization.data(withJSONObject: object).write(to: publicURL)
        let rejected = try BenchCommandTests.run(["verify", "--vk", elsewhere.path("vk.bin"), "--proof",
                                                  elsewhere.path("proof.bin"), "--public", elsewhere.path("public.json"),
                                                  "--allow-insecure"])
        #expect(rejected.status == 1, "\(rejected.stdout) \(rejected.stderr)")

        let missing = try BenchCommandTests.run(["verify", "--vk", elsewhere.path("nothing.bin"), "--proof",
                                                 elsewhere.path("proof.bin"), "--public", elsewhere.path("public.json")])
        #expect(missing.status == 2)
    }
}
