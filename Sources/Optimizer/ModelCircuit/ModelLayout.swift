import Gadgets
import Plonkish

/// Lays a graph out on a configured `GadgetSet`, operation by operation: values live in a `TensorStore` of cells,
/// so the operations that only move values run the interpreters' own data-movement code on cells (no rows), and
/// every computing operation goes through its layer.
struct ModelLayout<F: FFTField> {
    let graph: Graph
    let shape: ModelCircuitShape
    let gadgets: GadgetSet
    let layouter: Layouter<F>
    /// The inputs' values and, when `checksWitness`, every operation's expected output.
    let execution: QuantizedExecution?
    let checksWitness: Bool
    private var store: TensorStore<CellRef>
    /// Integer values of constants at the circuit's scale, by tensor index (made on first use).
    private var constantIntegers: [Int: DenseTensor<Int64>] = [:]

    init(graph: Graph, shape: ModelCircuitShape, gadgets: GadgetSet, layouter: Layouter<F>,
         execution: QuantizedExecution?, checksWitness: Bool = true) throws {
        self.graph = graph
        self.shape = shape
        self.gadgets = gadgets
        self.layouter = layouter
        self.execution = execution
        self.checksWitness = checksWitness
        store = TensorStore<CellRef>(graph: graph) { _ in nil }
    }

    var scaleBits: Int { Int(shape.sizing.scaleFactor.trailingZeroBitCount) }

    /// Places the inputs, lays out every operation and returns the graph outputs' cells.
    mutating func run() throws -> [CellTensor] {
        for index in graph.inputs {
            let tensor = graph.tensors[index]
            let values = execution?.tensors[index]?.scalars
            let range = shape.sizing.functionDomain
            if checksWitness, let values, let position = values.firstIndex(where: { !range.contains($0) }) {
                throw ModelCircuitError.inputOutOfRange(tensor: tensor.name, position: position,
                                                        value: values[position], range: range)
            }
            layouter.layer = "input '\(tensor.name)'"
            let cells = try layouter.witness(count: tensor.elementCount) { values?[$0] ?? 0 }
            store.values[index] = DenseTensor(shape: tensor.shape, scalars: cells)
            guard shape.checksInputs else { continue }
            // A private input is any value the prover likes: the layers' soundness (no wrap modulo p, divisions'
            // ranges) assumes values of the size real inputs have, so the circuit checks that it has.
            guard let inputRange = gadgets.inputRange else {
                throw GadgetError.gadgetNotConfigured(layer: layouter.layer, gadget: "\(GadgetKind.inputRange)")
            }
            try inputRange.check(cells, in: layouter)
        }
        for (index, operation) in graph.operations.enumerated() {
            let tensor = operation.outputs.first.map { graph.tensors[$0].name } ?? "?"
            layouter.layer = "op \(index) \(operation.op.name) '\(tensor)'"
            let results: [DenseTensor<CellRef>]
            do {
                try placeConstantOperands(operation)
                results = try layOut(operation)
                try store.store(results, of: operation)
            } catch let error as ModelCircuitError {
                throw error
            } catch let error as GadgetError {
                throw ModelCircuitError.layer(index: index, name: operation.op.name, tensor: tensor,
                                              reason: Self.withoutLayer(error.description))
            } catch {
                throw ModelCircuitError.layer(index: index, name: operation.op.name, tensor: tensor,
                                              reason: "\(TensorStore<CellRef>.error(for: error, operation: operation, index: index, graph: graph))")
            }
            try check(operation, index: index, tensor: tensor)
        }
        return try graph.outputs.map { index in
            guard let value = store.values[index] else {
                throw ModelCircuitError.outputNotComputed(tensor: graph.tensors[index].name)
            }
            return try CellTensor(shape: value.shape, elements: value.scalars)
        }
    }

    /// Gadget messages start with the layer, which the model error names already.
    static func withoutLayer(_ message: String) -> String {
        guard message.hasPrefix("layer '"), let end = message.range(of: "': ") else { return message }
        return String(message[end.upperBound...])
    }

