/// The model as the compiler sees it, whatever file it came from: tensors with shapes (and data for constants),
/// typed operations over tensor indices, and the graph's inputs and outputs. Importers produce it, the float and
/// quantized interpreters execute it, and the planner lays it out.
public struct Graph: Equatable, Sendable {
    public var tensors: [Tensor]
    public var operations: [Operation]
    /// Tensor indices fed by the user, in order.
    public var inputs: [Int]
    /// Tensor indices the model reports, in order.
    public var outputs: [Int]
    /// Set when the file already holds fixed-point integers (the ZKML paper's msgpack): every constant's integer
    /// data is `round(value · 2^scaleBits)`.
    public var fixedPointScaleBits: Int?

    public init(tensors: [Tensor], operations: [Operation], inputs: [Int], outputs: [Int],
                fixedPointScaleBits: Int? = nil) {
        self.tensors = tensors
        self.operations = operations
        self.inputs = inputs
        self.outputs = outputs
        self.fixedPointScaleBits = fixedPointScaleBits
    }
}

public enum ElementType: String, Equatable, Sendable {
    case float32, int32, int64
}

/// Constant contents. Float models carry `.float`; shape, axis and index constants are `.integer` with scale 0;
/// the paper's msgpack files carry weights already quantized, as `.integer` at the graph's fixed-point scale.
public enum TensorData: Equatable, Sendable {
    case float([Float])
    case integer([Int64])

    public var count: Int {
        switch self {
        case .float(let values): return values.count
        case .integer(let values): return values.count
        }
    }
}

public struct Tensor: Equatable, Sendable {
    public var name: String
    /// Row-major dimensions; `[]` is a scalar.
    public var shape: [Int]
    public var elementType: ElementType
    /// Present for constants whose values the file holds; nil for activations and for the weights of shape-only
    /// files (`config.msgpack`), which can be planned but not executed.
    public var data: TensorData?
    /// True for weights, biases and parameter tensors (even when `data` is absent), false for graph inputs and
    /// operation outputs.
    public var isConstant: Bool

    public init(name: String, shape: [Int], elementType: ElementType, data: TensorData? = nil,
                isConstant: Bool = false) {
        self.name = name
        self.shape = shape
        self.elementType = elementType
        self.data = data
        self.isConstant = isConstant
    }

    public var elementCount: Int { shape.reduce(1, *) }
}

public struct Operation: Equatable, Sendable {
    public var op: Operator
    /// Tensor indices; `nil` marks an omitted optional input (TFLite's −1, e.g. a fully connected layer without
    /// bias).
    public var inputs: [Int?]
    public var outputs: [Int]

