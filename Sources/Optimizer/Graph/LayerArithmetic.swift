/// What distinguishes the float interpreter from the quantized one inside the layers that sum products or
/// windows. `LayerKernels` writes fully connected, convolution, batch matmul, pooling and reductions once over
/// it, so both interpreters walk the same indices.
protocol LayerArithmetic {
    associatedtype Scalar: Sendable & Comparable
    associatedtype Accumulator

    var zero: Scalar { get }
    func newAccumulator() -> Accumulator
    func accumulateProduct(_ accumulator: inout Accumulator, _ a: Scalar, _ b: Scalar) throws(KernelFailure)
    func accumulate(_ accumulator: inout Accumulator, _ value: Scalar) throws(KernelFailure)
    /// A sum of products back at the tensor scale, plus an optional bias (fully connected, convolution,
    /// matmul).
    func productSum(_ accumulator: Accumulator, bias: Scalar?) throws(KernelFailure) -> Scalar
    /// A plain sum (SUM).
    func sum(_ accumulator: Accumulator) throws(KernelFailure) -> Scalar
    /// A sum divided by `count` (average pooling, MEAN).
    func average(_ accumulator: Accumulator, count: Int) throws(KernelFailure) -> Scalar
    /// TFLite's fused activation: a clamp to the activation's range at the tensor scale.
    func activate(_ value: Scalar, _ activation: Activation) -> Scalar
}

extension LayerArithmetic {
    func activate(_ tensor: DenseTensor<Scalar>, _ activation: Activation) -> DenseTensor<Scalar> {
        activation == .none
            ? tensor : DenseTensor(shape: tensor.shape, scalars: tensor.scalars.map { activate($0, activation) })
    }
}

/// Element-wise maps shared by both interpreters.
enum Elementwise {
    /// Applies `body` to every pair of elements of the numpy broadcast of `a` and `b`.
    static func binary<S>(_ a: DenseTensor<S>, _ b: DenseTensor<S>, _ body: (S, S) throws -> S) throws -> DenseTensor<S> {
        let shape = try TensorShapes.broadcast(a.shape, b.shape)
        var scalars = [S]()
        scalars.reserveCapacity(TensorShapes.elementCount(shape))
        if a.shape == b.shape {
            for index in a.scalars.indices { scalars.append(try body(a.scalars[index], b.scalars[index])) }
        } else {
            let left = TensorShapes.broadcastIndices(from: a.shape, to: shape)
            let right = TensorShapes.broadcastIndices(from: b.shape, to: shape)
            for index in left.indices { scalars.append(try body(a.scalars[left[index]], b.scalars[right[index]])) }
        }
        return DenseTensor(shape: shape, scalars: scalars)
    }

    static func unary<S>(_ a: DenseTensor<S>, _ body: (S) throws -> S) rethrows -> DenseTensor<S> {
        var scalars = [S]()
        scalars.reserveCapacity(a.count)
        for value in a.scalars { scalars.append(try body(value)) }
        return DenseTensor(shape: a.shape, scalars: scalars)
    }
}
