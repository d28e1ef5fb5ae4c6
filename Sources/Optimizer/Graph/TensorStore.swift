/// The tensor values of one execution, indexed like `Graph.tensors`, and the operand lookups that the float
/// and the quantized interpreter share, including every operation that only moves values.
struct TensorStore<Scalar: Sendable> {
    let graph: Graph
    var values: [DenseTensor<Scalar>?]

    /// `convert` gives a constant's value at this interpreter's representation (nil when it has no data).
    init(graph: Graph, convert: (Tensor) throws -> DenseTensor<Scalar>?) rethrows {
        self.graph = graph
        values = try graph.tensors.map { $0.isConstant ? try convert($0) : nil }
    }

    private func tensorIndex(_ operation: Operation, _ position: Int) throws -> Int? {
        guard position < operation.inputs.count, let index = operation.inputs[position] else { return nil }
        guard graph.tensors.indices.contains(index) else {
            throw KernelFailure.invalid("operand \(position) refers to tensor \(index), which does not exist")
        }
        return index
    }

    func value(_ operation: Operation, _ position: Int) throws -> DenseTensor<Scalar> {
        guard let tensor = try optionalValue(operation, position) else {
            throw KernelFailure.invalid("operand \(position) is missing")
        }
        return tensor
    }

    func optionalValue(_ operation: Operation, _ position: Int) throws -> DenseTensor<Scalar>? {
        guard let index = try tensorIndex(operation, position) else { return nil }
        if let value = values[index] { return value }
        let tensor = graph.tensors[index]
        if tensor.isConstant { throw KernelFailure.missingData(tensor: tensor.name) }
        throw KernelFailure.invalid("operand '\(tensor.name)' is used before any operation produces it")
    }

    /// All operands, for operations with a variable count (concatenation, pack).
    func allValues(_ operation: Operation) throws -> [DenseTensor<Scalar>] {
        try operation.inputs.indices.map { try value(operation, $0) }
    }

