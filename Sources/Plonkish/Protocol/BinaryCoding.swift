/// Little-endian binary writing for keys and proofs files.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ value: UInt8) { bytes.append(value) }

    public mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    public mutating func write(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// A non-negative count or index.
    public mutating func write(count value: Int) {
        precondition(value >= 0 && value <= Int(UInt32.max), "count out of range")
        write(UInt32(value))
    }

    /// A signed small integer (rotations).
    public mutating func write(signed value: Int) {
        write(UInt64(bitPattern: Int64(value)))
    }

    public mutating func write(_ text: String) {
        let utf8 = Array(text.utf8)
        write(count: utf8.count)
        bytes += utf8
    }

    public mutating func write<F: PrimeField>(scalar: F) { bytes += scalar.bytes }

    public mutating func write<C: PointEncodingCurve>(point: AffinePoint<C>) { bytes += point.compressed }

    public mutating func write(raw: [UInt8]) { bytes += raw }
}

/// Why a binary file could not be decoded; every case names the byte offset.
public enum BinaryDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case truncated(offset: Int, needed: Int)
    case trailingBytes(offset: Int, count: Int)
    case badMagic(expected: String)
    case unsupportedVersion(Int)
    case nonCanonicalScalar(offset: Int)
    case invalidPoint(offset: Int, PointDecodingError)
    case invalidValue(offset: Int, String)

    public var description: String {
        switch self {
        case let .truncated(offset, needed): "truncated at byte \(offset) (\(needed) more bytes expected)"
        case let .trailingBytes(offset, count): "\(count) unexpected trailing bytes at byte \(offset)"
        case let .badMagic(expected): "not a \(expected) file (wrong magic header)"
        case let .unsupportedVersion(version): "unsupported format version \(version)"
        case let .nonCanonicalScalar(offset): "non-canonical field element at byte \(offset)"
        case let .invalidPoint(offset, error): "invalid curve point at byte \(offset): \(error)"
        case let .invalidValue(offset, reason): "\(reason) at byte \(offset)"
        }
    }
}

/// Reads what `ByteWriter` wrote, strictly: every value is range-checked and `finish()` rejects leftovers.
public struct ByteReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    public mutating func take(_ count: Int) throws(BinaryDecodingError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw .truncated(offset: offset, needed: count - remaining) }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    public mutating func readUInt8() throws(BinaryDecodingError) -> UInt8 { try take(1).first ?? 0 }

    public mutating func readUInt32() throws(BinaryDecodingError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    public mutating func readUInt64() throws(BinaryDecodingError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// A count, refused above `limit` (so a corrupted length cannot make the reader allocate without bound).
    public mutating func readCount(limit: Int) throws(BinaryDecodingError) -> Int {
        let start = offset
        let value = Int(try readUInt32())
        guard value <= limit else { throw .invalidValue(offset: start, "count \(value) exceeds the limit \(limit)") }
        return value
    }

    public mutating func readSigned(limit: Int) throws(BinaryDecodingError) -> Int {
        let start = offset
        let value = Int64(bitPattern: try readUInt64())
        guard value >= -Int64(limit) && value <= Int64(limit) else {
            throw .invalidValue(offset: start, "value \(value) out of range ±\(limit)")
        }
        return Int(value)
    }

    public mutating func readString(limit: Int = 1 << 16) throws(BinaryDecodingError) -> String {
        let count = try readCount(limit: limit)
        let start = offset
        guard let text = String(validating: try take(count), as: UTF8.self) else {
            throw .invalidValue(offset: start, "invalid UTF-8 text")
        }
        return text
    }

    public mutating func readScalar<F: PrimeField>(_: F.Type = F.self) throws(BinaryDecodingError) -> F {
        let start = offset
        guard let value = F(bytes: try take(32)) else { throw .nonCanonicalScalar(offset: start) }
        return value
    }

    public mutating func readPoint<C: PointEncodingCurve>(_: C.Type = C.self) throws(BinaryDecodingError) -> AffinePoint<C> {
        let start = offset
        let bytes = try take(AffinePoint<C>.compressedByteCount)
        do {
            return try AffinePoint<C>(compressed: bytes)
        } catch {
            throw .invalidPoint(offset: start, error)
        }
    }

    public mutating func expectMagic(_ magic: [UInt8], name: String) throws(BinaryDecodingError) {
        guard remaining >= magic.count, Array(bytes[offset..<(offset + magic.count)]) == magic else {
            throw .badMagic(expected: name)
        }
        offset += magic.count
    }

    public func finish() throws(BinaryDecodingError) {
        if remaining != 0 { throw .trailingBytes(offset: offset, count: remaining) }
    }
}
