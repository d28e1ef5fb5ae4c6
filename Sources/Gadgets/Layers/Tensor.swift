/// A shaped array in row-major order. Layers pass `CellTensor`s (tensors of placed cells); the shape operations
/// below only move references, so they cost no rows: equality reaches a later gadget through the copy it makes of
/// the cell it consumes.
public struct Tensor<Element> {
    public let shape: [Int]
    public let elements: [Element]

    /// Throws when the shape is invalid or does not hold `elements.count` elements.
    public init(shape: [Int], elements: [Element]) throws(TensorShapeError) {
        guard shape.allSatisfy({ $0 >= 0 }) else { throw .invalid("shape", "negative dimension in \(shape)") }
        guard Self.count(shape) == elements.count else {
            throw .invalid("shape", "shape \(shape) holds \(Self.count(shape)) elements, not \(elements.count)")
        }
        self.shape = shape
        self.elements = elements
    }

    /// A tensor whose element at each multi-index is `element(index)`.
    public init(shape: [Int], _ element: ([Int]) throws -> Element) throws {
        let total = Self.count(shape)
        var elements: [Element] = []
        elements.reserveCapacity(total)
        var index = [Int](repeating: 0, count: shape.count)
        for _ in 0..<total {
            elements.append(try element(index))
            Self.advance(&index, in: shape)
        }
        try self.init(shape: shape, elements: elements)
    }

    public var rank: Int { shape.count }
    public var count: Int { elements.count }
    public var strides: [Int] { Self.strides(shape) }

    public static func count(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    public static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        return strides
    }

    /// Steps a multi-index to the next one in row-major order.
    static func advance(_ index: inout [Int], in shape: [Int]) {
        var axis = shape.count - 1
        while axis >= 0 {
            index[axis] += 1
            if index[axis] < shape[axis] { return }
            index[axis] = 0
            axis -= 1
        }
    }

    public subscript(_ index: [Int]) -> Element {
        var offset = 0
        for (i, stride) in zip(index, strides) { offset += i * stride }
        return elements[offset]
    }

    public func map<T>(_ transform: (Element) throws -> T) rethrows -> Tensor<T> {
        Tensor<T>(unchecked: shape, try elements.map(transform))
    }

    init(unchecked shape: [Int], _ elements: [Element]) {
        self.shape = shape
        self.elements = elements
    }

    /// `axis` counted from the end when negative, checked against the rank (plus `extra` for insertions).
    func normalized(_ axis: Int, _ operation: String, extra: Int = 0) throws(TensorShapeError) -> Int {
        let limit = rank + extra
        let a = axis < 0 ? axis + limit : axis
        guard a >= 0 && a < limit else { throw .invalid(operation, "axis \(axis) outside rank \(rank)") }
        return a
    }
}

extension Tensor: Sendable where Element: Sendable {}
extension Tensor: Equatable where Element: Equatable {}
extension Tensor: Hashable where Element: Hashable {}

public typealias CellTensor = Tensor<CellRef>

extension Tensor where Element == CellRef {
    /// The fixed-point integers the cells hold (0 when counting).
    public var values: Tensor<Int64> { map(\.value) }
}

/// A shape operation that does not fit its tensor; the description names the operation and the shapes.
public enum TensorShapeError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(_ operation: String, _ reason: String)

    public var description: String {
        switch self {
        case let .invalid(operation, reason): "\(operation): \(reason)"
        }
    }
}
