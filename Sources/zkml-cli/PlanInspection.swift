import Foundation
import Gadgets
import Optimizer
import Plonkish

/// What `zkml inspect` says about the JSON files the commands write: a plan (`zkml optimize`) and public values
/// (`zkml prove`).
enum PlanInspection {
    /// The plan's settings, whether its model is where it says with the digest it records, and, when it is, the
    /// counted layout: rows by gadget, lookups by table, table sizes.
    static func addPlan(_ bytes: [UInt8], location: URL?, to report: inout FileReport) throws {
        let plan = try decode(ModelPlan.self, bytes, kind: "a plan")
        report.add("version", plan.version)
        report.add("backend", plan.backend.rawValue)
        report.add("k", plan.k)
        report.add("rows", 1 << plan.k)
        report.add("estimated_rows", plan.estimatedRows)
        report.add("columns", plan.columns)
        report.add("degree", plan.degree)
        report.add("scale_bits", plan.scaleBits)
        report.add("table_size", plan.tableSize)
        report.add("lookups", plan.lookups)
        report.add("mat_mul", plan.choices.matMul.rawValue)
        report.add("activation", plan.choices.activation.rawValue)
        report.add("model", plan.model)
        report.add("model_digest", plan.modelDigest)
        guard let location else { return }
        let modelURL = plan.modelURL(relativeTo: location)
        report.add("model_file", modelURL.path)
        guard let modelBytes = try? Data(contentsOf: modelURL) else {
            report.add("model_found", false)
            return
        }
        report.add("model_found", true)
        let matches = ModelPlan.digest(of: Array(modelBytes)) == plan.modelDigest
        report.add("model_digest_matches", matches)
        guard matches else { return }
        let graph = try ModelImporter.load(url: modelURL)
        let statistics = try ModelCircuit<KZGParameters.Scalar>(graph: graph, plan: plan).count()
        report.add("layout_rows", statistics.requiredRows)
        report.add("advice_rows", statistics.rows)
        report.add("constants", statistics.constants)
        report.add("copies", statistics.copies)
        report.add("rows_by_gadget", counts: statistics.rowsByGadget)
        report.add("lookups_by_table", counts: statistics.lookupsByTable)
        report.add("table_sizes", counts: statistics.tableSizes)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], kind: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw FileError(file: "", reason: "not \(kind): \(describe(error))")
        }
    }

    /// The outputs a proof makes public, and whether the file agrees with itself (shapes hold the integers,
    /// values are the integers at the scale): what `zkml verify` checks before the proof.
    static func addPublicValues(_ bytes: [UInt8], to report: inout FileReport) throws {
        let values = try decode(PublicValues.self, bytes, kind: "public values")
        report.add("scale_bits", values.scaleBits)
        report.add("outputs", values.outputs.count)
        report.add("output_names", values.outputs.map(\.name).joined(separator: ", "))
        report.add("output_shapes", shapes: values.outputs.map(\.shape))
        report.add("public_integers", values.outputs.reduce(0) { $0 + $1.integers.count })
        report.add("consistent", values.inconsistency == nil)
        if let problem = values.inconsistency { report.add("problem", problem) }
    }

    /// A decoding error as the JSON path and what is wrong there.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, context):
            let path = (context.codingPath + [key]).map(\.stringValue).joined(separator: ".")
            return "missing field '\(path)'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            let reason = context.underlyingError.map { _ in "not valid JSON" } ?? context.debugDescription
            return path.isEmpty ? reason : "\(path): \(reason)"
        @unknown default:
            return "\(error)"
        }
    }
}
