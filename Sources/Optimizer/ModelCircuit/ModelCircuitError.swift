/// Why a model cannot be laid out, proved or checked. Each description is one line naming the op (index, name,
/// output tensor) or the file.
public enum ModelCircuitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The circuit has no layer for this operation (or these options).
    case unsupported(index: Int, name: String, tensor: String, reason: String)
    /// A layer failed (shape, table range, overflow); `reason` is the gadget's message.
    case layer(index: Int, name: String, tensor: String, reason: String)
    /// The circuit computed another integer than the quantized interpreter.
    case witnessMismatch(index: Int, name: String, tensor: String, position: Int, circuit: Int64, interpreter: Int64)
    /// A private input element outside the range the plan's circuit checks inputs against.
    case inputOutOfRange(tensor: String, position: Int, value: Int64, range: ClosedRange<Int64>)
    /// A graph output no operation (and no input) provides.
    case outputNotComputed(tensor: String)
    /// Witness synthesis without the interpreter's execution.
    case missingExecution
    case planFile(String, String)
    case modelDigest(path: String, expected: String, actual: String)
    /// No k up to the limit holds the layout.
    case tooLarge(rows: Int, maximumK: Int)

    public var description: String {
        switch self {
        case let .unsupported(index, name, tensor, reason):
            "op \(index) \(name) ('\(tensor)'): not supported by the circuit: \(reason)"
        case let .layer(index, name, tensor, reason):
            "op \(index) \(name) ('\(tensor)'): \(reason)"
        case let .witnessMismatch(index, name, tensor, position, circuit, interpreter):
            "op \(index) \(name) ('\(tensor)'): circuit value \(circuit) at element \(position) differs from the "
                + "quantized interpreter's \(interpreter)"
        case let .inputOutOfRange(tensor, position, value, range):
            "input '\(tensor)': element \(position) is \(value) in fixed point, outside the plan's input range "
                + "[\(range.lowerBound), \(range.upperBound)]"
        case let .outputNotComputed(tensor):
            "graph output '\(tensor)' is never computed"
        case .missingExecution:
            "the circuit's witness needs the model's quantized execution"
        case let .planFile(path, reason):
            "plan \(path): \(reason)"
        case let .modelDigest(path, expected, actual):
            "model \(path) has digest \(actual), the plan was made for \(expected)"
        case let .tooLarge(rows, maximumK):
            "the layout needs \(rows) rows, more than 2^\(maximumK) holds"
        }
    }
}
