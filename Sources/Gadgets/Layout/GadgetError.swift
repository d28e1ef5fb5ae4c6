/// Why a gadget refused to lay out an operation. Every case names the layer (as the caller set it on the layouter)
/// and the gadget, so a failing model op can be found from the message alone.
public enum GadgetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A lookup input outside its table: the proof would fail, so the layout stops here.
    case outsideTable(layer: String, gadget: String, table: String, value: Int64, range: ClosedRange<Int64>)
    /// An Int64 intermediate overflowed; fixed-point values are never wrapped.
    case overflow(layer: String, gadget: String, operation: String)
    case divisorNotPositive(layer: String, gadget: String, divisor: Int64)
    /// The gadget needs more advice columns than the grid has.
    case tooFewColumns(gadget: String, needed: Int, available: Int)
    /// Operand lists of different lengths for a pairwise gadget.
    case lengthMismatch(layer: String, gadget: String, left: Int, right: Int)
    /// An operation that needs at least one input got none.
    case emptyInput(layer: String, gadget: String)
    /// A layer's tensors or parameters do not fit together.
    case invalidShape(layer: String, operation: String, reason: String)
    /// A layer needs a gadget the circuit did not configure.
    case gadgetNotConfigured(layer: String, gadget: String)

    public var description: String {
        switch self {
        case let .outsideTable(layer, gadget, table, value, range):
            "layer '\(layer)': \(gadget) looks up \(value) in table '\(table)', whose range is "
                + "\(range.lowerBound)...\(range.upperBound)"
        case let .overflow(layer, gadget, operation):
            "layer '\(layer)': \(gadget) overflows 64-bit fixed point in \(operation)"
        case let .divisorNotPositive(layer, gadget, divisor):
            "layer '\(layer)': \(gadget) divides by \(divisor); divisors must be positive"
        case let .tooFewColumns(gadget, needed, available):
            "\(gadget) needs at least \(needed) advice columns, the grid has \(available)"
        case let .lengthMismatch(layer, gadget, left, right):
            "layer '\(layer)': \(gadget) pairs \(left) operands with \(right)"
        case let .emptyInput(layer, gadget):
            "layer '\(layer)': \(gadget) got no inputs"
        case let .invalidShape(layer, operation, reason):
            "layer '\(layer)': \(operation): \(reason)"
        case let .gadgetNotConfigured(layer, gadget):
            "layer '\(layer)' needs the \(gadget) gadget, which the circuit does not configure"
        }
    }
}
