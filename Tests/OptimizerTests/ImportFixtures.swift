import Foundation
@testable import Optimizer

/// The corpus and the paper's files under Tests/OptimizerTests/Fixtures, and the corpus manifest's facts.
enum ImportFixtures {
    static let corpusModels = ["digits-mlp", "digits-cnn", "depthwise", "attention-toy", "misc-ops", "zkml-mnist"]

    static var root: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw CocoaError(.fileNoSuchFile)
            }
            return url
        }
    }

    static func url(_ relativePath: String) throws -> URL {
        try root.appendingPathComponent(relativePath)
    }

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: try url(relativePath)))
    }

    /// The paper MNIST's inputs (inp.msgpack), already fixed point, in `graph`'s input order.
    static func paperMNISTInputs(for graph: Graph) throws -> [DenseTensor<Int64>] {
        let inputs = try ZKMLMsgpackImporter.inputs(url: try url("zkml/mnist/inp.msgpack"))
        let byName = Dictionary(uniqueKeysWithValues: inputs.map { ($0.name, $0) })
        return try graph.inputs.map { index -> DenseTensor<Int64> in
            guard let tensor = byName[graph.tensors[index].name], case .integer(let values)? = tensor.data else {
                throw CocoaError(.fileReadCorruptFile)
            }
            return DenseTensor(shape: graph.tensors[index].shape, scalars: values)
        }
    }

    /// The manifest entry of one corpus model.
    static func manifest(_ model: String) throws -> [String: Any] {
        let data = try Data(contentsOf: try url("corpus/manifest.json"))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let models = object?["models"] as? [[String: Any]] ?? []
        guard let entry = models.first(where: { $0["name"] as? String == model }) else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return entry
    }

    /// The description of the import error `body` throws, or nil when it throws none or another kind.
    static func importError(_ body: () throws -> Graph) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as ModelImportError {
            return error.description
        } catch {
            return nil
        }
    }
}
