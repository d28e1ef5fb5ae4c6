import Foundation
import Gadgets

/// Executes a graph with the circuit's exact integer semantics: every value is an Int64 at one global scale
/// 2^scaleBits (zkml-paper-code.md §7). Inputs and float weights are `round(x · 2^s)` with ties to even, as the
/// paper's converter quantizes with numpy; products at 2^2s are rescaled with `divideRoundingHalfUp`; nonlinear
/// functions are lookup tables `roundHalfAwayFromZero(f(x / 2^s) · 2^s)`. Overflow is reported, never wrapped.
public struct QuantizedInterpreter: Sendable {
    /// The paper converter's default scale factor, 2^16.
    public static let defaultScaleBits = 16
    public static let scaleBitsRange = 0...40

    public let graph: Graph
    public let scaleBits: Int
    /// What the paper's MaskNegInf writes in masked positions: a value so negative that softmax's exp table gives
    /// 0 there. The circuit substitutes its table's smallest input; pass that to reproduce its witnesses.
    public let maskedValue: Int64

    /// `scaleBits` defaults to the file's own scale for fixed-point graphs (which cannot run at another one) and
    /// to `defaultScaleBits` otherwise; `maskedValue` defaults to −256 · 2^scaleBits.
    public init(graph: Graph, scaleBits: Int? = nil, maskedValue: Int64? = nil) throws {
        let bits = scaleBits ?? graph.fixedPointScaleBits ?? Self.defaultScaleBits
        guard Self.scaleBitsRange.contains(bits) else { throw InterpreterError.invalidScale(bits) }
        if let file = graph.fixedPointScaleBits, file != bits {
            throw InterpreterError.scaleMismatch(fileScaleBits: file, requestedScaleBits: bits)
        }
        self.graph = graph
        self.scaleBits = bits
        self.maskedValue = maskedValue ?? -(Int64(256) << Int64(bits))
    }

    /// Quantizes float inputs (ties to even) and runs; integer-typed graph inputs (indices) are taken as they
    /// are.
    public func run(inputs: [DenseTensor<Float>]) throws -> QuantizedExecution {
        try TensorStore<Float>.checkInputs(inputs, graph: graph)
        let integers = try zip(graph.inputs, inputs).map { index, input -> DenseTensor<Int64> in
            let tensor = graph.tensors[index]
            let bits = tensor.elementType == .float32 ? scaleBits : 0
            var scalars = [Int64]()
            scalars.reserveCapacity(input.count)
            for value in input.scalars {
                guard let integer = quantize(Double(value), scaleBits: bits) else {
                    throw InterpreterError.unquantizable(tensor: tensor.name, scaleBits: bits)
                }
                scalars.append(integer)
            }
            return DenseTensor(shape: input.shape, scalars: scalars)
        }
        return try run(integerInputs: integers)
    }

    /// Runs on inputs that are already fixed-point integers at `scaleBits` (such as the paper's `inp.msgpack`).
    public func run(integerInputs inputs: [DenseTensor<Int64>]) throws -> QuantizedExecution {
        try TensorStore<Int64>.checkInputs(inputs, graph: graph)
        var store = try TensorStore<Int64>(graph: graph) { try constantValue($0) }
        for (index, input) in zip(graph.inputs, inputs) { store.values[index] = input }
        var statistics = [OperationStatistics]()
        statistics.reserveCapacity(graph.operations.count)
        var maxAbsoluteValue = inputs.reduce(Int64(0)) { max($0, Self.maxMagnitude($1.scalars)) }
        for (index, operation) in graph.operations.enumerated() {
            let arithmetic = QuantizedArithmetic(scaleBits: scaleBits)
            do {
                let results = try execute(operation, store, arithmetic)
                try store.store(results, of: operation)
                let largest = results.reduce(Int64(0)) { max($0, Self.maxMagnitude($1.scalars)) }
                statistics.append(OperationStatistics(maxAbsoluteOutput: largest,
                                                      maxAbsoluteAccumulator: arithmetic.maxAbsoluteAccumulator))
                maxAbsoluteValue = max(maxAbsoluteValue, largest)
            } catch {
                throw TensorStore<Int64>.error(for: error, operation: operation, index: index, graph: graph)
            }
        }
        let outputs = try store.graphOutputs()
        return QuantizedExecution(scaleBits: scaleBits, tensors: store.values, outputs: outputs,
                                  operations: statistics, maxAbsoluteValue: maxAbsoluteValue)
    }

    static func maxMagnitude(_ values: [Int64]) -> Int64 {
        let largest = values.reduce(UInt64(0)) { max($0, $1.magnitude) }
        return largest > UInt64(Int64.max) ? Int64.max : Int64(largest)
    }

