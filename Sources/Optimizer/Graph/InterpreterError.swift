/// Why executing a graph failed. Every description is one line naming the tensor or the operation (its index in
/// the graph and its TFLite name) and the problem.
public enum InterpreterError: Error, Equatable, CustomStringConvertible {
    case inputCount(expected: Int, actual: Int)
    /// The graph refers to a tensor that does not exist.
    case malformedGraph(String)
    case inputShape(tensor: String, expected: [Int], actual: [Int])
    /// A constant the operation needs has no values (shape-only files such as the paper's `config.msgpack`).
    case missingData(tensor: String)
    /// A float constant or input that cannot be quantized (infinite, NaN or beyond Int64 at the scale).
    case unquantizable(tensor: String, scaleBits: Int)
    /// The graph already holds integers at one fixed-point scale and cannot run at another.
    case scaleMismatch(fileScaleBits: Int, requestedScaleBits: Int)
    case invalidScale(Int)
    /// An operation's operands or options make no sense (bad shapes, axes, indices, a division by zero…).
    case invalidOperation(index: Int, name: String, tensor: String, problem: String)
    /// An Int64 value of the quantized execution left the representable range.
    case overflow(index: Int, name: String, tensor: String)

    public var description: String {
        switch self {
        case .inputCount(let expected, let actual):
            return "the model takes \(expected) input tensor(s), got \(actual)"
        case .malformedGraph(let problem):
            return "malformed graph: \(problem)"
        case .inputShape(let tensor, let expected, let actual):
            return "input tensor '\(tensor)' has shape \(actual), the model expects \(expected)"
        case .missingData(let tensor):
            return "constant tensor '\(tensor)' has no values (a shape-only model file cannot be executed)"
        case .unquantizable(let tensor, let scaleBits):
            return "tensor '\(tensor)' holds a value that is not representable at scale 2^\(scaleBits)"
        case .scaleMismatch(let file, let requested):
            return "the model file holds integers at scale 2^\(file); it cannot run at scale 2^\(requested)"
        case .invalidScale(let bits):
            return "scale 2^\(bits) is out of range (0…40)"
        case .invalidOperation(let index, let name, let tensor, let problem):
            return "op \(index) (\(name)) producing '\(tensor)': \(problem)"
        case .overflow(let index, let name, let tensor):
            return "op \(index) (\(name)) producing '\(tensor)': Int64 overflow in the fixed-point arithmetic"
        }
    }
}

/// A kernel's failure before the interpreter knows which operation ran it; the interpreter adds the op index,
/// name and output tensor.
enum KernelFailure: Error {
    case invalid(String)
    case overflow
    case missingData(tensor: String)
}