    /// The witness check: the circuit's integers must be the interpreter's, element for element.
    private func check(_ operation: Operation, index: Int, tensor: String) throws {
        guard let execution, checksWitness else { return }
        for output in operation.outputs {
            guard let cells = store.values[output], let expected = execution.tensors[output] else { continue }
            for (position, (cell, value)) in zip(cells.scalars, expected.scalars).enumerated() where cell.value != value {
                throw ModelCircuitError.witnessMismatch(index: index, name: operation.op.name,
                                                        tensor: graph.tensors[output].name, position: position,
                                                        circuit: cell.value, interpreter: value)
            }
        }
    }

    // MARK: - Constants

    /// A constant's integers as the quantized interpreter reads them: float32 data at 2^s (ties to even), integer
    /// data as stored.
    mutating func integers(_ index: Int) throws -> DenseTensor<Int64> {
        if let known = constantIntegers[index] { return known }
        let tensor = graph.tensors[index]
        let scalars: [Int64]
        switch tensor.data {
        case .integer(let values)?: scalars = values
        case .float(let values)?:
            let bits = tensor.elementType == .float32 ? scaleBits : 0
            scalars = try values.map { value in
                guard let integer = quantize(Double(value), scaleBits: bits) else {
                    throw KernelFailure.invalid("constant '\(tensor.name)' does not fit 64-bit fixed point")
                }
                return integer
            }
        case nil: throw KernelFailure.missingData(tensor: tensor.name)
        }
        let value = DenseTensor(shape: tensor.shape, scalars: scalars)
        constantIntegers[index] = value
        return value
    }

    /// Constant tensors an operation reads as values (an added bias tensor, a concatenated constant, PAD's fill)
    /// become constant cells; weights, shapes and axes are read as integers instead and take no cells here.
    private mutating func placeConstantOperands(_ operation: Operation) throws {
        for position in Self.valuePositions(operation) where position < operation.inputs.count {
            guard let index = operation.inputs[position], graph.tensors.indices.contains(index),
                  graph.tensors[index].isConstant, store.values[index] == nil else { continue }
            let value = try integers(index)
            store.values[index] = DenseTensor(shape: value.shape, scalars: try value.scalars.map { try layouter.constant($0) })
        }
    }

    /// Operand positions holding values (as opposed to weights and integer arguments).
    static func valuePositions(_ operation: Operation) -> [Int] {
        switch operation.op {
        case .add, .sub, .mul, .div, .squaredDifference, .batchMatMul: [0, 1]
        case .concatenation, .pack: Array(operation.inputs.indices)
        case .split: [1]
        case .pad: [0, 2]
        default: [0]
        }
    }

    // MARK: - Operations

    private func cells(_ operation: Operation, _ position: Int) throws -> CellTensor {
        let value = try store.value(operation, position)
        return try CellTensor(shape: value.shape, elements: value.scalars)
    }

    private func dense(_ tensor: CellTensor) -> [DenseTensor<CellRef>] {
        [DenseTensor(shape: tensor.shape, scalars: tensor.elements)]
    }

    private mutating func weights(_ operation: Operation, _ position: Int) throws -> DenseTensor<Int64>? {
        guard position < operation.inputs.count, let index = operation.inputs[position] else { return nil }
        guard graph.tensors.indices.contains(index), graph.tensors[index].isConstant else {
            throw KernelFailure.invalid("operand \(position) must be a constant weight tensor")
        }
        return try integers(index)
    }

