import Foundation

/// Executes a graph in Float32 with the semantics of TFLite's reference kernels (NHWC, TFLite weight layouts,
/// SAME/VALID padding, fused activations, numpy broadcasting). On a graph whose constants are fixed-point integers
/// (the paper's msgpack), it runs on their dequantized values.
public struct FloatInterpreter: Sendable {
    public let graph: Graph

    public init(graph: Graph) {
        self.graph = graph
    }

    /// Runs the graph on one value per graph input, in `graph.inputs` order, each with the input's exact shape.
    public func run(inputs: [DenseTensor<Float>]) throws -> FloatExecution {
        try TensorStore<Float>.checkInputs(inputs, graph: graph)
        let scaleBits = graph.fixedPointScaleBits
        var store = TensorStore<Float>(graph: graph) { Self.constantValue($0, fileScaleBits: scaleBits) }
        for (index, input) in zip(graph.inputs, inputs) { store.values[index] = input }
        for (index, operation) in graph.operations.enumerated() {
            do {
                try store.store(try execute(operation, store), of: operation)
            } catch {
                throw TensorStore<Float>.error(for: error, operation: operation, index: index, graph: graph)
            }
        }
        let outputs = try store.graphOutputs()
        return FloatExecution(tensors: store.values, outputs: outputs)
    }

    private static func constantValue(_ tensor: Tensor, fileScaleBits: Int?) -> DenseTensor<Float>? {
        switch tensor.data {
        case .float(let values)?:
            return DenseTensor(shape: tensor.shape, scalars: values)
        case .integer(let values)?:
            // Fixed-point weights of the paper's files are real values times 2^scaleBits; integer tensors
            // (shapes, indices) are plain integers.
            let unit = tensor.elementType == .float32
                ? Double(sign: .plus, exponent: -(fileScaleBits ?? 0), significand: 1) : 1
            return DenseTensor(shape: tensor.shape, scalars: values.map { Float(Double($0) * unit) })
        case nil:
            return nil
        }
    }

    private func execute(_ operation: Operation, _ store: TensorStore<Float>) throws -> [DenseTensor<Float>] {
        let arithmetic = FloatArithmetic()
        func operand(_ position: Int) throws -> DenseTensor<Float> { try store.value(operation, position) }
        func binary(_ activation: Activation, _ body: (Float, Float) -> Float) throws -> [DenseTensor<Float>] {
            [arithmetic.activate(try Elementwise.binary(try operand(0), try operand(1), body), activation)]
        }
        func unary(_ body: (Float) -> Float) throws -> [DenseTensor<Float>] {
            [Elementwise.unary(try operand(0), body)]
        }
        switch operation.op {
        case .fullyConnected, .conv2D, .depthwiseConv2D, .averagePool2D, .maxPool2D, .mean, .sum, .batchMatMul:
            return try LayerKernels.execute(operation, store, arithmetic)
        case .add(let activation): return try binary(activation, +)
        case .sub(let activation): return try binary(activation, -)
        case .mul(let activation): return try binary(activation, *)
        case .div(let activation): return try binary(activation, /)
        case .squaredDifference: return try binary(.none) { ($0 - $1) * ($0 - $1) }
        case .pow: return try binary(.none) { Foundation.pow($0, $1) }
        case .square: return try unary { $0 * $0 }
        case .sqrt: return try unary { $0.squareRoot() }
        case .rsqrt: return try unary { 1 / $0.squareRoot() }
        case .exp: return try unary { Foundation.exp($0) }
        case .logistic: return try unary { 1 / (1 + Foundation.exp(-$0)) }
        case .tanh: return try unary { Foundation.tanh($0) }
        case .neg: return try unary { -$0 }
        case .relu: return try unary { max($0, 0) }
        case .relu6: return try unary { min(max($0, 0), 6) }
        case .leakyRelu(let alpha): return try unary { $0 > 0 ? $0 : $0 * alpha }
        case .gelu(let approximate): return try unary { Float(RealFunctions.gelu(Double($0), approximate: approximate)) }
        case .hardSwish: return try unary { $0 * min(max($0 + 3, 0), 6) / 6 }
        case .softmax(let beta): return [try Self.softmax(try operand(0), beta: beta)]
        case .concatenation(_, let activation):
            return try store.moveValues(operation, zero: 0, maskFill: -.infinity, index: Self.index)
                .map { arithmetic.activate($0, activation) }
        case .reshape, .transpose, .pack, .unpack, .split, .slice, .stridedSlice, .pad, .gather,
             .resizeNearestNeighbor, .maskNegativeInfinity, .identity:
            return try store.moveValues(operation, zero: 0, maskFill: -.infinity, index: Self.index)
        }
    }

    private static func index(_ value: Float) -> Int? {
        value == value.rounded() && abs(value) < 1e9 ? Int(value) : nil
    }

    /// SOFTMAX along the last axis: `exp(β(x − max)) / Σ`.
    private static func softmax(_ input: DenseTensor<Float>, beta: Float) throws -> DenseTensor<Float> {
        let rowLength = input.shape.last ?? 1
        guard rowLength > 0 else { return input }
        var scalars = input.scalars
        for start in stride(from: 0, to: scalars.count, by: rowLength) {
            let row = start..<(start + rowLength)
            let maximum = scalars[row].max() ?? 0
            var total: Float = 0
            for index in row {
                scalars[index] = Foundation.exp((scalars[index] - maximum) * beta)
                total += scalars[index]
            }
            for index in row { scalars[index] /= total }
        }
        return DenseTensor(shape: input.shape, scalars: scalars)
    }
}

/// The values of one float execution.
public struct FloatExecution: Sendable {
    /// Every tensor's value, indexed like `Graph.tensors`: constants, inputs and each operation's outputs (nil
    /// for tensors nothing computed and constants without data).
    public var tensors: [DenseTensor<Float>?]
    /// The graph's outputs, in `Graph.outputs` order.
    public var outputs: [DenseTensor<Float>]
}

/// Float32 sums in the order TFLite's reference kernels add.
struct FloatArithmetic: LayerArithmetic {
    var zero: Float { 0 }
    func newAccumulator() -> Float { 0 }
    func accumulateProduct(_ accumulator: inout Float, _ a: Float, _ b: Float) { accumulator += a * b }
    func accumulate(_ accumulator: inout Float, _ value: Float) { accumulator += value }
    func productSum(_ accumulator: Float, bias: Float?) -> Float { accumulator + (bias ?? 0) }
    func sum(_ accumulator: Float) -> Float { accumulator }
    func average(_ accumulator: Float, count: Int) -> Float { accumulator / Float(count) }
    func activate(_ value: Float, _ activation: Activation) -> Float {
        switch activation {
        case .none: return value
        case .relu: return max(value, 0)
        case .relu6: return min(max(value, 0), 6)
        case .reluN1To1: return min(max(value, -1), 1)
        }
    }
}