    /// Float weights at this scale; fixed-point weights of the file as they are; integer tensors (shapes,
    /// indices) unscaled.
    private func constantValue(_ tensor: Tensor) throws -> DenseTensor<Int64>? {
        switch tensor.data {
        case .float(let values)?:
            let bits = tensor.elementType == .float32 ? scaleBits : 0
            var scalars = [Int64]()
            scalars.reserveCapacity(values.count)
            for value in values {
                guard let integer = quantize(Double(value), scaleBits: bits) else {
                    throw InterpreterError.unquantizable(tensor: tensor.name, scaleBits: bits)
                }
                scalars.append(integer)
            }
            return DenseTensor(shape: tensor.shape, scalars: scalars)
        case .integer(let values)?:
            return DenseTensor(shape: tensor.shape, scalars: values)
        case nil:
            return nil
        }
    }

    private func execute(_ operation: Operation, _ store: TensorStore<Int64>,
                         _ arithmetic: QuantizedArithmetic) throws -> [DenseTensor<Int64>] {
        func operand(_ position: Int) throws -> DenseTensor<Int64> { try store.value(operation, position) }
        func binary(_ activation: Activation, _ body: (Int64, Int64) throws -> Int64) throws -> [DenseTensor<Int64>] {
            [arithmetic.activate(try Elementwise.binary(try operand(0), try operand(1), body), activation)]
        }
        func table(_ function: @escaping (Double) -> Double) throws -> [DenseTensor<Int64>] {
            [try Elementwise.unary(try operand(0)) { try arithmetic.table($0, function) }]
        }
        switch operation.op {
        case .fullyConnected, .conv2D, .depthwiseConv2D, .averagePool2D, .maxPool2D, .mean, .sum, .batchMatMul:
            return try LayerKernels.execute(operation, store, arithmetic)
        case .add(let activation): return try binary(activation, Self.add)
        case .sub(let activation): return try binary(activation, Self.subtract)
        case .mul(let activation): return try binary(activation) { try arithmetic.rescaledProduct($0, $1) }
        case .div(let activation): return try binary(activation) { try arithmetic.quotient($0, $1) }
        case .squaredDifference:
            return try binary(.none) { a, b in
                let difference = try Self.subtract(a, b)
                return try arithmetic.rescaledProduct(difference, difference)
            }
        case .square:
            return [try Elementwise.unary(try operand(0)) { try arithmetic.rescaledProduct($0, $0) }]
        case .pow:
            let exponent = try Self.constantExponent(operation, store, scaleBits: scaleBits)
            return try table { Foundation.pow($0, exponent) }
        case .sqrt: return try table { $0.squareRoot() }
        case .rsqrt: return try table { 1 / $0.squareRoot() }
        case .exp: return try table { Foundation.exp($0) }
        case .logistic: return try table(RealFunctions.logistic)
        case .tanh: return try table { Foundation.tanh($0) }
        case .gelu(let approximate): return try table { RealFunctions.gelu($0, approximate: approximate) }
        case .hardSwish: return try table(RealFunctions.hardSwish)
        case .leakyRelu(let alpha):
            let slope = Double(alpha)
            return try table { $0 > 0 ? $0 : $0 * slope }
        case .neg: return [try Elementwise.unary(try operand(0)) { try Self.subtract(0, $0) }]
        case .relu: return [Elementwise.unary(try operand(0)) { arithmetic.activate($0, .relu) }]
        case .relu6: return [Elementwise.unary(try operand(0)) { arithmetic.activate($0, .relu6) }]
        case .softmax(let beta):
            return [try Self.softmax(try operand(0), scaleBits: scaleBits, beta: Double(beta))]
        case .concatenation(_, let activation):
            return try store.moveValues(operation, zero: 0, maskFill: maskedValue, index: { Int(exactly: $0) })
                .map { arithmetic.activate($0, activation) }
        case .reshape, .transpose, .pack, .unpack, .split, .slice, .stridedSlice, .pad, .gather,
             .resizeNearestNeighbor, .maskNegativeInfinity, .identity:
            return try store.moveValues(operation, zero: 0, maskFill: maskedValue, index: { Int(exactly: $0) })
        }
    }

    static func add(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { throw KernelFailure.overflow }
        return sum
    }

    static func subtract(_ a: Int64, _ b: Int64) throws -> Int64 {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        if overflow { throw KernelFailure.overflow }
        return difference
    }