    private mutating func layOut(_ operation: Operation) throws -> [DenseTensor<CellRef>] {
        let choices = shape.choices
        switch operation.op {
        case let .fullyConnected(activation, _):
            if let activationWeights = try activationWeights(operation) {
                return dense(try productOfActivations(operation, weights: activationWeights, activation: activation))
            }
            guard let w = try weights(operation, 1) else { throw KernelFailure.invalid("weights are missing") }
            let out = try FullyConnectedLayer.apply(
                try cells(operation, 0), weights: try .init(shape: w.shape, elements: w.scalars),
                bias: try weights(operation, 2)?.scalars, activation: try Self.fused(activation),
                strategy: choices.matMul, activationStrategy: choices.activation, gadgets: gadgets, layouter: layouter)
            return dense(out)
        case let .conv2D(options):
            guard let w = try weights(operation, 1) else { throw KernelFailure.invalid("filters are missing") }
            let out = try Conv2DLayer.apply(
                try cells(operation, 0), filters: try .init(shape: w.shape, elements: w.scalars),
                bias: try weights(operation, 2)?.scalars, stride: (options.strideHeight, options.strideWidth),
                dilation: (options.dilationHeight, options.dilationWidth),
                padding: options.padding == .same ? .same : .valid, activation: try Self.fused(options.activation),
                strategy: choices.matMul, activationStrategy: choices.activation, gadgets: gadgets, layouter: layouter)
            return dense(out)
        case let .depthwiseConv2D(options):
            guard let w = try weights(operation, 1) else { throw KernelFailure.invalid("filters are missing") }
            let out = try DepthwiseConv2DLayer.apply(
                try cells(operation, 0), filters: try .init(shape: w.shape, elements: w.scalars),
                bias: try weights(operation, 2)?.scalars, stride: (options.strideHeight, options.strideWidth),
                dilation: (options.dilationHeight, options.dilationWidth),
                padding: options.padding == .same ? .same : .valid, activation: try Self.fused(options.activation),
                strategy: choices.depthwise, activationStrategy: choices.activation, gadgets: gadgets,
                layouter: layouter)
            return dense(out)
        case let .averagePool2D(options):
            let out = try AveragePool2DLayer.apply(
                try cells(operation, 0), filter: (options.filterHeight, options.filterWidth),
                stride: (options.strideHeight, options.strideWidth), padding: options.padding == .same ? .same : .valid,
                gadgets: gadgets, layouter: layouter)
            return dense(try activate(out, options.activation))
        case let .maxPool2D(options):
            let out = try MaxPool2DLayer.apply(
                try cells(operation, 0), filter: (options.filterHeight, options.filterWidth),
                stride: (options.strideHeight, options.strideWidth), padding: options.padding == .same ? .same : .valid,
                gadgets: gadgets, layouter: layouter)
            return dense(try activate(out, options.activation))
        case let .mean(keepDims):
            return dense(try MeanLayer.apply(try cells(operation, 0), axes: try store.integers(operation, 1).scalars,
                                             keepDims: keepDims, gadgets: gadgets, layouter: layouter))
        case let .sum(keepDims):
            return dense(try SumLayer.apply(try cells(operation, 0), axes: try store.integers(operation, 1).scalars,
                                            keepDims: keepDims, gadgets: gadgets, layouter: layouter))
        case let .batchMatMul(adjointX, adjointY):
            return dense(try BatchMatMulLayer.apply(try cells(operation, 0), try cells(operation, 1),
                                                    adjointA: adjointX, adjointB: adjointY, strategy: choices.matMul,
                                                    gadgets: gadgets, layouter: layouter))
        case let .add(activation): return dense(try activate(try elementwise(.add, operation), activation))
        case let .sub(activation): return dense(try activate(try elementwise(.sub, operation), activation))
        case let .mul(activation): return dense(try activate(try elementwise(.mul, operation), activation))
        case let .div(activation): return dense(try activate(try elementwise(.divide, operation), activation))
        case .squaredDifference: return dense(try elementwise(.squaredDifference, operation))
        case .square:
            return dense(try ElementwiseLayer.square(try cells(operation, 0), strategy: choices.square,
                                                     gadgets: gadgets, layouter: layouter))
        case .neg:
            let x = try cells(operation, 0)
            let zero = try CellTensor(shape: [], elements: [try layouter.constant(0)])
            return dense(try ElementwiseLayer.apply(.sub, zero, x, gadgets: gadgets, layouter: layouter))
        case .concatenation(_, let activation):
            let moved = try store.moveValues(operation, zero: try layouter.constant(0), maskFill: try maskFill(),
                                             index: { _ in nil })
            return try moved.map { dense(try activate(try CellTensor(shape: $0.shape, elements: $0.scalars), activation))[0] }
        case .reshape, .transpose, .pack, .unpack, .split, .slice, .stridedSlice, .pad, .gather,
             .resizeNearestNeighbor, .maskNegativeInfinity, .identity:
            return try store.moveValues(operation, zero: try layouter.constant(0), maskFill: try maskFill(),
                                        index: { _ in nil })
        case .softmax:
            return dense(try SoftmaxLayer.apply(try cells(operation, 0), gadgets: gadgets, layouter: layouter))
        case .exp:
            // The exp table is at sf² (softmax's precision); a rescale brings it to sf.
            let x = try cells(operation, 0)
            let table = try PointwiseLayer.apply(.exp, x, gadgets: gadgets, layouter: layouter)
            guard let rescale = gadgets.biasDivRound[nil] else {
                throw GadgetError.gadgetNotConfigured(layer: layouter.layer, gadget: "biasDivRound")
            }
            let out = try rescale.apply(table.elements, bias: nil, in: layouter).rescaled
            return dense(try CellTensor(shape: x.shape, elements: out))
        default:
            guard let function = try Self.tableFunction(operation, graph: graph) else {
                throw KernelFailure.invalid("no circuit layer")
            }
            return dense(try PointwiseLayer.apply(function, try cells(operation, 0), strategy: choices.activation,
                                                  gadgets: gadgets, layouter: layouter))
        }
    }

