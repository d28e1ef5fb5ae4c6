/// Chooses the fixed-point scale: the smallest 2^s at which the quantized execution stays within a tolerance of
/// the float execution on every calibration input, with the same argmax. A smaller scale keeps lookup tables,
/// and with them the circuit, smaller (zkml-paper-code.md §2.4).
public enum ScaleSelection {
    /// How the quantized outputs at one scale compare with the float outputs over a set of inputs.
    public struct Comparison: Equatable, Sendable {
        public var scaleBits: Int
        /// The largest |dequantized − float| over every output element of every input.
        public var maxAbsoluteDifference: Float
        /// Whether every output row's argmax (along the last axis) agrees on every input.
        public var argmaxAgrees: Bool
        /// The largest |integer| any input's execution produced (inputs and operation outputs).
        public var maxAbsoluteValue: Int64
    }

    public enum SelectionError: Error, Equatable, CustomStringConvertible {
        case noCalibrationInputs
        case noScaleMeetsTolerance(tolerance: Float, best: Comparison?)

        public var description: String {
            switch self {
            case .noCalibrationInputs:
                return "scale selection needs at least one calibration input"
            case .noScaleMeetsTolerance(let tolerance, let best?):
                return "no scale keeps the outputs within \(tolerance) of float with the same argmax "
                    + "(best: 2^\(best.scaleBits), difference \(best.maxAbsoluteDifference))"
            case .noScaleMeetsTolerance(let tolerance, nil):
                return "no scale keeps the outputs within \(tolerance) of float with the same argmax"
            }
        }
    }

    /// Runs both interpreters on every input set (one value per graph input) and compares them at 2^scaleBits.
    public static func compare(graph: Graph, inputs: [[DenseTensor<Float>]], scaleBits: Int) throws -> Comparison {
        let float = FloatInterpreter(graph: graph)
        let quantized = try QuantizedInterpreter(graph: graph, scaleBits: scaleBits)
        var comparison = Comparison(scaleBits: scaleBits, maxAbsoluteDifference: 0, argmaxAgrees: true,
                                    maxAbsoluteValue: 0)
        for input in inputs {
            let expected = try float.run(inputs: input).outputs
            let execution = try quantized.run(inputs: input)
            comparison.maxAbsoluteValue = max(comparison.maxAbsoluteValue, execution.maxAbsoluteValue)
            for (reference, actual) in zip(expected, execution.dequantizedOutputs) {
                for (a, b) in zip(reference.scalars, actual.scalars) {
                    // A NaN difference must fail the tolerance, so it counts as infinite.
                    let difference = abs(a - b)
                    comparison.maxAbsoluteDifference = max(comparison.maxAbsoluteDifference,
                                                           difference.isNaN ? .infinity : difference)
                }
                if reference.argmaxAlongLastAxis != actual.argmaxAlongLastAxis { comparison.argmaxAgrees = false }
            }
        }
        return comparison
    }

    /// The smallest scale in `candidates` (tried in increasing order) whose comparison is within `tolerance`
    /// with agreeing argmax. A fixed-point graph (the paper's msgpack) has only its own scale. A scale at which
    /// execution fails (overflow, a table value that is not finite) does not qualify; other errors propagate.
    public static func smallestScale(graph: Graph, calibrationInputs: [[DenseTensor<Float>]], tolerance: Float,
                                     candidates: ClosedRange<Int> = 2...30) throws -> Comparison {
        guard !calibrationInputs.isEmpty else { throw SelectionError.noCalibrationInputs }
        let scales = graph.fixedPointScaleBits.map { [$0] } ?? Array(candidates)
        var best: Comparison?
        var lastFailure: Error?
        for bits in scales {
            let comparison: Comparison
            do {
                comparison = try compare(graph: graph, inputs: calibrationInputs, scaleBits: bits)
            } catch let failure as InterpreterError {
                switch failure {
                case .overflow, .invalidOperation:
                    // Too coarse (a zero divisor, rsqrt of 0) or too fine (Int64 overflow) for this model.
                    lastFailure = failure
                    continue
                default:
                    throw failure
                }
            }
            if comparison.maxAbsoluteDifference <= tolerance && comparison.argmaxAgrees { return comparison }
            if best.map({ comparison.maxAbsoluteDifference < $0.maxAbsoluteDifference }) ?? true { best = comparison }
        }
        // When no scale ran at all, the failure is the model's, not the tolerance's.
        if best == nil, let lastFailure { throw lastFailure }
        throw SelectionError.noScaleMeetsTolerance(tolerance: tolerance, best: best)
    }
}