    /// A lookup table needs its exponent up front: POW's exponent must be one constant value.
    private static func constantExponent(_ operation: Operation, _ store: TensorStore<Int64>,
                                         scaleBits: Int) throws -> Double {
        guard operation.inputs.count > 1, let index = operation.inputs[1], store.graph.tensors.indices.contains(index),
              store.graph.tensors[index].isConstant, let exponent = store.values[index], exponent.count == 1
        else {
            throw KernelFailure.invalid("the fixed-point POW needs one constant exponent")
        }
        let bits = store.graph.tensors[index].elementType == .float32 ? scaleBits : 0
        return Double(exponent.scalars[0]) * Double(sign: .plus, exponent: -bits, significand: 1)
    }

    /// SOFTMAX along the last axis, row by row as the circuit computes it (`fixedPointSoftmax`).
    private static func softmax(_ input: DenseTensor<Int64>, scaleBits: Int, beta: Double) throws -> DenseTensor<Int64> {
        let rowLength = input.shape.last ?? 1
        guard rowLength > 0 else { return input }
        var scalars = [Int64]()
        scalars.reserveCapacity(input.count)
        for start in stride(from: 0, to: input.count, by: rowLength) {
            guard let row = fixedPointSoftmax(Array(input.scalars[start..<(start + rowLength)]), scaleBits: scaleBits,
                                              beta: beta)
            else { throw KernelFailure.overflow }
            scalars.append(contentsOf: row.outputs)
        }
        return DenseTensor(shape: input.shape, scalars: scalars)
    }
}

/// The circuit's softmax of one row (zkml-paper-code.md §7 point 5) with every intermediate the circuit assigns.
public struct FixedPointSoftmax: Equatable, Sendable {
    /// `m`, the row's largest value.
    public var maximum: Int64
    /// `e_i = roundHalfAwayFromZero(exp(β(x_i − m) / 2^s) · 2^2s)`, at scale 2^2s.
    public var exponentials: [Int64]
    /// `S = Σ e_i`.
    public var sum: Int64
    /// `round(S / 2^s)`, half up: the divisor that brings `e_i` back to scale 2^s.
    public var scaledSum: Int64
    /// `y_i = round(e_i / scaledSum)`, half up: softmax at scale 2^s.
    public var outputs: [Int64]
}

/// The circuit's softmax of one row; nil when a value leaves Int64. A row entry far below the maximum (such as
/// the paper's masked minus infinity) gets `e_i = 0` and output 0.
public func fixedPointSoftmax(_ row: [Int64], scaleBits: Int, beta: Double = 1) -> FixedPointSoftmax? {
    guard let maximum = row.max() else { return nil }
    var exponentials = [Int64]()
    exponentials.reserveCapacity(row.count)
    var sum: Int64 = 0
    for value in row {
        let (shifted, negativeOverflow) = value.subtractingReportingOverflow(maximum)
        guard !negativeOverflow,
              let exponential = fixedPointTableValue(shifted, inputScaleBits: scaleBits, outputScaleBits: 2 * scaleBits,
                                                     { Foundation.exp(beta * $0) })
        else { return nil }
        let (next, overflow) = sum.addingReportingOverflow(exponential)
        guard !overflow else { return nil }
        exponentials.append(exponential)
        sum = next
    }
    let scaledSum = RoundingDivision.quotient(sum, Int64(1) << Int64(scaleBits))
    guard scaledSum > 0 else { return nil }
    return FixedPointSoftmax(maximum: maximum, exponentials: exponentials, sum: sum, scaledSum: scaledSum,
                             outputs: exponentials.map { RoundingDivision.quotient($0, scaledSum) })
}

/// Per-operation magnitudes of one quantized execution, for sizing lookup tables and range checks.
public struct OperationStatistics: Equatable, Sendable {
    /// The largest |value| among the operation's outputs.
    public var maxAbsoluteOutput: Int64
    /// The largest |value| the operation held before a rescale: sums of products at 2^2s (fully connected,
    /// convolution, matmul, multiplication, squares), window and reduction sums, dividends of DIV.
    public var maxAbsoluteAccumulator: Int64
}

/// The integers of one quantized execution: the witnesses the circuit must reproduce.
public struct QuantizedExecution: Sendable {
    public var scaleBits: Int
    /// Every tensor's integers, indexed like `Graph.tensors`: constants, inputs and each operation's outputs (nil
    /// for tensors nothing computed and constants without data).
    public var tensors: [DenseTensor<Int64>?]
    /// The graph's outputs, in `Graph.outputs` order, at scale 2^scaleBits.
    public var outputs: [DenseTensor<Int64>]
    /// One entry per graph operation, in order.
    public var operations: [OperationStatistics]
    /// The largest |value| among the inputs and every operation's outputs.
    public var maxAbsoluteValue: Int64