    /// The weights of a fully connected layer that multiplies two activations (attention's Q·Kᵀ in the paper's
    /// GPT-2): nil when they are constants.
    private mutating func activationWeights(_ operation: Operation) throws -> CellTensor? {
        guard operation.inputs.count > 1, let index = operation.inputs[1], graph.tensors.indices.contains(index),
              !graph.tensors[index].isConstant else { return nil }
        return try cells(operation, 1)
    }

    /// x·Wᵀ of two activations, as BATCH_MATMUL lays it out (round(x·Wᵀ/sf), the interpreter's fully connected
    /// layer without bias and activation).
    private mutating func productOfActivations(_ operation: Operation, weights: CellTensor, activation: Activation) throws
        -> CellTensor
    {
        guard activation == .none else {
            throw KernelFailure.invalid("a product of activations with a fused activation has no layer")
        }
        let x = try cells(operation, 0)
        guard weights.rank == 2, weights.shape[1] > 0, x.elements.count % weights.shape[1] == 0,
              let output = operation.outputs.first else {
            throw KernelFailure.invalid("weights \(weights.shape) do not fit input \(x.shape)")
        }
        let rows = try CellTensor(shape: [x.elements.count / weights.shape[1], weights.shape[1]], elements: x.elements)
        let product = try BatchMatMulLayer.apply(rows, weights, adjointB: true, strategy: shape.choices.matMul,
                                                 gadgets: gadgets, layouter: layouter)
        let out = try CellTensor(shape: graph.tensors[output].shape, elements: product.elements)
        guard operation.inputs.count > 2, let biasIndex = operation.inputs[2] else { return out }
        // round(x·Wᵀ/sf) + bias, as the interpreter adds it.
        let bias = try integers(biasIndex)
        let biasCells = try CellTensor(shape: bias.shape, elements: try bias.scalars.map { try layouter.constant($0) })
        return try ElementwiseLayer.apply(.add, out, biasCells, gadgets: gadgets, layouter: layouter)
    }

    private func elementwise(_ kind: ElementwiseOperation, _ operation: Operation) throws -> CellTensor {
        try ElementwiseLayer.apply(kind, try cells(operation, 0), try cells(operation, 1), gadgets: gadgets,
                                   layouter: layouter)
    }

