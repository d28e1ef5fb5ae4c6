import Foundation
import Plonkish

/// What `zkml inspect` prints about one file: a table for people, one JSON object with `--json`.
protocol InspectionReport: Encodable {
    var table: String { get }
}

/// A report of named values in a fixed order: the table lists them as written, the JSON object under the same
/// keys.
struct FileReport: InspectionReport {
    enum Value: Encodable {
        case int(Int)
        case text(String)
        case flag(Bool)
        case shapes([[Int]])
        /// Counts by name (rows by gadget, lookups by table).
        case counts([String: Int])

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .int(value): try container.encode(value)
            case let .text(value): try container.encode(value)
            case let .flag(value): try container.encode(value)
            case let .shapes(value): try container.encode(value)
            case let .counts(value): try container.encode(value)
            }
        }

        var text: String {
            switch self {
            case let .int(value): String(value)
            case let .text(value): value
            case let .flag(value): value ? "yes" : "no"
            case let .shapes(value):
                value.isEmpty ? "none" : value.map { "[" + $0.map(String.init).joined(separator: ", ") + "]" }
                    .joined(separator: "  ")
            case let .counts(value):
                value.isEmpty ? "none" : value.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                    .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            }
        }
    }

    private(set) var entries: [(key: String, value: Value)] = []

    mutating func add(_ key: String, _ value: Int) { entries.append((key, .int(value))) }
    mutating func add(_ key: String, _ value: String) { entries.append((key, .text(value))) }
    mutating func add(_ key: String, _ value: Bool) { entries.append((key, .flag(value))) }
    mutating func add(_ key: String, shapes: [[Int]]) { entries.append((key, .shapes(shapes))) }
    mutating func add(_ key: String, counts: [String: Int]) { entries.append((key, .counts(counts))) }

    /// `kind`, `file`, `bytes` and `blake2b`: what every report starts with.
    init(kind: ZKMLFileKind, file: String, bytes: [UInt8]) {
        add("kind", kind.name)
        add("file", file)
        add("bytes", bytes.count)
        add("blake2b", FileDigest.blake2b256(bytes))
    }

    /// `kind`, `file` and `bytes`, for a file read by parts and not hashed: a powers-of-tau file may hold hundreds
    /// of gigabytes (`--srs-blake2b` hashes one on request).
    init(kind: ZKMLFileKind, file: String, byteCount: Int) {
        add("kind", kind.name)
        add("file", file)
        add("bytes", byteCount)
    }

    struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (key, value) in entries { try container.encode(value, forKey: Key(stringValue: key)) }
    }

    var table: String {
        let width = (entries.map(\.key.count).max() ?? 0) + 2
        return entries.map { entry in
            entry.key.replacingOccurrences(of: "_", with: " ").padding(toLength: width, withPad: " ", startingAt: 0)
                + entry.value.text
        }.joined(separator: "\n")
    }
}

/// Digests in the forms reports print.
enum FileDigest {
    /// BLAKE2b-256 of a whole file, in hex: what two copies of a file agree on.
    static func blake2b256(_ bytes: [UInt8]) -> String {
        var hash = Blake2b(outputLength: 32)
        hash.update(bytes)
        return hex(hash.finalize())
    }

    /// A field element as halo2 prints it: 0x and the big-endian hex digits.
    static func fieldElement<F: PrimeField>(_ value: F) -> String { "0x" + hex(value.bytes.reversed()) }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