    /// The largest |value| any operation held before a rescale.
    public var maxAbsoluteAccumulator: Int64 { operations.map(\.maxAbsoluteAccumulator).max() ?? 0 }

    /// The outputs divided by 2^scaleBits.
    public var dequantizedOutputs: [DenseTensor<Float>] {
        let unit = Double(sign: .plus, exponent: -scaleBits, significand: 1)
        return outputs.map { DenseTensor(shape: $0.shape, scalars: $0.scalars.map { Float(Double($0) * unit) }) }
    }
}

/// Int64 fixed-point arithmetic at 2^scaleBits; records the largest accumulator it saw.
final class QuantizedArithmetic: LayerArithmetic {
    let scaleBits: Int
    let scale: Int64
    private(set) var maxAbsoluteAccumulator: Int64 = 0

    init(scaleBits: Int) {
        self.scaleBits = scaleBits
        scale = Int64(1) << Int64(scaleBits)
    }

    var zero: Int64 { 0 }
    func newAccumulator() -> Int64 { 0 }

    @inline(__always)
    func accumulateProduct(_ accumulator: inout Int64, _ a: Int64, _ b: Int64) throws(KernelFailure) {
        let (product, productOverflow) = a.multipliedReportingOverflow(by: b)
        let (sum, sumOverflow) = accumulator.addingReportingOverflow(product)
        if productOverflow || sumOverflow { throw .overflow }
        accumulator = sum
    }

    @inline(__always)
    func accumulate(_ accumulator: inout Int64, _ value: Int64) throws(KernelFailure) {
        let (sum, overflow) = accumulator.addingReportingOverflow(value)
        if overflow { throw .overflow }
        accumulator = sum
    }

    private func record(_ accumulator: Int64) {
        maxAbsoluteAccumulator = max(maxAbsoluteAccumulator, QuantizedInterpreter.maxMagnitude([accumulator]))
    }

    func productSum(_ accumulator: Int64, bias: Int64?) throws(KernelFailure) -> Int64 {
        record(accumulator)
        let (value, overflow) = RoundingDivision.quotient(accumulator, scale).addingReportingOverflow(bias ?? 0)
        if overflow { throw .overflow }
        return value
    }

    func sum(_ accumulator: Int64) -> Int64 {
        record(accumulator)
        return accumulator
    }

    func average(_ accumulator: Int64, count: Int) throws(KernelFailure) -> Int64 {
        guard count > 0 else { throw .invalid("an average over no elements") }
        record(accumulator)
        return RoundingDivision.quotient(accumulator, Int64(count))
    }

    func activate(_ value: Int64, _ activation: Activation) -> Int64 {
        switch activation {
        case .none: return value
        case .relu: return max(value, 0)
        case .relu6: return min(max(value, 0), 6 * scale)
        case .reluN1To1: return min(max(value, -scale), scale)
        }
    }

    /// `round(a · b / 2^s)`, half up (MUL, SQUARE, SQUARED_DIFFERENCE).
    func rescaledProduct(_ a: Int64, _ b: Int64) throws(KernelFailure) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow { throw .overflow }
        record(product)
        return RoundingDivision.quotient(product, scale)
    }

    /// `round(a · 2^s / b)`, half up (DIV by a tensor).
    func quotient(_ a: Int64, _ b: Int64) throws(KernelFailure) -> Int64 {
        guard b != 0 else { throw .invalid("division by zero") }
        let (dividend, overflow) = a.multipliedReportingOverflow(by: scale)
        if overflow { throw .overflow }
        record(dividend)
        if b > 0 { return RoundingDivision.quotient(dividend, b) }
        // a/b = (−a)/(−b): round the same real quotient with a positive divisor.
        let (negated, negationOverflow) = Int64(0).subtractingReportingOverflow(dividend)
        if negationOverflow || b == .min { throw .overflow }
        return RoundingDivision.quotient(negated, -b)
    }

    /// A lookup table's entry for `x`: `roundHalfAwayFromZero(f(x / 2^s) · 2^s)`.
    func table(_ x: Int64, _ function: (Double) -> Double) throws(KernelFailure) -> Int64 {
        guard let value = fixedPointTableValue(x, inputScaleBits: scaleBits, outputScaleBits: scaleBits, function) else {
            let real = Double(x) * Double(sign: .plus, exponent: -scaleBits, significand: 1)
            throw .invalid("the function's value at \(real) (integer \(x)) is not finite or not representable")
        }
        return value
    }
}