    /// The paper's masked −∞: the tables' smallest input.
    private func maskFill() throws -> CellRef { try layouter.constant(shape.sizing.functionInputMin) }

    /// A fused activation after an operation whose layer has none of its own.
    private func activate(_ x: CellTensor, _ activation: Activation) throws -> CellTensor {
        switch activation {
        case .none: return x
        case .relu: return try PointwiseLayer.apply(.relu, x, strategy: shape.choices.activation, gadgets: gadgets,
                                                    layouter: layouter)
        case .relu6: return try PointwiseLayer.apply(.relu6, x, gadgets: gadgets, layouter: layouter)
        case .reluN1To1: throw KernelFailure.invalid("the fused activation RELU_N1_TO_1 has no circuit table")
        }
    }

    static func fused(_ activation: Activation) throws -> FusedActivation {
        switch activation {
        case .none: return .none
        case .relu: return .relu
        case .relu6: return .relu6
        case .reluN1To1: throw KernelFailure.invalid("the fused activation RELU_N1_TO_1 has no circuit table")
        }
    }

    /// The table function of a pointwise operation whose table computes exactly what the interpreter does; nil
    /// for operations that are not pointwise.
    static func tableFunction(_ operation: Operation, graph: Graph) throws -> NonlinearFunction? {
        switch operation.op {
        case .relu: return .relu
        case .relu6: return .relu6
        case .logistic: return .logistic
        case .tanh: return .tanh
        case .sqrt: return .sqrt
        case .rsqrt: return .rsqrt
        case .hardSwish: return .hardSwish
        case .gelu(let approximate):
            guard !approximate else { throw KernelFailure.invalid("the circuit's GELU table is the exact (erf) GELU") }
            return .gelu
        case .leakyRelu(let alpha):
            guard Double(alpha) == NonlinearFunction.leakyReluSlope else {
                throw KernelFailure.invalid("the circuit's LEAKY_RELU table has slope \(NonlinearFunction.leakyReluSlope), not \(alpha)")
            }
            return .leakyRelu
        case .pow:
            guard operation.inputs.count > 1, let index = operation.inputs[1], graph.tensors.indices.contains(index),
                  let data = graph.tensors[index].data, data.count == 1 else {
                throw KernelFailure.invalid("POW needs one constant exponent")
            }
            let exponent: Double = switch data {
            case .float(let values): Double(values[0])
            case .integer(let values): graph.fixedPointScaleBits.map { Double(values[0]) / Double(1 << $0) } ?? Double(values[0])
            }
            guard exponent == 3 else { throw KernelFailure.invalid("only the exponent 3 (cube) has a table, not \(exponent)") }
            return .cube
        default: return nil
        }
    }

    // MARK: - Gadget kinds

    /// Every gadget kind the graph's operations need with these choices; an operation the circuit cannot lay out
    /// is an error naming it.
    static func gadgetKinds(graph: Graph, shape: ModelCircuitShape) throws -> Set<GadgetKind> {
        let inputKinds: Set<GadgetKind> = shape.checksInputs && !graph.inputs.isEmpty ? [.inputRange] : []
        return try graph.operations.indices.reduce(into: inputKinds) { kinds, index in
            kinds.formUnion(try gadgetKinds(operation: index, graph: graph, shape: shape))
        }
    }

