import Foundation

/// Reads the corpus's tensor files, `{"input": nested list}` and `{"output": nested list}` (batch included), into
/// flat row-major floats with the shape the nesting gives. A model with several inputs takes
/// `{"inputs": [nested list, …]}` in `Graph.inputs` order.
public enum TensorJSONFile {
    /// The tensor stored under `key` (a nested list of numbers).
    public static func readTensor(from url: URL, key: String) throws -> DenseTensor<Float> {
        let object = try topLevelObject(url)
        guard let value = object[key] else { throw TensorFileError.missingKey(file: url.lastPathComponent, key: key) }
        return try flatten(value, file: url.lastPathComponent, path: key)
    }

    /// The graph's inputs from an input file, each checked against its input tensor's shape.
    public static func readInputs(from url: URL, for graph: Graph) throws -> [DenseTensor<Float>] {
        try read(url, tensors: graph.inputs, graph: graph, single: "input", plural: "inputs")
    }

    /// The graph's expected outputs from an output file, each checked against its output tensor's shape.
    public static func readOutputs(from url: URL, for graph: Graph) throws -> [DenseTensor<Float>] {
        try read(url, tensors: graph.outputs, graph: graph, single: "output", plural: "outputs")
    }

    private static func read(_ url: URL, tensors: [Int], graph: Graph, single: String,
                             plural: String) throws -> [DenseTensor<Float>] {
        let file = url.lastPathComponent
        let object = try topLevelObject(url)
        let values: [(JSONNumberTree, String)]
        if let list = object[plural] {
            guard case .list(let items) = list, items.count == tensors.count else {
                throw TensorFileError.tensorCount(file: file, key: plural, expected: tensors.count)
            }
            values = items.enumerated().map { ($0.element, "\(plural)[\($0.offset)]") }
        } else if let value = object[single], tensors.count == 1 {
            values = [(value, single)]
        } else {
            throw TensorFileError.missingKey(file: file, key: tensors.count == 1 ? single : plural)
        }
        return try zip(values, tensors).map { entry, index in
            let tensor = try flatten(entry.0, file: file, path: entry.1)
            guard graph.tensors.indices.contains(index) else {
                throw InterpreterError.malformedGraph("tensor \(index) does not exist")
            }
            let expected = graph.tensors[index].shape
            guard tensor.shape == expected else {
                throw TensorFileError.shape(file: file, tensor: graph.tensors[index].name, expected: expected,
                                            actual: tensor.shape)
            }
            return tensor
        }
    }

    private static func topLevelObject(_ url: URL) throws -> [String: JSONNumberTree] {
        let file = url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TensorFileError.unreadable(file: file, reason: "cannot read the file")
        }
        do {
            return try JSONDecoder().decode([String: JSONNumberTree].self, from: data)
        } catch let error as NotANumber {
            throw TensorFileError.notANumber(file: file, path: error.path, found: error.found)
        } catch {
            throw TensorFileError.unreadable(file: file, reason: "not a JSON object of nested number lists")
        }
    }

    /// Flattens a rectangular nested list row-major; ragged lists and non-numbers are errors.
    private static func flatten(_ tree: JSONNumberTree, file: String, path: String) throws -> DenseTensor<Float> {
        var shape = [Int]()
        var probe = tree
        while case .list(let items) = probe {
            shape.append(items.count)
            guard let first = items.first else { break }
            probe = first
        }
        var scalars = [Float]()
        scalars.reserveCapacity(TensorShapes.elementCount(shape))
        func visit(_ node: JSONNumberTree, depth: Int, path: String) throws {
            switch node {
            case .number(let value):
                guard depth == shape.count else { throw TensorFileError.ragged(file: file, path: path) }
                let single = Float(value)
                guard single.isFinite else {
                    throw TensorFileError.notANumber(file: file, path: path, found: "\(value) (beyond float32)")
                }
                scalars.append(single)
            case .list(let items):
                guard depth < shape.count, items.count == shape[depth] else {
                    throw TensorFileError.ragged(file: file, path: path)
                }
                for (offset, item) in items.enumerated() { try visit(item, depth: depth + 1, path: "\(path)[\(offset)]") }
            }
        }
        try visit(tree, depth: 0, path: path)
        return DenseTensor(shape: shape, scalars: scalars)
    }
}

public enum TensorFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case missingKey(file: String, key: String)
    case tensorCount(file: String, key: String, expected: Int)
    case notANumber(file: String, path: String, found: String)
    case ragged(file: String, path: String)
    case shape(file: String, tensor: String, expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): return "\(file): \(reason)"
        case .missingKey(let file, let key): return "\(file): no \"\(key)\" key"
        case .tensorCount(let file, let key, let expected):
            return "\(file): \"\(key)\" must be a list of \(expected) tensors"
        case .notANumber(let file, let path, let found): return "\(file): \(path) is not a number: \(found)"
        case .ragged(let file, let path): return "\(file): \(path) does not match the shape of its siblings"
        case .shape(let file, let tensor, let expected, let actual):
            return "\(file): tensor '\(tensor)' has shape \(actual), the model expects \(expected)"
        }
    }
}

/// A JSON value that may only be a number or a list of such values.
private indirect enum JSONNumberTree: Decodable {
    case number(Double)
    case list([JSONNumberTree])

    init(from decoder: Decoder) throws {
        if var items = try? decoder.unkeyedContainer() {
            var list = [JSONNumberTree]()
            while !items.isAtEnd { list.append(try items.decode(JSONNumberTree.self)) }
            self = .list(list)
            return
        }
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
            return
        }
        let found: String
        if container.decodeNil() {
            found = "null"
        } else if let flag = try? container.decode(Bool.self) {
            found = "\(flag)"
        } else if let text = try? container.decode(String.self) {
            found = "\"\(text.prefix(20))\""
        } else {
            found = "an object"
        }
        throw NotANumber(path: Self.describe(decoder.codingPath), found: found)
    }

    private static func describe(_ path: [CodingKey]) -> String {
        path.map { key in key.intValue.map { "[\($0)]" } ?? key.stringValue }.joined()
    }
}

private struct NotANumber: Error {
    var path: String
    var found: String
}
