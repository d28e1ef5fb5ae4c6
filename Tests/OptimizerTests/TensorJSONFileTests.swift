import Foundation
import Testing
@testable import Optimizer

@Suite("Tensor JSON files")
struct TensorJSONFileTests {
    static let graph = Graph(
        tensors: [Tensor(name: "pixels", shape: [1, 2, 2], elementType: .float32),
                  Tensor(name: "logits", shape: [1, 2], elementType: .float32)],
        operations: [], inputs: [0], outputs: [1])

    static func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("zkml-tensor-\(UUID().uuidString).json")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("nested lists become a shape and row-major floats")
    func reads() throws {
        let url = try Self.file(#"{"input": [[[1, 2.5], [-3, 4e-3]]]}"#)
        defer { try? FileManager.default.removeItem(at: url) }
        let inputs = try TensorJSONFile.readInputs(from: url, for: Self.graph)
        #expect(inputs == [DenseTensor(shape: [1, 2, 2], scalars: [1, 2.5, -3, 0.004])])
    }

    @Test("errors are one line naming the position, the tensor and the shapes",
          arguments: [
            (#"{"input": [[[1, 2], [3, "x"]]]}"#, #"is not a number: "x""#, "input[0][1][1]"),
            (#"{"input": [[[1, 2], [3, null]]]}"#, "is not a number: null", "input[0][1][1]"),
            (#"{"input": [[[1, true], [3, 4]]]}"#, "is not a number: true", "input[0][0][1]"),
            (#"{"input": [[1, 2, 3, 4]]}"#, "tensor 'pixels' has shape [1, 4], the model expects [1, 2, 2]", ""),
            (#"{"input": [[[1, 2], [3]]]}"#, "does not match the shape of its siblings", "input[0][1]"),
            (#"{"data": [1]}"#, #"no "input" key"#, ""),
            ("[1, 2", "not a JSON object", ""),
          ])
    func errors(text: String, message: String, position: String) throws {
        let url = try Self.file(text)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try TensorJSONFile.readInputs(from: url, for: Self.graph)
            Issue.record("accepted \(text)")
        } catch {
            let description = "\(error)"
            #expect(description.contains(message), "\(description)")
            #expect(position.isEmpty || description.contains(position), "\(description)")
            #expect(description.hasPrefix(url.lastPathComponent))
            #expect(!description.contains("\n"))
        }
    }
}
