import Foundation
import Testing
@testable import Optimizer

@Suite("TFLite FlatBuffer importer")
struct TFLiteBinaryImporterTests {
    @Test("every corpus model's FlatBuffer gives the graph its flatc JSON rendering gives",
          arguments: ImportFixtures.corpusModels)
    func sameAsJSON(model: String) throws {
        let binary = try TFLiteBinaryImporter.load(url: try ImportFixtures.url("corpus/\(model)/model.tflite"))
        let json = try TFLiteJSONImporter.load(url: try ImportFixtures.url("corpus/\(model)/model.tflite.json"))
        #expect(binary == json)
        let manifest = try ImportFixtures.manifest(model)
        #expect(binary.operations.map(\.op.name) == manifest["operator_sequence"] as? [String])
    }

    @Test("the paper's MNIST model.tflite imports through ModelImporter")
    func paperMNIST() throws {
        let graph = try ModelImporter.load(url: try ImportFixtures.url("zkml/mnist/model.tflite"))
        let summary = ModelSummary(graph)
        #expect(summary.inputShapes == [[1, 28, 28, 1]] && summary.outputShapes == [[1, 10]])
        #expect(summary.operatorCounts == ["CONV_2D": 6, "AVERAGE_POOL_2D": 2, "MUL": 4, "ADD": 4, "RESHAPE": 1,
                                           "SOFTMAX": 1])
        #expect(summary.parameterCount == 6744)
    }

    @Test("every truncation of a model throws an error naming a byte offset, never traps")
    func truncated() throws {
        let bytes = try ImportFixtures.bytes("corpus/digits-cnn/model.tflite")
        // The last bytes hold metadata the importer does not read; everything before them is needed.
        for length in stride(from: 0, to: bytes.count - 200, by: 37) {
            let message = ImportFixtures.importError {
                try TFLiteBinaryImporter.graph(fromFlatBuffer: Array(bytes.prefix(length)))
            }
            #expect(message?.hasPrefix("model.tflite: byte ") == true, "length \(length): \(message ?? "no error")")
        }
    }

    @Test("corrupted bytes give an import error or a graph, never a trap")
    func corrupted() throws {
        let bytes = try ImportFixtures.bytes("corpus/digits-cnn/model.tflite")
        var errors = 0
        for position in stride(from: 0, to: bytes.count, by: 7) {
            for value: UInt8 in [0xFF, 0x7F] {
                var broken = bytes
                broken[position] = value
                do {
                    _ = try TFLiteBinaryImporter.graph(fromFlatBuffer: broken)
                } catch let error as ModelImportError {
                    errors += 1
                    #expect(!error.description.contains("\n"))
                }
            }
        }
        #expect(errors > 100)
    }

    @Test("an unknown operator is reported with its op index and name")
    func unknownOperator() throws {
        var bytes = try ImportFixtures.bytes("corpus/digits-mlp/model.tflite")
        // Point operator code 1 (SOFTMAX, used by op 2) at WHILE (119) in both of its code fields.
        let reader = FlatBufferReader(bytes)
        let codes = try #require(try reader.rootTable().vector(1, elementSize: 4, "operator_codes"))
        let softmax = try codes.table(1, "operator code")
        let deprecated = try #require(try softmax.fieldPosition(0, size: 1))
        let builtin = try #require(try softmax.fieldPosition(3, size: 4))
        #expect(bytes[deprecated] == 25 && bytes[builtin] == 25)
        bytes[deprecated] = 119
        bytes[builtin] = 119
        #expect(ImportFixtures.importError { try TFLiteBinaryImporter.graph(fromFlatBuffer: bytes) }
                == "model.tflite: op 2 (WHILE): operator not supported")
    }

    @Test("a file that is not a TFLite FlatBuffer is rejected at its identifier")
    func notTFLite() throws {
        let json = try ImportFixtures.bytes("corpus/digits-mlp/model.tflite.json")
        #expect(ImportFixtures.importError { try TFLiteBinaryImporter.graph(fromFlatBuffer: json) }
                == "model.tflite: byte 4: not a TFLite model (file identifier '\"ver', expected 'TFL3')")
    }
}