    /// An integer argument held in a constant tensor (shapes, axes, begin/end, paddings, indices).
    func integers(_ operation: Operation, _ position: Int) throws -> DenseTensor<Int> {
        guard let index = try tensorIndex(operation, position) else {
            throw KernelFailure.invalid("integer operand \(position) is missing")
        }
        let tensor = graph.tensors[index]
        switch tensor.data {
        case .integer(let values)?:
            return DenseTensor(shape: tensor.shape, scalars: values.map { Int($0) })
        case .float(let values)? where values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e9 }):
            return DenseTensor(shape: tensor.shape, scalars: values.map { Int($0) })
        case .float?:
            throw KernelFailure.invalid("operand '\(tensor.name)' must hold integers")
        case nil:
            if tensor.isConstant { throw KernelFailure.missingData(tensor: tensor.name) }
            throw KernelFailure.invalid("operand '\(tensor.name)' must be a constant integer tensor")
        }
    }

    func integerScalar(_ operation: Operation, _ position: Int) throws -> Int {
        let tensor = try integers(operation, position)
        guard tensor.count == 1 else { throw KernelFailure.invalid("operand \(position) must hold one integer") }
        return tensor.scalars[0]
    }

    /// Runs an operation that only moves values (the caller applies CONCATENATION's fused activation).
    /// `maskFill` is what the paper's MaskNegInf writes, `zero` what PAD writes by default, `index` reads gather
    /// indices computed at run time.
    func moveValues(_ operation: Operation, zero: Scalar, maskFill: Scalar,
                    index: (Scalar) -> Int?) throws -> [DenseTensor<Scalar>] {
        switch operation.op {
        case .reshape:
            let input = try value(operation, 0)
            guard let output = operation.outputs.first, graph.tensors.indices.contains(output) else {
                throw KernelFailure.invalid("has no output tensor")
            }
            let shape = graph.tensors[output].shape
            guard TensorShapes.elementCount(shape) == input.count else {
                throw KernelFailure.invalid("cannot reshape \(input.shape) to the declared \(shape)")
            }
            return [DenseTensor(shape: shape, scalars: input.scalars)]
        case .transpose:
            return [try DataMovement.transpose(try value(operation, 0), permutation: try integers(operation, 1).scalars)]
        case .concatenation(let axis, _):
            return [try DataMovement.concatenate(try allValues(operation), axis: axis)]
        case .pack(let axis, _):
            return [try DataMovement.pack(try allValues(operation), axis: axis)]
        case .unpack(let axis, let count):
            return try DataMovement.unpack(try value(operation, 0), axis: axis, count: count)
        case .split(let count):
            let axis = try integerScalar(operation, 0)
            let input = try value(operation, 1)
            let normalized = try TensorShapes.normalizedAxis(axis, rank: input.shape.count)
            guard count > 0, input.shape[normalized] % count == 0 else {
                throw KernelFailure.invalid("axis \(axis) of \(input.shape) does not split into \(count) equal parts")
            }
            return try DataMovement.split(input, axis: normalized,
                                          sizes: [Int](repeating: input.shape[normalized] / count, count: count))
        case .slice:
            return [try DataMovement.slice(try value(operation, 0), begin: try integers(operation, 1).scalars,
                                           size: try integers(operation, 2).scalars)]
        case .stridedSlice(let options):
            let input = try value(operation, 0)
            let begin = try integers(operation, 1).scalars
            let strides = operation.inputs.count > 3
                ? try integers(operation, 3).scalars : [Int](repeating: 1, count: begin.count)
            return [try DataMovement.stridedSlice(input, begin: begin, end: try integers(operation, 2).scalars,
                                                  strides: strides, options: options)]
        case .pad:
            let fill = try optionalValue(operation, 2)?.scalars.first ?? zero
            return [try DataMovement.pad(try value(operation, 0), paddings: try integers(operation, 1).scalars,
                                         value: fill)]
        case .gather(let axis, let batchDims):
            return [try DataMovement.gather(try value(operation, 0), indices: try gatherIndices(operation, index),
                                            axis: axis, batchDims: batchDims)]
        case .resizeNearestNeighbor(let alignCorners, let halfPixelCenters):
            return [try DataMovement.resizeNearestNeighbor(try value(operation, 0),
                                                           size: try integers(operation, 1).scalars,
                                                           alignCorners: alignCorners,
                                                           halfPixelCenters: halfPixelCenters)]
        case .maskNegativeInfinity(let maskShape, let mask):
            return [try DataMovement.mask(try value(operation, 0), maskShape: maskShape, mask: mask, fill: maskFill)]
        case .identity:
            return [try value(operation, 0)]
        default:
            throw KernelFailure.invalid("is not an operation that only moves values")
        }
    }

    private func gatherIndices(_ operation: Operation, _ index: (Scalar) -> Int?) throws -> DenseTensor<Int> {
        if let position = try tensorIndex(operation, 1), graph.tensors[position].isConstant {
            return try integers(operation, 1)
        }
        let runtime = try value(operation, 1)
        var indices = [Int]()
        indices.reserveCapacity(runtime.count)
        for scalar in runtime.scalars {
            guard let converted = index(scalar) else { throw KernelFailure.invalid("gather indices must be integers") }
            indices.append(converted)
        }
        return DenseTensor(shape: runtime.shape, scalars: indices)
    }

    /// Stores an operation's results under its output tensors, in the shapes the graph declares (a scalar `[]`
    /// and `[1]` are the same values); a result whose element count differs from the declaration is an error.
    mutating func store(_ results: [DenseTensor<Scalar>], of operation: Operation) throws {
        guard results.count == operation.outputs.count else {
            throw KernelFailure.invalid("produces \(results.count) tensors, the model lists \(operation.outputs.count)")
        }
        for (index, var result) in zip(operation.outputs, results) {
            guard graph.tensors.indices.contains(index) else {
                throw KernelFailure.invalid("output refers to tensor \(index), which does not exist")
            }
            let declared = graph.tensors[index].shape
            guard TensorShapes.elementCount(declared) == result.count else {
                throw KernelFailure.invalid("computes shape \(result.shape), the model declares \(declared)")
            }
            result.shape = declared
            values[index] = result
        }
    }

    /// The values of the graph's outputs, in `Graph.outputs` order, once every operation has run.
    func graphOutputs() throws -> [DenseTensor<Scalar>] {
        try graph.outputs.map { index in
            guard graph.tensors.indices.contains(index), let value = values[index] else {
                throw InterpreterError.malformedGraph("output tensor \(index) is never computed")
            }
            return value
        }
    }

    /// Checks the user's inputs against the graph's input tensors.
    static func checkInputs<T>(_ inputs: [DenseTensor<T>], graph: Graph) throws {
        guard inputs.count == graph.inputs.count else {
            throw InterpreterError.inputCount(expected: graph.inputs.count, actual: inputs.count)
        }
        for (input, index) in zip(inputs, graph.inputs) {
            guard graph.tensors.indices.contains(index) else {
                throw InterpreterError.malformedGraph("input refers to tensor \(index), which does not exist")
            }
            let tensor = graph.tensors[index]
            guard input.shape == tensor.shape, input.count == tensor.elementCount else {
                throw InterpreterError.inputShape(tensor: tensor.name, expected: tensor.shape, actual: input.shape)
            }
        }
    }

    /// The error a kernel failure becomes, naming the operation and its first output.
    static func error(for failure: Error, operation: Operation, index: Int, graph: Graph) -> Error {
        let tensor = operation.outputs.first.flatMap { graph.tensors.indices.contains($0) ? graph.tensors[$0].name : nil }
            ?? "?"
        switch failure {
        case KernelFailure.invalid(let problem):
            return InterpreterError.invalidOperation(index: index, name: operation.op.name, tensor: tensor,
                                                     problem: problem)
        case KernelFailure.overflow:
            return InterpreterError.overflow(index: index, name: operation.op.name, tensor: tensor)
        case KernelFailure.missingData(let name):
            return InterpreterError.missingData(tensor: name)
        default:
            return failure
        }
    }
}
