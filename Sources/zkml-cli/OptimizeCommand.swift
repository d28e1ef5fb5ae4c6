import ArgumentParser
import Foundation
import Optimizer

struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Plan a model's circuit: layout, table size, k and degree, written as plan.json.",
        discussion: """
            For now one fixed configuration: dot-product layers, lookup activations, --columns advice columns. \
            The scale is --scale, else the msgpack file's own, else the smallest 2^S (S in 4…16) at which the \
            fixed-point outputs stay within 0.05 of float with the same argmax on the --calibration inputs, else \
            2^8. The lookup tables cover four times the largest \
            value the model reaches on the --calibration inputs (without any, taken as 16 real units); k is the smallest \
            that holds the counted layout.

            Example: zkml optimize model.tflite --calibration input-0.json -o plan.json
            """
    )

    @Argument(help: "The model file (*.tflite, *.tflite.json or the paper's model.msgpack).")
    var model: String

    @Option(name: .shortAndLong, help: "Where to write the plan.")
    var output: String = "plan.json"

    @Option(help: "Commitment scheme: kzg (BN254) or ipa (Pasta).")
    var backend: Backend = .kzg

    @Option(help: "Fixed-point scale as a power of two (0…40).")
    var scale: Int?

    @Option(help: "Advice columns (3…64).")
    var columns: Int = ModelPlanner.defaultColumns

    @Option(parsing: .singleValue, help: "An input file ({\"input\": …}) to size the tables by; repeatable.")
    var calibration: [String] = []

    @Flag(help: "Print one JSON object on stdout instead of a summary.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let scale, !QuantizedInterpreter.scaleBitsRange.contains(scale) {
            throw ValidationError("--scale must be between 0 and 40")
        }
        guard (3...64).contains(columns) else { throw ValidationError("--columns must be between 3 and 64") }
    }

    func run() throws {
        let progress = global.apply()
        let modelURL = URL(fileURLWithPath: model)
        let graph = try ModelImporter.load(url: modelURL)
        let inputs = try calibration.map { try TensorJSONFile.readInputs(from: URL(fileURLWithPath: $0), for: graph) }
        let planURL = URL(fileURLWithPath: output)
        progress.say("counting the layout…")
        let plan = try ModelPlanner.fixedPlan(
            graph: graph, modelURL: modelURL, planURL: planURL,
            backend: backend == .kzg ? .kzg : .ipa, scaleBits: scale, columns: columns, calibration: inputs)
        try OutputFile.write(try plan.json(), to: planURL)
        let summary = PlanSummary(plan: planURL.path, backend: plan.backend.rawValue, columns: plan.columns, k: plan.k,
                                  rows: plan.estimatedRows, degree: plan.degree, scaleBits: plan.scaleBits,
                                  tableSize: plan.tableSize, lookups: plan.lookups)
        if json {
            print(try CommandJSON.string(summary))
        } else {
            print("plan \(planURL.path): \(plan.backend.rawValue), \(plan.columns) columns, k = \(plan.k) "
                  + "(\(plan.estimatedRows) rows), degree \(plan.degree), scale 2^\(plan.scaleBits), "
                  + "tables of \(plan.tableSize) rows, \(plan.lookups) lookups")
        }
    }
}

struct PlanSummary: Encodable {
    let plan: String
    let backend: String
    let columns: Int
    let k: Int
    let rows: Int
    let degree: Int
    let scaleBits: Int
    let tableSize: Int
    let lookups: Int

    enum CodingKeys: String, CodingKey {
        case plan, backend, columns, k, rows, degree, lookups
        case scaleBits = "scale_bits", tableSize = "table_size"
    }
}

/// One JSON object, keys sorted, slashes unescaped.
enum CommandJSON {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