    /// The gadget kinds operation `index` needs with these choices: all its layout depends on besides its shapes,
    /// constants, the columns and the tables.
    static func gadgetKinds(operation index: Int, graph: Graph, shape: ModelCircuitShape) throws -> Set<GadgetKind> {
        let choices = shape.choices
        func activationKinds(_ activation: Activation) throws -> Set<GadgetKind> {
            switch activation {
            case .none: []
            case .relu: PointwiseLayer.gadgets(.relu, strategy: choices.activation)
            case .relu6: PointwiseLayer.gadgets(.relu6)
            case .reluN1To1: throw KernelFailure.invalid("the fused activation RELU_N1_TO_1 has no circuit table")
            }
        }
        var kinds: Set<GadgetKind> = []
        let operation = graph.operations[index]
        do {
            switch operation.op {
            case let .fullyConnected(activation, _):
                kinds.formUnion(FullyConnectedLayer.gadgets(strategy: choices.matMul, activation: try fused(activation),
                                                            activationStrategy: choices.activation))
                // Activations as weights: the bias is added by its own gadget.
                if operation.inputs.count > 2, operation.inputs[2] != nil, let weights = operation.inputs[1],
                   graph.tensors.indices.contains(weights), !graph.tensors[weights].isConstant {
                    kinds.formUnion(ElementwiseLayer.gadgets(.add))
                }
            case let .conv2D(options):
                kinds.formUnion(Conv2DLayer.gadgets(strategy: choices.matMul, activation: try fused(options.activation),
                                                    activationStrategy: choices.activation))
            case let .depthwiseConv2D(options):
                kinds.formUnion(DepthwiseConv2DLayer.gadgets(strategy: choices.depthwise,
                                                             activation: try fused(options.activation),
                                                             activationStrategy: choices.activation))
            case let .averagePool2D(options):
                kinds.formUnion(AveragePool2DLayer.gadgets.union(try activationKinds(options.activation)))
            case let .maxPool2D(options):
                kinds.formUnion(MaxPool2DLayer.gadgets.union(try activationKinds(options.activation)))
            case .mean: kinds.formUnion(MeanLayer.gadgets)
            case .sum: kinds.formUnion(SumLayer.gadgets)
            case .batchMatMul: kinds.formUnion(BatchMatMulLayer.gadgets(strategy: choices.matMul))
            case let .add(activation):
                kinds.formUnion(ElementwiseLayer.gadgets(.add).union(try activationKinds(activation)))
            case let .sub(activation):
                kinds.formUnion(ElementwiseLayer.gadgets(.sub).union(try activationKinds(activation)))
            case let .mul(activation):
                kinds.formUnion(ElementwiseLayer.gadgets(.mul).union(try activationKinds(activation)))
            case let .div(activation):
                kinds.formUnion(ElementwiseLayer.gadgets(.divide).union(try activationKinds(activation)))
            case .squaredDifference: kinds.formUnion(ElementwiseLayer.gadgets(.squaredDifference))
            case .square: kinds.formUnion(ElementwiseLayer.squareGadgets(choices.square))
            case .neg: kinds.formUnion(ElementwiseLayer.gadgets(.sub))
            case let .concatenation(_, activation): kinds.formUnion(try activationKinds(activation))
            case .reshape, .transpose, .pack, .unpack, .split, .slice, .stridedSlice, .pad, .gather,
                 .resizeNearestNeighbor, .maskNegativeInfinity, .identity:
                break
            case .exp: kinds.formUnion(PointwiseLayer.gadgets(.exp).union([.biasDivRound(activation: nil)]))
            case let .softmax(beta):
                guard beta == 1 else { throw KernelFailure.invalid("softmax with beta \(beta) (only 1 is laid out)") }
                guard let input = operation.inputs.first ?? nil, graph.tensors.indices.contains(input) else {
                    throw KernelFailure.invalid("softmax has no input")
                }
                kinds.formUnion(SoftmaxLayer.gadgets(axisLength: graph.tensors[input].shape.last ?? 1,
                                                     sizing: shape.sizing))
            default:
                guard let function = try tableFunction(operation, graph: graph) else {
                    throw KernelFailure.invalid("no circuit layer")
                }
                kinds.formUnion(PointwiseLayer.gadgets(function, strategy: choices.activation))
            }
        } catch KernelFailure.invalid(let reason) {
            let tensor = operation.outputs.first.map { graph.tensors[$0].name } ?? "?"
            throw ModelCircuitError.unsupported(index: index, name: operation.op.name, tensor: tensor, reason: reason)
        }
        return kinds
    }
}
