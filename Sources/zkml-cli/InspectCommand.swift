import ArgumentParser
import Foundation
import Optimizer

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe any zkml file: a model, its inputs, a plan, a key, a proof, public values or KZG parameters.",
        discussion: """
            The kind is read from the file itself (the magic header of keys, proofs and snarkjs .ptau files, the \
            size a KZG parameters file's k implies) or else from its name: *.tflite, *.tflite.json and the ZKML \
            paper's *.msgpack models (model.msgpack with weights, config.msgpack without, inp.msgpack inputs), \
            *.srs and *.params parameters, and JSON objects with the fields of a plan (plan.json: settings, whether the model still has \
            the digest the plan records, and then the counted layout: rows by gadget, lookups by table, table \
            sizes) or of public values (public.json: outputs, shapes, whether the file agrees with itself). \
            Every file is fully decoded and checked as the commands that use it would, but for a .ptau file, which \
            may hold hundreds of gigabytes: its structure and first powers are checked, and it is not hashed. A \
            file of no known kind, or one that fails to decode, ends in one line on stderr and exit code 2.

            Examples:
              zkml inspect model.tflite        operators, parameters and shapes
              zkml inspect vk.bin --json       scheme, k, columns, commitments, digest
              zkml inspect plan.json           k, columns, scale, model digest check, rows by gadget
              zkml inspect kzg_bn254_17.srs    k, digest, insecure or not
              zkml inspect pot.ptau            power, ceremony power, contributions, insecure or not
            """
    )

    @Argument(help: ArgumentHelp("The file to describe.", valueName: "file"))
    var file: String

    @Flag(help: "Print one JSON object on stdout instead of a table.")
    var json = false

    func run() throws {
        let report = try FileInspector.report(path: file)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }
}

struct ModelInspectionReport: InspectionReport {
    let kind = ZKMLFileKind.model(.tflite).name
    let file: String
    let bytes: Int
    let blake2b: String
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
        case kind, file, bytes, blake2b, format, operators, operations, params, tensors, inputs, outputs
        case hasWeights = "has_weights", scaleBits = "scale_bits"
    }

    init(file: String, format: ModelImporter.Format, graph: Graph, bytes: [UInt8]) {
        let summary = ModelSummary(graph)
        self.file = file
        self.bytes = bytes.count
        blake2b = FileDigest.blake2b256(bytes)
        self.format = format.rawValue
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
            "bytes       \(bytes)",
            "blake2b     \(blake2b)",
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
