import ArgumentParser
import Foundation
import Optimizer

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a model file: its operators, parameter count and input and output shapes.",
        discussion: """
            MODEL is a TFLite model (*.tflite), its flatc JSON rendering (*.tflite.json) or a ZKML paper msgpack \
            file (model.msgpack with weights, config.msgpack without).
            """
    )

    @Argument(help: "The model file.")
    var model: String

    @Flag(help: "Print one JSON object on stdout instead of a table.")
    var json = false

    func run() throws {
        let url = URL(fileURLWithPath: model)
        let graph = try ModelImporter.load(url: url)
        let report = ModelInspectionReport(file: url.lastPathComponent, graph: graph)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }
}

struct ModelInspectionReport: Encodable {
    let file: String
    let format: String
    let operators: [String: Int]
    let operations: Int
    let params: Int
    /// False for shape-only files (`config.msgpack`): constants have shapes but no values.
    let hasWeights: Bool
    let tensors: Int
    let inputs: [[Int]]
    let outputs: [[Int]]
    let scaleBits: Int?

    enum CodingKeys: String, CodingKey {
        case file, format, operators, operations, params, tensors, inputs, outputs
        case hasWeights = "has_weights", scaleBits = "scale_bits"
    }

    init(file: String, graph: Graph) {
        let summary = ModelSummary(graph)
        self.file = file
        format = ModelImporter.format(of: URL(fileURLWithPath: file))?.rawValue ?? "unknown"
        operators = summary.operatorCounts
        operations = summary.operationCount
        params = summary.parameterCount
        hasWeights = graph.tensors.allSatisfy { !$0.isConstant || $0.data != nil }
        tensors = summary.tensorCount
        inputs = summary.inputShapes
        outputs = summary.outputShapes
        scaleBits = summary.fixedPointScaleBits
    }

    var table: String {
        func shapes(_ list: [[Int]]) -> String {
            list.isEmpty ? "none" : list.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }
                .joined(separator: "  ")
        }
        var lines = [
            "model       \(file) (\(format)\(scaleBits.map { ", fixed point 2^\($0)" } ?? ""))",
            "inputs      \(shapes(inputs))",
            "outputs     \(shapes(outputs))",
            "params      \(params)\(hasWeights ? "" : " (shapes only: the file holds no weights)")",
            "tensors     \(tensors)",
            "operations  \(operations)",
            "",
            "operator                   count",
        ]
        for (name, count) in operators.sorted(by: { ($1.value, $0.key) < ($0.value, $1.key) }) {
            lines.append(name.padding(toLength: 24, withPad: " ", startingAt: 0)
                         + String(count).leftPadded(to: 8))
        }
        return lines.joined(separator: "\n")
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
