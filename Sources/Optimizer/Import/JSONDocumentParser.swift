/// A strict JSON parser (RFC 8259) into `DocumentValue`. It is hand-written rather than Foundation's so that a
/// syntax error names its byte offset and so that the long byte arrays of flatc's model dumps parse quickly.
struct JSONDocumentParser {
    /// Deeper nesting than any model file has; it bounds the recursion on hostile input.
    static let maximumDepth = 256

    static func parse(_ bytes: [UInt8]) throws -> DocumentValue {
        try bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONDocumentParser(buffer: buffer)
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            guard parser.position == buffer.count else {
                throw ModelImportError.atByte(parser.position, "unexpected text after the JSON value")
            }
            return value
        }
    }

    private let buffer: UnsafeBufferPointer<UInt8>
    private var position = 0

    private init(buffer: UnsafeBufferPointer<UInt8>) { self.buffer = buffer }

    private var atEnd: Bool { position >= buffer.count }

    private mutating func skipWhitespace() {
        while position < buffer.count {
            switch buffer[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private func failure(_ reason: String) -> ModelImportError {
        atEnd ? .atByte(position, "unexpected end of file (\(reason))") : .atByte(position, reason)
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard !atEnd, buffer[position] == byte else { throw failure("expected \(what)") }
        position += 1
    }

    private mutating func parseValue(depth: Int) throws -> DocumentValue {
        guard depth < Self.maximumDepth else { throw failure("nesting deeper than \(Self.maximumDepth) levels") }
        guard !atEnd else { throw failure("expected a value") }
        switch buffer[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw failure("expected a value")
        }
    }

    private mutating func parseLiteral(_ word: StaticString) throws {
        let start = position
        let length = word.utf8CodeUnitCount
        guard buffer.count - position >= length else { throw failure("expected \(word)") }
        for offset in 0..<length where buffer[position + offset] != word.utf8Start[offset] {
            throw ModelImportError.atByte(start, "expected \(word)")
        }
        position += length
    }

    private mutating func parseObject(depth: Int) throws -> DocumentValue {
        position += 1
        var members = [String: DocumentValue]()
        skipWhitespace()
        if !atEnd, buffer[position] == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard !atEnd, buffer[position] == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try parseString()
            // RFC 8259 leaves duplicate names to the reader, and readers disagree (Foundation keeps the first,
            // Python the last): a file that means two things is refused.
            guard members[key] == nil else { throw failure("member \(String(reflecting: key)) appears twice") }
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after a member name")
            skipWhitespace()
            members[key] = try parseValue(depth: depth + 1)
            skipWhitespace()
            guard !atEnd else { throw failure("expected ',' or '}'") }
            if buffer[position] == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}'")
            return .object(members)
        }
    }

    private mutating func parseArray(depth: Int) throws -> DocumentValue {
        position += 1
        var items = [DocumentValue]()
        skipWhitespace()
        if !atEnd, buffer[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard !atEnd else { throw failure("expected ',' or ']'") }
            if buffer[position] == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"), "',' or ']'")
            return .array(items)
        }
    }

    private mutating func parseNumber() throws -> DocumentValue {
        let start = position
        var isInteger = true
        if buffer[position] == UInt8(ascii: "-") { position += 1 }
        guard !atEnd, isDigit(buffer[position]) else { throw failure("expected a digit") }
        if buffer[position] == UInt8(ascii: "0") {
            position += 1
        } else {
            while !atEnd, isDigit(buffer[position]) { position += 1 }
        }
        if !atEnd, buffer[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard !atEnd, isDigit(buffer[position]) else { throw failure("expected a digit after '.'") }
            while !atEnd, isDigit(buffer[position]) { position += 1 }
        }
        if !atEnd, buffer[position] == UInt8(ascii: "e") || buffer[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if !atEnd, buffer[position] == UInt8(ascii: "+") || buffer[position] == UInt8(ascii: "-") { position += 1 }
            guard !atEnd, isDigit(buffer[position]) else { throw failure("expected a digit in the exponent") }
            while !atEnd, isDigit(buffer[position]) { position += 1 }
        }
        if isInteger, let value = parseInteger(from: start, to: position) { return .integer(value) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
        guard let value = Double(text) else { throw ModelImportError.atByte(start, "malformed number \(text)") }
        return .double(value)
    }

    /// The integer in `start..<end`, or nil when it does not fit in Int64 (it is then read as a Double).
    private func parseInteger(from start: Int, to end: Int) -> Int64? {
        var index = start
        let negative = buffer[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var magnitude: Int64 = 0
        while index < end {
            let digit = Int64(buffer[index] &- UInt8(ascii: "0"))
            let (shifted, overflowA) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = negative ? shifted.subtractingReportingOverflow(digit)
                                             : shifted.addingReportingOverflow(digit)
            if overflowA || overflowB { return nil }
            magnitude = next
            index += 1
        }
        return magnitude
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func parseString() throws -> String {
        position += 1
        let start = position
        // Fast path: no escapes, the common case for names and keys.
        while position < buffer.count {
            let byte = buffer[position]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure("control character inside a string") }
            position += 1
        }
        var bytes = Array(buffer[start..<position])
        while true {
            guard !atEnd else { throw failure("unterminated string") }
            let byte = buffer[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            guard byte >= 0x20 else { throw failure("control character inside a string") }
            if byte != UInt8(ascii: "\\") {
                bytes.append(byte)
                position += 1
                continue
            }
            position += 1
            guard !atEnd else { throw failure("unterminated escape") }
            let escape = buffer[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(escape)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0C)
            case UInt8(ascii: "n"): bytes.append(0x0A)
            case UInt8(ascii: "r"): bytes.append(0x0D)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"): bytes.append(contentsOf: String(try parseUnicodeEscape()).utf8)
            default:
                position -= 1
                throw failure("invalid escape character")
            }
        }
    }

    /// After `\u`: four hex digits, combining a surrogate pair when one follows.
    private mutating func parseUnicodeEscape() throws -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800..<0xDC00).contains(high) {
            let pairStart = position
            if buffer.count - position >= 2, buffer[position] == UInt8(ascii: "\\"),
               buffer[position + 1] == UInt8(ascii: "u") {
                position += 2
                let low = try parseHex4()
                if (0xDC00..<0xE000).contains(low),
                   let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) {
                    return scalar
                }
            }
            throw ModelImportError.atByte(pairStart, "unpaired UTF-16 surrogate in a \\u escape")
        }
        guard let scalar = Unicode.Scalar(high) else {
            throw ModelImportError.atByte(position - 4, "unpaired UTF-16 surrogate in a \\u escape")
        }
        return scalar
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard buffer.count - position >= 4 else { throw failure("expected four hex digits") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = buffer[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected a hex digit")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }
}