    public init(op: Operator, inputs: [Int?], outputs: [Int]) {
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// TFLite's fused activation functions (those the circuit can express).
public enum Activation: String, Equatable, Sendable {
    case none, relu, relu6, reluN1To1
}

public enum Padding: String, Equatable, Sendable {
    case same, valid
}

public struct Conv2DOptions: Equatable, Sendable {
    public var padding: Padding
    public var strideHeight: Int
    public var strideWidth: Int
    public var dilationHeight: Int
    public var dilationWidth: Int
    public var activation: Activation
    /// Output channels per input channel; 1 for an ordinary convolution's options.
    public var depthMultiplier: Int

    public init(padding: Padding, strideHeight: Int = 1, strideWidth: Int = 1, dilationHeight: Int = 1,
                dilationWidth: Int = 1, activation: Activation = .none, depthMultiplier: Int = 1) {
        self.padding = padding
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.activation = activation
        self.depthMultiplier = depthMultiplier
    }
}

public struct Pool2DOptions: Equatable, Sendable {
    public var padding: Padding
    public var strideHeight: Int
    public var strideWidth: Int
    public var filterHeight: Int
    public var filterWidth: Int
    public var activation: Activation

    public init(padding: Padding, strideHeight: Int, strideWidth: Int, filterHeight: Int, filterWidth: Int,
                activation: Activation = .none) {
        self.padding = padding
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.filterHeight = filterHeight
        self.filterWidth = filterWidth
        self.activation = activation
    }
}

public struct StridedSliceOptions: Equatable, Sendable {
    public var beginMask: Int
    public var endMask: Int
    public var ellipsisMask: Int
    public var newAxisMask: Int
    public var shrinkAxisMask: Int
    /// TFLite's `offset`: end values are relative to begin.
    public var offset: Bool

    public init(beginMask: Int = 0, endMask: Int = 0, ellipsisMask: Int = 0, newAxisMask: Int = 0,
                shrinkAxisMask: Int = 0, offset: Bool = false) {
        self.beginMask = beginMask
        self.endMask = endMask
        self.ellipsisMask = ellipsisMask
        self.newAxisMask = newAxisMask
        self.shrinkAxisMask = shrinkAxisMask
        self.offset = offset
    }
}

/// One operation kind with its options. Operand order is TFLite's (e.g. fully connected: input, weights
/// `[out, in]`, optional bias; conv: input NHWC, filter `[out, kh, kw, in]`, optional bias). Shape, axis, begin/end
/// and paddings arguments are constant integer input tensors, as in TFLite, never options.
public enum Operator: Equatable, Sendable {
    case fullyConnected(activation: Activation, keepNumDims: Bool)
    case conv2D(Conv2DOptions)
    case depthwiseConv2D(Conv2DOptions)
    case averagePool2D(Pool2DOptions)
    case maxPool2D(Pool2DOptions)
    case mean(keepDims: Bool)
    case sum(keepDims: Bool)
    case batchMatMul(adjointX: Bool, adjointY: Bool)
    case add(Activation)
    case sub(Activation)
    case mul(Activation)
    case div(Activation)
    case squaredDifference
    case square
    case sqrt
    case rsqrt
    case exp
    case logistic
    case tanh
    case neg
    case relu
    case relu6
    case leakyRelu(alpha: Float)
    case gelu(approximate: Bool)
    case hardSwish
    case pow
    case softmax(beta: Float)
    case reshape
    case transpose
    case concatenation(axis: Int, activation: Activation)
    case pack(axis: Int, count: Int)
    case unpack(axis: Int, count: Int)
    case split(count: Int)
    case slice
    case stridedSlice(StridedSliceOptions)
    case pad
    case gather(axis: Int, batchDims: Int)
    case resizeNearestNeighbor(alignCorners: Bool, halfPixelCenters: Bool)
    /// The paper's `MaskNegInf`: positions where `mask` (broadcast to the input's shape, row-major) is true become
    /// minus infinity (in the circuit: the smallest representable value), the rest pass through.
    case maskNegativeInfinity(maskShape: [Int], mask: [Bool])
    /// Passes input 0 through unchanged (the paper's `Noop`, which stands for SHAPE, BROADCAST_TO and friends).
    case identity

    /// The TFLite builtin name (the paper's own layer names for the two kinds TFLite lacks).
    public var name: String {
        switch self {
        case .fullyConnected: return "FULLY_CONNECTED"
        case .conv2D: return "CONV_2D"
        case .depthwiseConv2D: return "DEPTHWISE_CONV_2D"
        case .averagePool2D: return "AVERAGE_POOL_2D"
        case .maxPool2D: return "MAX_POOL_2D"
        case .mean: return "MEAN"
        case .sum: return "SUM"
        case .batchMatMul: return "BATCH_MATMUL"
        case .add: return "ADD"
        case .sub: return "SUB"
        case .mul: return "MUL"
        case .div: return "DIV"
        case .squaredDifference: return "SQUARED_DIFFERENCE"
        case .square: return "SQUARE"
        case .sqrt: return "SQRT"
        case .rsqrt: return "RSQRT"
        case .exp: return "EXP"
        case .logistic: return "LOGISTIC"
        case .tanh: return "TANH"
        case .neg: return "NEG"
        case .relu: return "RELU"
        case .relu6: return "RELU6"
        case .leakyRelu: return "LEAKY_RELU"
        case .gelu: return "GELU"
        case .hardSwish: return "HARD_SWISH"
        case .pow: return "POW"
        case .softmax: return "SOFTMAX"
        case .reshape: return "RESHAPE"
        case .transpose: return "TRANSPOSE"
        case .concatenation: return "CONCATENATION"
        case .pack: return "PACK"
        case .unpack: return "UNPACK"
        case .split: return "SPLIT"
        case .slice: return "SLICE"
        case .stridedSlice: return "STRIDED_SLICE"
        case .pad: return "PAD"
        case .gather: return "GATHER"
        case .resizeNearestNeighbor: return "RESIZE_NEAREST_NEIGHBOR"
        case .maskNegativeInfinity: return "MASK_NEG_INF"
        case .identity: return "IDENTITY"
        }
    }
}
