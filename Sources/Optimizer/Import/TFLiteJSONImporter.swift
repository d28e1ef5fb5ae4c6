import Foundation

/// Imports `model.tflite.json`, flatc's `--json --strict-json --defaults-json` rendering of a TFLite model
/// (format: shared/corpus/README.md). Enums may be printed as names or, for values the schema printer does not
/// know, as integers; every field is optional with the schema's default.
public enum TFLiteJSONImporter {
    public static func load(url: URL) throws -> Graph {
        let data = try ModelFile.read(url)
        return try graph(fromJSON: [UInt8](data), fileName: url.lastPathComponent)
    }

    public static func graph(fromJSON bytes: [UInt8], fileName: String = "model.tflite.json") throws -> Graph {
        try ModelImportError.naming(fileName) {
            let root = DocumentNode(try JSONDocumentParser.parse(bytes))
            return try TFLiteGraphBuilder.graph(from: try record(root))
        }
    }

    static func record(_ root: DocumentNode) throws -> TFLiteModelRecord {
        let operatorCodes = try (try root.member("operator_codes")?.elements() ?? []).map(operatorCode)
        guard let subgraph = try root.required("subgraphs").elements().first else {
            throw root.error("the model has no subgraphs")
        }
        let tensors = try (try subgraph.member("tensors")?.elements() ?? []).map { node in
            TFLiteTensorRecord(
                name: try node.member("name")?.string() ?? "",
                shape: try node.member("shape")?.ints() ?? [],
                typeCode: try enumValue(node.member("type"), cases: TFLiteSchema.tensorTypeNames),
                buffer: try node.member("buffer")?.int() ?? 0)
        }
        let operators = try (try subgraph.member("operators")?.elements() ?? []).map { node in
            TFLiteOperatorRecord(
                opcodeIndex: try node.member("opcode_index")?.int() ?? 0,
                inputs: try node.member("inputs")?.ints() ?? [],
                outputs: try node.member("outputs")?.ints() ?? [],
                options: try options(of: node))
        }
        let buffers = try (try root.member("buffers")?.elements() ?? []).map { node in
            if let offset = try node.member("offset")?.int(), offset > 1 {
                throw node.error("buffer data outside the FlatBuffer (offset \(offset)) cannot be read from JSON")
            }
            return try node.member("data")?.byteArray() ?? []
        }
        return TFLiteModelRecord(operatorCodes: operatorCodes, tensors: tensors, operators: operators,
                                 inputs: try subgraph.member("inputs")?.ints() ?? [],
                                 outputs: try subgraph.member("outputs")?.ints() ?? [], buffers: buffers)
    }

    /// The larger of `builtin_code` and `deprecated_builtin_code` (codes above 127 leave 127 in the old field).
    private static func operatorCode(_ node: DocumentNode) throws -> Int {
        let builtin = try enumValue(node.member("builtin_code"), cases: TFLiteSchema.operatorNames)
        let deprecated = try node.member("deprecated_builtin_code")?.int() ?? 0
        return max(builtin, deprecated)
    }

    /// An enum printed by name (or as an integer when flatc did not know the value); absent means 0.
    static func enumValue(_ node: DocumentNode?, cases: [String]) throws -> Int {
        guard let node else { return 0 }
        if case .string(let name) = node.value {
            guard let value = cases.firstIndex(of: name) else { throw node.error("unknown enum value \(name)") }
            return value
        }
        return try node.int()
    }

    private static func options(of operatorNode: DocumentNode) throws -> (any TFLiteOptionsReader)? {
        guard let typeNode = try operatorNode.member("builtin_options_type") else { return nil }
        let typeName = try typeNode.string()
        guard typeName != "NONE" else { return nil }
        let table = try operatorNode.member("builtin_options")
            ?? DocumentNode(.object([:]), path: "\(operatorNode.path).builtin_options")
        return JSONOptions(tableName: typeName, node: table)
    }
}

/// An options table as flatc prints it: a map from field names to values.
private struct JSONOptions: TFLiteOptionsReader {
    let tableName: String
    let node: DocumentNode

    func isTable(_ table: TFLiteOptionsTable) -> Bool { table.name == tableName }

    func int32(_ field: String, slot: Int, default value: Int) throws -> Int {
        try node.member(field)?.int() ?? value
    }

    func bool(_ field: String, slot: Int, default value: Bool) throws -> Bool {
        try node.member(field)?.bool() ?? value
    }

    func float32(_ field: String, slot: Int, default value: Float) throws -> Float {
        guard let number = try node.member(field)?.double() else { return value }
        return Float(number)
    }

    func byteEnum(_ field: String, slot: Int, cases: [String], default value: Int) throws -> Int {
        guard let member = try node.member(field) else { return value }
        return try TFLiteJSONImporter.enumValue(member, cases: cases)
    }
}
