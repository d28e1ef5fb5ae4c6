/// A decoded JSON or msgpack value. Both model formats are trees of maps, arrays and scalars; the importers read
/// them through `DocumentNode`, which knows where in the document each value sits for error messages.
enum DocumentValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case array([DocumentValue])
    case object([String: DocumentValue])

    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .bytes: return "binary data"
        case .array: return "an array"
        case .object: return "a map"
        }
    }
}

/// A value together with its path from the document's root (`subgraphs[0].tensors[3]`), so that every complaint
/// about the document's contents names the place.
struct DocumentNode {
    let value: DocumentValue
    let path: String

    init(_ value: DocumentValue, path: String = "") {
        self.value = value
        self.path = path
    }

    func error(_ reason: String) -> ModelImportError {
        ModelImportError(location: path.isEmpty ? "top level" : path, reason: reason)
    }

    private func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The member `key` of a map; nil when absent or null (both mean "use the default").
    func member(_ key: String) throws -> DocumentNode? {
        guard case .object(let members) = value else { throw error("expected a map, found \(value.kindName)") }
        guard let child = members[key] else { return nil }
        if case .null = child { return nil }
        return DocumentNode(child, path: childPath(key))
    }

    func required(_ key: String) throws -> DocumentNode {
        guard let child = try member(key) else {
            throw ModelImportError(location: childPath(key), reason: "missing")
        }
        return child
    }

    func elements() throws -> [DocumentNode] {
        guard case .array(let items) = value else { throw error("expected an array, found \(value.kindName)") }
        return items.indices.map { DocumentNode(items[$0], path: "\(path)[\($0)]") }
    }

    func int() throws -> Int {
        switch value {
        case .integer(let number):
            guard let exact = Int(exactly: number) else { throw error("integer \(number) is out of range") }
            return exact
        case .double(let number):
            guard let exact = Int(exactly: number) else { throw error("expected an integer, found \(number)") }
            return exact
        case .bool(let flag):
            // msgpack writers and flatc print small flags either way.
            return flag ? 1 : 0
        default:
            throw error("expected an integer, found \(value.kindName)")
        }
    }

    func bool() throws -> Bool {
        switch value {
        case .bool(let flag): return flag
        case .integer(let number) where number == 0 || number == 1: return number == 1
        default: throw error("expected a boolean, found \(value.kindName)")
        }
    }

    func double() throws -> Double {
        switch value {
        case .double(let number): return number
        case .integer(let number): return Double(number)
        default: throw error("expected a number, found \(value.kindName)")
        }
    }

    func string() throws -> String {
        guard case .string(let text) = value else { throw error("expected a string, found \(value.kindName)") }
        return text
    }

    /// An array of integers, read without building a node per element (weights arrays are long).
    func integers() throws -> [Int64] {
        guard case .array(let items) = value else { throw error("expected an array, found \(value.kindName)") }
        var result = [Int64]()
        result.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            switch item {
            case .integer(let number): result.append(number)
            case .double(let number) where Int64(exactly: number) != nil: result.append(Int64(number))
            default: throw ModelImportError(location: "\(path)[\(index)]",
                                            reason: "expected an integer, found \(item.kindName)")
            }
        }
        return result
    }

    func ints() throws -> [Int] {
        try integers().enumerated().map { index, number in
            guard let exact = Int(exactly: number) else {
                throw ModelImportError(location: "\(path)[\(index)]", reason: "integer \(number) is out of range")
            }
            return exact
        }
    }

    /// An array of integers 0…255 (a FlatBuffer byte vector as flatc prints it).
    func byteArray() throws -> [UInt8] {
        if case .bytes(let bytes) = value { return bytes }
        guard case .array(let items) = value else { throw error("expected an array, found \(value.kindName)") }
        var result = [UInt8](repeating: 0, count: items.count)
        for (index, item) in items.enumerated() {
            guard case .integer(let number) = item, let byte = UInt8(exactly: number) else {
                throw ModelImportError(location: "\(path)[\(index)]", reason: "expected a byte 0…255")
            }
            result[index] = byte
        }
        return result
    }
}
