import Foundation

/// Imports `model.tflite`, the FlatBuffer itself, with zkml's own bounds-checked reader. Field slots follow
/// shared/corpus/schema.fbs; the result is the same graph the JSON importer builds from flatc's rendering.
public enum TFLiteBinaryImporter {
    public static func load(url: URL) throws -> Graph {
        let data = try ModelFile.read(url)
        return try graph(fromFlatBuffer: [UInt8](data), fileName: url.lastPathComponent)
    }

    public static func graph(fromFlatBuffer bytes: [UInt8], fileName: String = "model.tflite") throws -> Graph {
        try ModelImportError.naming(fileName) {
            try TFLiteGraphBuilder.graph(from: try record(FlatBufferReader(bytes)))
        }
    }

    static func record(_ reader: FlatBufferReader) throws -> TFLiteModelRecord {
        guard reader.bytes.count >= 8 else {
            throw ModelImportError.atByte(reader.bytes.count, "file too short for a FlatBuffer header")
        }
        let identifier = reader.bytes[4..<8]
        guard identifier.elementsEqual("TFL3".utf8) else {
            let shown = String(decoding: identifier, as: UTF8.self).unicodeScalars
                .map { $0.isASCII && $0.value >= 0x20 ? String($0) : "?" }.joined()
            throw ModelImportError.atByte(4, "not a TFLite model (file identifier '\(shown)', expected 'TFL3')")
        }
        let model = try reader.rootTable()
        let operatorCodes = try tables(model, slot: 1, "operator_codes").map { code in
            // deprecated_builtin_code (slot 0) holds codes up to 127; builtin_code (slot 3) holds all.
            max(try code.int8(0), try code.int32(3))
        }
        guard let subgraph = try tables(model, slot: 2, "subgraphs").first else {
            throw ModelImportError.atByte(model.position, "the model has no subgraphs")
        }
        let tensors = try tables(subgraph, slot: 0, "tensors").map { tensor in
            TFLiteTensorRecord(
                name: try tensor.string(3, "a tensor name") ?? "",
                shape: try tensor.vector(0, elementSize: 4, "a tensor shape")?.int32s() ?? [],
                typeCode: try tensor.int8(1),
                buffer: try tensor.uint32(2))
        }
        let operators = try tables(subgraph, slot: 3, "operators").map { op in
            TFLiteOperatorRecord(
                opcodeIndex: try op.uint32(0),
                inputs: try op.vector(1, elementSize: 4, "operator inputs")?.int32s() ?? [],
                outputs: try op.vector(2, elementSize: 4, "operator outputs")?.int32s() ?? [],
                options: try options(of: op))
        }
        let buffers = try tables(model, slot: 4, "buffers").map { buffer in
            try bufferBytes(buffer, reader: reader)
        }
        return TFLiteModelRecord(
            operatorCodes: operatorCodes, tensors: tensors, operators: operators,
            inputs: try subgraph.vector(1, elementSize: 4, "subgraph inputs")?.int32s() ?? [],
            outputs: try subgraph.vector(2, elementSize: 4, "subgraph outputs")?.int32s() ?? [],
            buffers: buffers)
    }

    private static func tables(_ table: FlatBufferTable, slot: Int, _ what: String) throws -> [FlatBufferTable] {
        guard let vector = try table.vector(slot, elementSize: 4, what) else { return [] }
        return try (0..<vector.count).map { try vector.table($0, "an element of \(what)") }
    }

    /// A buffer's bytes: its `data` vector, or for models over 2 GB the `offset`/`size` range of the file.
    private static func bufferBytes(_ buffer: FlatBufferTable, reader: FlatBufferReader) throws -> [UInt8] {
        if let data = try buffer.vector(0, elementSize: 1, "buffer data") { return data.bytes() }
        let offset = try buffer.uint64(1)
        let size = try buffer.uint64(2)
        guard offset > 1 else { return [] }
        guard offset <= UInt64(reader.bytes.count), size <= UInt64(reader.bytes.count) - offset else {
            throw ModelImportError.atByte(buffer.position, "buffer data at file offset \(offset) (\(size) bytes) "
                                            + "runs past the end of the file (\(reader.bytes.count) bytes)")
        }
        return Array(reader.bytes[Int(offset)..<Int(offset + size)])
    }

    /// The operator's `builtin_options` union (type in slot 3, table in slot 4).
    private static func options(of op: FlatBufferTable) throws -> (any TFLiteOptionsReader)? {
        let unionIndex = Int(try op.uint8(3))
        guard unionIndex != 0 else { return nil }
        guard let table = try op.table(4, "builtin options") else {
            return FlatBufferOptions(unionIndex: unionIndex, table: nil)
        }
        return FlatBufferOptions(unionIndex: unionIndex, table: table)
    }
}

/// An options table in the FlatBuffer, read by field slot.
private struct FlatBufferOptions: TFLiteOptionsReader {
    let unionIndex: Int
    /// Nil when the union names a table type but stores no table: every field then has its default.
    let table: FlatBufferTable?

    var tableName: String { TFLiteOptionsTable.name(ofUnionIndex: unionIndex) }

    func isTable(_ table: TFLiteOptionsTable) -> Bool { table.unionIndex == unionIndex }

    func int32(_ field: String, slot: Int, default value: Int) throws -> Int {
        try table?.int32(slot, default: value) ?? value
    }

    func bool(_ field: String, slot: Int, default value: Bool) throws -> Bool {
        try table?.bool(slot, default: value) ?? value
    }

    func float32(_ field: String, slot: Int, default value: Float) throws -> Float {
        try table?.float32(slot, default: value) ?? value
    }

    func byteEnum(_ field: String, slot: Int, cases: [String], default value: Int) throws -> Int {
        try table?.int8(slot, default: value) ?? value
    }
}
