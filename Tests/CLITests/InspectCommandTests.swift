import Foundation
import Testing

/// `zkml inspect` run as a user would, on the optimizer's fixture models.
struct InspectCommandTests {
    static func fixture(_ relativePath: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("OptimizerTests/Fixtures").appendingPathComponent(relativePath).path
    }

    static func inspectJSON(_ relativePath: String) throws -> [String: Any] {
        let result = try BenchCommandTests.run(["inspect", fixture(relativePath), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("inspect --json reports a TFLite model's operators, parameters and shapes")
    func tflite() throws {
        let object = try Self.inspectJSON("corpus/digits-cnn/model.tflite")
        #expect(object["operators"] as? [String: Int] == [
            "CONV_2D": 2, "AVERAGE_POOL_2D": 1, "MAX_POOL_2D": 1, "FULLY_CONNECTED": 1, "SOFTMAX": 1,
        ])
        #expect(object["params"] as? Int == 426)
        #expect(object["inputs"] as? [[Int]] == [[1, 8, 8, 1]])
        #expect(object["outputs"] as? [[Int]] == [[1, 10]])
        #expect(object["has_weights"] as? Bool == true)
    }

    @Test("inspect --json reads the paper's shape-only configs", arguments: [
        ("gpt-2", [[1, 64, 50257]]), ("clip", [[1, 77, 768]]), ("twitter", [[1, 10]]),
    ])
    func configs(name: String, outputs: [[Int]]) throws {
        let object = try Self.inspectJSON("zkml/\(name)/config.msgpack")
        #expect(object["outputs"] as? [[Int]] == outputs)
        #expect(object["has_weights"] as? Bool == false)
        #expect((object["params"] as? Int).map { $0 > 1_000_000 } == true)
        #expect((object["operators"] as? [String: Int])?["FULLY_CONNECTED"].map { $0 > 0 } == true)
    }

    @Test("the human table lists operators; bad files exit 2 with one line on stderr")
    func tableAndErrors() throws {
        let table = try BenchCommandTests.run(["inspect", Self.fixture("zkml/mnist/model.msgpack")])
        #expect(table.status == 0)
        #expect(table.stdout.contains("CONV_2D") && table.stdout.contains("fixed point 2^9"))

        let missing = try BenchCommandTests.run(["inspect", "/nonexistent/model.tflite"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("model.tflite") && missing.stderr.split(separator: "\n").count == 1)

        let wrongKind = try BenchCommandTests.run(["inspect", Self.fixture("corpus/manifest.json")])
        #expect(wrongKind.status == 2 && wrongKind.stderr.contains("manifest.json: not a zkml file"))
        #expect(wrongKind.stdout.isEmpty && wrongKind.stderr.split(separator: "\n").count == 1)
    }

    @Test("inspect --json reads the paper's input files: tensor shapes and value counts")
    func inputs() throws {
        let object = try Self.inspectJSON("zkml/mnist/inp.msgpack")
        #expect(object["kind"] as? String == "model_inputs")
        #expect(object["inputs"] as? [[Int]] == [[1, 28, 28, 1]])
        #expect(object["values"] as? Int == 784)
    }

    @Test("a TFLite FlatBuffer is recognised by its identifier whatever its name")
    func flatBufferByContent() throws {
        let scratch = try CLIScratch()
        let renamed = scratch.path("weights.bin")
        try FileManager.default.copyItem(atPath: Self.fixture("corpus/digits-cnn/model.tflite"), toPath: renamed)
        let result = try BenchCommandTests.run(["inspect", renamed, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLIOutput.json(result)["params"] as? Int == 426)
    }
}
