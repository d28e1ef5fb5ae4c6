/// What `zkml inspect` reports about a model: how many operations of each kind, how many parameters, and the
/// shapes that go in and come out.
public struct ModelSummary: Equatable, Sendable {
    /// Operator name (TFLite's builtin name, e.g. `CONV_2D`) → number of operations.
    public var operatorCounts: [String: Int]
    public var operationCount: Int
    /// Elements of all constant tensors (weights, biases, and shape or axis constants), whether or not the file
    /// holds their values.
    public var parameterCount: Int
    public var tensorCount: Int
    public var inputShapes: [[Int]]
    public var outputShapes: [[Int]]
    /// The fixed-point scale of files that hold quantized weights (the ZKML paper's msgpack).
    public var fixedPointScaleBits: Int?

    public init(_ graph: Graph) {
        operatorCounts = graph.operations.reduce(into: [:]) { counts, operation in
            counts[operation.op.name, default: 0] += 1
        }
        operationCount = graph.operations.count
        parameterCount = graph.tensors.reduce(0) { $0 + ($1.isConstant ? $1.elementCount : 0) }
        tensorCount = graph.tensors.count
        inputShapes = graph.inputs.map { graph.tensors[$0].shape }
        outputShapes = graph.outputs.map { graph.tensors[$0].shape }
        fixedPointScaleBits = graph.fixedPointScaleBits
    }
}
