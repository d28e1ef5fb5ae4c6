/// A TFLite model as both of its renderings (the FlatBuffer and flatc's JSON) describe it, before any
/// interpretation. Each reader fills one of these; `TFLiteGraphBuilder` turns it into a `Graph`, so the two
/// importers cannot disagree about what a model means.
struct TFLiteModelRecord {
    /// The real `BuiltinOperator` code of each `operator_codes` entry.
    var operatorCodes: [Int]
    var tensors: [TFLiteTensorRecord]
    var operators: [TFLiteOperatorRecord]
    var inputs: [Int]
    var outputs: [Int]
    /// Each buffer's bytes; empty for buffers without data (activations, the sentinel buffer 0).
    var buffers: [[UInt8]]
}

struct TFLiteTensorRecord {
    var name: String
    var shape: [Int]
    /// A `TensorType` code.
    var typeCode: Int
    var buffer: Int
}

struct TFLiteOperatorRecord {
    var opcodeIndex: Int
    /// Tensor indices, −1 for an omitted optional input.
    var inputs: [Int]
    var outputs: [Int]
    /// The `builtin_options` table, nil when the operator has none.
    var options: (any TFLiteOptionsReader)?
}

/// One operator's options table, read field by field; a field the table does not store reads as `default`
/// (the schema's default, passed by the caller). `slot` is the field's index in the schema's table declaration,
/// which is how the binary finds it; JSON finds it by name.
protocol TFLiteOptionsReader {
    /// The table's schema name, for messages.
    var tableName: String { get }
    func isTable(_ table: TFLiteOptionsTable) -> Bool
    func int32(_ field: String, slot: Int, default: Int) throws -> Int
    func bool(_ field: String, slot: Int, default: Bool) throws -> Bool
    func float32(_ field: String, slot: Int, default: Float) throws -> Float
    /// A byte-sized enum field as its integer value; `cases` are the enum's names in order (JSON prints names).
    func byteEnum(_ field: String, slot: Int, cases: [String], default: Int) throws -> Int
}
