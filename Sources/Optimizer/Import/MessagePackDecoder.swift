/// A bounds-checked MessagePack decoder into `DocumentValue`. Maps must have string keys (as every ZKML file
/// does); extension types are rejected. A truncated or corrupted file throws an error naming the byte offset.
struct MessagePackDecoder {
    /// Deeper nesting than any ZKML file has; it bounds the recursion on hostile input.
    static let maximumDepth = 256

    static func decode(_ bytes: [UInt8]) throws -> DocumentValue {
        try bytes.withUnsafeBufferPointer { buffer in
            var decoder = MessagePackDecoder(buffer: buffer)
            let value = try decoder.decodeValue(depth: 0)
            guard decoder.position == buffer.count else {
                throw ModelImportError.atByte(decoder.position,
                                              "\(buffer.count - decoder.position) unexpected bytes after the value")
            }
            return value
        }
    }

    private let buffer: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    /// Big-endian unsigned integer of `size` bytes.
    private mutating func readUnsigned(_ size: Int, _ what: String) throws -> UInt64 {
        guard buffer.count - position >= size else {
            throw ModelImportError.atByte(position, "unexpected end of file (\(what) needs \(size) bytes, "
                                            + "\(buffer.count - position) left)")
        }
        var value: UInt64 = 0
        for index in 0..<size { value = value << 8 | UInt64(buffer[position + index]) }
        position += size
        return value
    }

    private mutating func readSigned(_ size: Int) throws -> Int64 {
        let raw = try readUnsigned(size, "an integer")
        let shift = UInt64(64 - 8 * size)
        return Int64(bitPattern: raw << shift) >> Int64(shift)
    }

    private mutating func readLength(_ size: Int, _ what: String, minimumElementSize: Int) throws -> Int {
        let start = position
        let length = Int(try readUnsigned(size, "the length of \(what)"))
        // Every element takes at least `minimumElementSize` bytes, so a longer count cannot be honest.
        guard length <= (buffer.count - position) / minimumElementSize else {
            throw ModelImportError.atByte(start, "\(what) of \(length) elements runs past the end of the file "
                                            + "(\(buffer.count) bytes)")
        }
        return length
    }

    private mutating func readBytes(_ count: Int) -> [UInt8] {
        defer { position += count }
        return Array(buffer[position..<(position + count)])
    }

    private mutating func decodeValue(depth: Int) throws -> DocumentValue {
        guard depth < Self.maximumDepth else {
            throw ModelImportError.atByte(position, "nesting deeper than \(Self.maximumDepth) levels")
        }
        let start = position
        let marker = UInt8(try readUnsigned(1, "a value"))
        switch marker {
        case 0x00...0x7F: return .integer(Int64(marker))
        case 0xE0...0xFF: return .integer(Int64(Int8(bitPattern: marker)))
        case 0x80...0x8F: return try decodeMap(count: Int(marker & 0x0F), depth: depth)
        case 0x90...0x9F: return try decodeArray(count: Int(marker & 0x0F), depth: depth)
        case 0xA0...0xBF: return try decodeString(length: Int(marker & 0x1F), start: start)
        case 0xC0: return .null
        case 0xC2: return .bool(false)
        case 0xC3: return .bool(true)
        case 0xC4, 0xC5, 0xC6:
            let length = try readLength(1 << Int(marker - 0xC4), "binary data", minimumElementSize: 1)
            return .bytes(readBytes(length))
        case 0xCA: return try .double(Double(Float(bitPattern: UInt32(readUnsigned(4, "a float")))))
        case 0xCB: return try .double(Double(bitPattern: readUnsigned(8, "a double")))
        case 0xCC, 0xCD, 0xCE, 0xCF:
            let value = try readUnsigned(1 << Int(marker - 0xCC), "an integer")
            guard let signed = Int64(exactly: value) else {
                throw ModelImportError.atByte(start, "unsigned integer \(value) does not fit in 64-bit signed")
            }
            return .integer(signed)
        case 0xD0, 0xD1, 0xD2, 0xD3: return .integer(try readSigned(1 << Int(marker - 0xD0)))
        case 0xD9, 0xDA, 0xDB:
            let length = try readLength(1 << Int(marker - 0xD9), "a string", minimumElementSize: 1)
            return try decodeString(length: length, start: start)
        case 0xDC, 0xDD:
            let count = try readLength(marker == 0xDC ? 2 : 4, "an array", minimumElementSize: 1)
            return try decodeArray(count: count, depth: depth)
        case 0xDE, 0xDF:
            let count = try readLength(marker == 0xDE ? 2 : 4, "a map", minimumElementSize: 2)
            return try decodeMap(count: count, depth: depth)
        case 0xC7, 0xC8, 0xC9, 0xD4...0xD8:
            throw ModelImportError.atByte(start, "msgpack extension types are not supported")
        default:
            throw ModelImportError.atByte(start, "invalid msgpack marker 0x\(String(marker, radix: 16))")
        }
    }

    private mutating func decodeString(length: Int, start: Int) throws -> DocumentValue {
        guard buffer.count - position >= length else {
            throw ModelImportError.atByte(start, "string of \(length) bytes runs past the end of the file "
                                            + "(\(buffer.count) bytes)")
        }
        return .string(String(decoding: readBytes(length), as: UTF8.self))
    }

    private mutating func decodeArray(count: Int, depth: Int) throws -> DocumentValue {
        var items = [DocumentValue]()
        items.reserveCapacity(min(count, buffer.count - position))
        for _ in 0..<count { items.append(try decodeValue(depth: depth + 1)) }
        return .array(items)
    }

    private mutating func decodeMap(count: Int, depth: Int) throws -> DocumentValue {
        var members = [String: DocumentValue]()
        for _ in 0..<count {
            let keyStart = position
            guard case .string(let key) = try decodeValue(depth: depth + 1) else {
                throw ModelImportError.atByte(keyStart, "map key is not a string")
            }
            members[key] = try decodeValue(depth: depth + 1)
        }
        return .object(members)
    }
}
