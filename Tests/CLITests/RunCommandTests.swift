import Foundation
import Testing

/// `zkml run` as a user runs it, on the corpus files.
struct RunCommandTests {
    static var fixtures: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("OptimizerTests/Fixtures")
    }

    @Test("run --json prints float and quantized outputs of the corpus MLP side by side")
    func json() throws {
        let model = Self.fixtures.appendingPathComponent("corpus/digits-mlp/model.tflite.json").path
        let input = Self.fixtures.appendingPathComponent("corpus/digits-mlp/input-0.json").path
        let result = try BenchCommandTests.run(["run", model, "--input", input, "--scale", "12", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let float = try #require(object["float"] as? [Double])
        let quantized = try #require(object["quantized"] as? [Double])
        #expect(float.count == 10 && quantized.count == 10)
        // TFLite's output-0.json: class 7 with probability 0.99717075.
        #expect(abs(float[7] - 0.99717075) < 1e-4)
        #expect(object["scale"] as? Int == 12)
        #expect(object["argmax_agree"] as? Bool == true)
        let difference = try #require(object["max_abs_diff"] as? Double)
        let largest = zip(float, quantized).map { abs($0 - $1) }.max() ?? -1
        #expect(abs(difference - largest) < 1e-6 && difference < 0.05)
    }

    @Test("the paper's MNIST runs from model.msgpack and inp.msgpack at the file's scale")
    func msgpack() throws {
        let model = Self.fixtures.appendingPathComponent("zkml/mnist/model.msgpack").path
        let input = Self.fixtures.appendingPathComponent("zkml/mnist/inp.msgpack").path
        let result = try BenchCommandTests.run(["run", model, "--input", input, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["scale"] as? Int == 9)
        let quantized = try #require(object["quantized"] as? [Double])
        #expect(quantized.indices.max { quantized[$0] < quantized[$1] } == 5)
        #expect(object["argmax_agree"] as? Bool == true)
    }

    @Test("a wrong input shape or a bad scale exits with 2 and one line naming the problem")
    func errors() throws {
        let model = Self.fixtures.appendingPathComponent("corpus/digits-cnn/model.tflite.json").path
        let input = Self.fixtures.appendingPathComponent("corpus/digits-mlp/input-0.json").path
        let shape = try BenchCommandTests.run(["run", model, "--input", input])
        #expect(shape.status == 2)
        #expect(shape.stderr.contains("has shape [1, 64], the model expects [1, 8, 8, 1]"), "\(shape.stderr)")
        #expect(shape.stderr.split(separator: "\n").count == 1)
        let scale = try BenchCommandTests.run(["run", model, "--input", input, "--scale", "99"])
        #expect(scale.status == 2 && scale.stderr.contains("--scale"))
    }
}
