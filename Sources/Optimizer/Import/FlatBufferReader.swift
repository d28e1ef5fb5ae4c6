/// A minimal, bounds-checked FlatBuffers reader: tables through their vtables, scalars, vectors, strings and
/// union values. Every read checks that it lies inside the file, so a truncated or corrupted file throws an error
/// naming the byte offset instead of trapping.
struct FlatBufferReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private func check(_ offset: Int, _ size: Int, _ what: String) throws {
        guard offset >= 0, size >= 0, offset <= bytes.count, bytes.count - offset >= size else {
            throw ModelImportError.atByte(offset, "\(what) runs past the end of the file (\(bytes.count) bytes)")
        }
    }

    /// Little-endian integer of `size` bytes at `offset`, zero-extended.
    private func unsigned(at offset: Int, size: Int, _ what: String) throws -> UInt64 {
        try check(offset, size, what)
        var value: UInt64 = 0
        for index in stride(from: size - 1, through: 0, by: -1) {
            value = value << 8 | UInt64(bytes[offset + index])
        }
        return value
    }

    func uint8(at offset: Int, _ what: String = "a byte") throws -> UInt8 {
        UInt8(truncatingIfNeeded: try unsigned(at: offset, size: 1, what))
    }

    func uint16(at offset: Int, _ what: String = "a 16-bit value") throws -> Int {
        Int(try unsigned(at: offset, size: 2, what))
    }

    func int32(at offset: Int, _ what: String = "a 32-bit value") throws -> Int {
        Int(Int32(truncatingIfNeeded: try unsigned(at: offset, size: 4, what)))
    }

    func uint32(at offset: Int, _ what: String = "a 32-bit value") throws -> Int {
        Int(try unsigned(at: offset, size: 4, what))
    }

    func uint64(at offset: Int, _ what: String = "a 64-bit value") throws -> UInt64 {
        try unsigned(at: offset, size: 8, what)
    }

    /// The position an unsigned offset stored at `offset` points to.
    func followOffset(at offset: Int, _ what: String) throws -> Int {
        let target = offset + (try uint32(at: offset, "the offset to \(what)"))
        try check(target, 0, what)
        return target
    }

    func rootTable() throws -> FlatBufferTable {
        try table(at: try followOffset(at: 0, "the root table"))
    }

    /// The table at `position`, with its vtable located and checked.
    func table(at position: Int) throws -> FlatBufferTable {
        let vtable = position - (try int32(at: position, "a table header"))
        try check(vtable, 4, "a vtable")
        let vtableSize = try uint16(at: vtable, "a vtable")
        let tableSize = try uint16(at: vtable + 2, "a vtable")
        guard vtableSize >= 4, vtableSize % 2 == 0 else {
            throw ModelImportError.atByte(vtable, "invalid vtable size \(vtableSize)")
        }
        try check(vtable, vtableSize, "a vtable")
        try check(position, tableSize, "a table")
        return FlatBufferTable(reader: self, position: position, vtable: vtable, vtableSize: vtableSize,
                               tableSize: tableSize)
    }

    /// The vector whose offset is stored at `offset`, checked to hold `count` elements of `elementSize` bytes.
    func vector(at offset: Int, elementSize: Int, _ what: String) throws -> FlatBufferVector {
        let start = try followOffset(at: offset, what)
        let count = try uint32(at: start, "the length of \(what)")
        let available = bytes.count - (start + 4)
        guard count <= available / elementSize else {
            throw ModelImportError.atByte(start, "\(what) of \(count) elements runs past the end of the file "
                                            + "(\(bytes.count) bytes)")
        }
        return FlatBufferVector(reader: self, start: start + 4, count: count, elementSize: elementSize)
    }
}

struct FlatBufferTable {
    let reader: FlatBufferReader
    let position: Int
    let vtable: Int
    let vtableSize: Int
    let tableSize: Int

    /// Absolute position of field `slot`, or nil when the table does not store it (the field has its default).
    func fieldPosition(_ slot: Int, size: Int) throws -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return nil }
        let offset = try reader.uint16(at: vtable + entry, "a vtable entry")
        guard offset != 0 else { return nil }
        guard offset + size <= tableSize else {
            throw ModelImportError.atByte(vtable + entry, "field \(slot) at offset \(offset) lies outside its "
                                            + "\(tableSize)-byte table at byte \(position)")
        }
        return position + offset
    }

    func uint8(_ slot: Int, default value: UInt8 = 0) throws -> UInt8 {
        guard let at = try fieldPosition(slot, size: 1) else { return value }
        return try reader.uint8(at: at)
    }

    func int8(_ slot: Int, default value: Int = 0) throws -> Int {
        guard let at = try fieldPosition(slot, size: 1) else { return value }
        return Int(Int8(bitPattern: try reader.uint8(at: at)))
    }

    func bool(_ slot: Int, default value: Bool = false) throws -> Bool {
        guard let at = try fieldPosition(slot, size: 1) else { return value }
        return try reader.uint8(at: at) != 0
    }

    func int32(_ slot: Int, default value: Int = 0) throws -> Int {
        guard let at = try fieldPosition(slot, size: 4) else { return value }
        return try reader.int32(at: at)
    }

    func uint32(_ slot: Int, default value: Int = 0) throws -> Int {
        guard let at = try fieldPosition(slot, size: 4) else { return value }
        return try reader.uint32(at: at)
    }

    func uint64(_ slot: Int, default value: UInt64 = 0) throws -> UInt64 {
        guard let at = try fieldPosition(slot, size: 8) else { return value }
        return try reader.uint64(at: at)
    }

    func float32(_ slot: Int, default value: Float = 0) throws -> Float {
        guard let at = try fieldPosition(slot, size: 4) else { return value }
        return Float(bitPattern: UInt32(try reader.uint32(at: at)))
    }

    /// A sub-table (also a union's value), or nil when absent.
    func table(_ slot: Int, _ what: String) throws -> FlatBufferTable? {
        guard let at = try fieldPosition(slot, size: 4) else { return nil }
        return try reader.table(at: try reader.followOffset(at: at, what))
    }

    func vector(_ slot: Int, elementSize: Int, _ what: String) throws -> FlatBufferVector? {
        guard let at = try fieldPosition(slot, size: 4) else { return nil }
        return try reader.vector(at: at, elementSize: elementSize, what)
    }

    func string(_ slot: Int, _ what: String) throws -> String? {
        guard let characters = try vector(slot, elementSize: 1, what) else { return nil }
        return String(decoding: reader.bytes[characters.start..<(characters.start + characters.count)],
                      as: UTF8.self)
    }
}

/// A vector already checked to lie inside the file.
struct FlatBufferVector {
    let reader: FlatBufferReader
    /// Position of element 0.
    let start: Int
    let count: Int
    let elementSize: Int

    func int32s() throws -> [Int] {
        try (0..<count).map { try reader.int32(at: start + 4 * $0) }
    }

    func bytes() -> [UInt8] {
        Array(reader.bytes[start..<(start + count)])
    }

    /// Element `index` of a vector of tables.
    func table(_ index: Int, _ what: String) throws -> FlatBufferTable {
        try reader.table(at: try reader.followOffset(at: start + 4 * index, what))
    }
}
