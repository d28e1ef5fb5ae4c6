/// A tensor's values during execution: row-major scalars with their shape. The interpreters hold one per graph
/// tensor; `Float` for the float interpreter, `Int64` fixed-point integers for the quantized one.
public struct DenseTensor<Scalar: Sendable>: Sendable {
    /// Row-major dimensions; `[]` is a scalar.
    public var shape: [Int]
    public var scalars: [Scalar]

    public init(shape: [Int], scalars: [Scalar]) {
        self.shape = shape
        self.scalars = scalars
    }

    public var count: Int { scalars.count }
}

extension DenseTensor: Equatable where Scalar: Equatable {}

extension DenseTensor where Scalar: Comparable {
    /// Index of the largest scalar in each row along the last axis (the first one on ties); one entry for a
    /// scalar or a rank-1 tensor.
    public var argmaxAlongLastAxis: [Int] {
        let rowLength = shape.last ?? 1
        guard rowLength > 0 else { return [] }
        return stride(from: 0, to: scalars.count, by: rowLength).map { start in
            var best = start
            for index in start..<(start + rowLength) where scalars[index] > scalars[best] { best = index }
            return best - start
        }
    }
}
