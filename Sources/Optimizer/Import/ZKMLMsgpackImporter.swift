import Foundation

/// Imports the ZKML paper's msgpack files (reference/zkml-paper-code.md §1.2–1.5): `model.msgpack` (layers and
/// weights, already fixed-point integers at scale `global_sf`), `config.msgpack` (the same without weights), and
/// `inp.msgpack` (input tensors, through `inputs(url:)`).
///
/// The files index tensors by their original TFLite indices, which are sparse once the converter has dropped
/// tensors; the graph numbers the tensors it uses densely, in ascending file index, and names each
/// `tensor <file index>`. Shape, axis, permutation, begin/size and padding arguments that the paper keeps in
/// `params` become constant integer tensors, as in TFLite; they follow the file's tensors.
public enum ZKMLMsgpackImporter {
    public static func load(url: URL) throws -> Graph {
        let data = try ModelFile.read(url)
        return try graph(fromMsgpack: [UInt8](data), fileName: url.lastPathComponent)
    }

    public static func graph(fromMsgpack bytes: [UInt8], fileName: String = "model.msgpack") throws -> Graph {
        try ModelImportError.naming(fileName) {
            let root = DocumentNode(try MessagePackDecoder.decode(bytes))
            if case .array = root.value {
                throw root.error("this is an input file (an array of tensors), not a model")
            }
            return try ZKMLGraphBuilder(root: root).graph()
        }
    }

    /// The tensors of an `inp.msgpack`, in file order, each named like the graph tensor it feeds
    /// (`tensor <file index>`), with its integer data at the model's fixed-point scale.
    public static func inputs(url: URL) throws -> [Tensor] {
        let data = try ModelFile.read(url)
        return try inputs(fromMsgpack: [UInt8](data), fileName: url.lastPathComponent)
    }

    public static func inputs(fromMsgpack bytes: [UInt8], fileName: String = "inp.msgpack") throws -> [Tensor] {
        try ModelImportError.naming(fileName) {
            let root = DocumentNode(try MessagePackDecoder.decode(bytes))
            return try root.elements().map { node in
                let entry = try ZKMLTensorEntry(node)
                guard entry.data.count == (try ImportValidation.checkedElementCount(entry.shape, at: node)) else {
                    throw node.error("\(entry.data.count) values do not fill shape \(entry.shape)")
                }
                return Tensor(name: ZKMLGraphBuilder.tensorName(entry.index), shape: entry.shape,
                              elementType: .float32, data: .integer(entry.data))
            }
        }
    }
}

/// One `{idx, shape, data}` map.
struct ZKMLTensorEntry {
    let index: Int
    let shape: [Int]
    let data: [Int64]

    init(_ node: DocumentNode) throws {
        index = try node.required("idx").int()
        let shapeNode = try node.required("shape")
        shape = try shapeNode.ints()
        _ = try ImportValidation.checkedElementCount(shape, at: shapeNode)
        data = try node.member("data")?.integers() ?? []
    }
}

/// One entry of `layers`.
private struct ZKMLLayer {
    let index: Int
    let type: String
    let inputs: [Int]
    let inputShapes: [[Int]]
    let outputs: [Int]
    let outputShapes: [[Int]]
    let params: [Int]

    init(_ node: DocumentNode, index: Int) throws {
        self.index = index
        type = try node.required("layer_type").string()
        inputs = try node.required("inp_idxes").ints()
        inputShapes = try node.required("inp_shapes").elements().map { try $0.ints() }
        outputs = try node.required("out_idxes").ints()
        outputShapes = try node.required("out_shapes").elements().map { try $0.ints() }
        params = try node.member("params")?.ints() ?? []
        guard inputs.count == inputShapes.count, outputs.count == outputShapes.count else {
            throw ModelImportError(location: "layer \(index) (\(type))",
                                   reason: "\(inputs.count) inputs with \(inputShapes.count) shapes, "
                                       + "\(outputs.count) outputs with \(outputShapes.count) shapes")
        }
        for shape in inputShapes + outputShapes {
            if case .failure(let problem) = ImportValidation.elementCount(shape) {
                throw ModelImportError(location: "layer \(index) (\(type))", reason: problem.reason)
            }
        }
        guard !outputs.isEmpty else {
            throw ModelImportError(location: "layer \(index) (\(type))", reason: "has no outputs")
        }
    }

    func error(_ reason: String) -> ModelImportError {
        ModelImportError(location: "layer \(index) (\(type))", reason: reason)
    }
}

/// An operation input before tensors are numbered: a file tensor, or an integer constant made from `params`.
private enum LayerInput {
    case file(Int)
    case constant(Tensor)
}

private struct ZKMLGraphBuilder {
    let root: DocumentNode

    static func tensorName(_ fileIndex: Int) -> String { "tensor \(fileIndex)" }

    func graph() throws -> Graph {
        let scale = try root.required("global_sf")
        let scaleFactor = try scale.int()
        guard scaleFactor > 0, scaleFactor & (scaleFactor - 1) == 0 else {
            throw scale.error("global_sf \(scaleFactor) is not a power of two")
        }
        let layers = try root.required("layers").elements().enumerated().map { try ZKMLLayer($1, index: $0) }
        let graphInputs = try root.member("inp_idxes")?.ints() ?? []
        var graphOutputs = try root.member("out_idxes")?.ints() ?? []
        if graphOutputs.isEmpty { graphOutputs = layers.last?.outputs ?? [] }
        var fileTensors = [Int: ZKMLTensorEntry]()
        for node in try root.member("tensors")?.elements() ?? [] {
            let entry = try ZKMLTensorEntry(node)
            fileTensors[entry.index] = entry
        }

        let mapped = try layers.map { layer in
            let (op, inputs) = try operation(for: layer)
            if let problem = ImportValidation.windowProblem(op) { throw layer.error(problem) }
            return (layer, (op, inputs))
        }

        let (shapes, produced) = try layerShapes(layers)
        // The graph numbers the file tensors it uses in ascending file index, then the params-made constants.
        var used = Set(graphInputs).union(graphOutputs)
        for (layer, (_, inputs)) in mapped {
            used.formUnion(layer.outputs)
            for case .file(let index) in inputs { used.insert(index) }
        }
        let order = used.sorted()
        var dense = [Int: Int]()
        let graphInputSet = Set(graphInputs)
        var tensors = try order.enumerated().map { position, index in
            dense[index] = position
            let isConstant = !produced.contains(index) && !graphInputSet.contains(index)
            return try tensor(index: index, shape: shapes[index] ?? fileTensors[index]?.shape ?? [],
                              entry: fileTensors[index], isConstant: isConstant)
        }
        for index in graphOutputs where shapes[index] == nil {
            throw root.error("output tensor \(index) is produced by no layer")
        }

        var operations = [Operation]()
        operations.reserveCapacity(mapped.count)
        for (layer, (op, inputs)) in mapped {
            let inputIndices: [Int?] = inputs.map { input in
                switch input {
                case .file(let index): return dense[index]
                case .constant(let tensor):
                    tensors.append(tensor)
                    return tensors.count - 1
                }
            }
            let outputs = layer.outputs.compactMap { dense[$0] }
            operations.append(Operation(op: op, inputs: inputIndices, outputs: outputs))
        }
        return Graph(tensors: tensors, operations: operations, inputs: graphInputs.compactMap { dense[$0] },
                     outputs: graphOutputs.compactMap { dense[$0] },
                     fixedPointScaleBits: scaleFactor.trailingZeroBitCount).withoutUnusedOperations()
    }

    /// Each tensor's shape as the layers see it (from its producer, else its first consumer), and which tensors
    /// some layer produces.
    private func layerShapes(_ layers: [ZKMLLayer]) throws -> (shapes: [Int: [Int]], produced: Set<Int>) {
        var shapes = [Int: [Int]]()
        var produced = Set<Int>()
        for layer in layers {
            for (index, shape) in zip(layer.outputs, layer.outputShapes) {
                guard produced.insert(index).inserted else {
                    throw layer.error("tensor \(index) is already the output of an earlier layer")
                }
                shapes[index] = shape
            }
        }
        for layer in layers {
            for (index, shape) in zip(layer.inputs, layer.inputShapes) where shapes[index] == nil {
                shapes[index] = shape
            }
        }
        return (shapes, produced)
    }

    /// A file tensor. Weights carry their fixed-point data when the file has it (`model.msgpack`); the shape-only
    /// `config.msgpack` leaves `data` nil.
    private func tensor(index: Int, shape: [Int], entry: ZKMLTensorEntry?, isConstant: Bool) throws -> Tensor {
        var tensor = Tensor(name: Self.tensorName(index), shape: shape, elementType: .float32,
                            isConstant: isConstant)
        if isConstant, let entry, !entry.data.isEmpty {
            guard entry.data.count == tensor.elementCount else {
                throw ModelImportError(location: "tensor \(index)",
                                       reason: "\(entry.data.count) values do not fill shape \(shape)")
            }
            tensor.data = .integer(entry.data)
        }
        return tensor
    }

    private func integerConstant(_ layer: ZKMLLayer, _ role: String, shape: [Int], values: [Int]) -> LayerInput {
        .constant(Tensor(name: "layer \(layer.index) \(layer.type) \(role)", shape: shape, elementType: .int32,
                         data: .integer(values.map(Int64.init)), isConstant: true))
    }

    private func activation(_ code: Int?, _ layer: ZKMLLayer) throws -> Activation {
        switch code ?? 0 {
        case 0: return .none
        case 1: return .relu
        case 2: return .reluN1To1
        case 3: return .relu6
        default: throw layer.error("unknown fused activation \(code ?? 0)")
        }
    }

    private func requireInputs(_ layer: ZKMLLayer, _ count: Int) throws {
        guard layer.inputs.count >= count else {
            throw layer.error("has \(layer.inputs.count) inputs, needs at least \(count)")
        }
    }

    private func requireParams(_ layer: ZKMLLayer, _ count: Int) throws {
        guard layer.params.count >= count else {
            throw layer.error("has \(layer.params.count) params, needs at least \(count)")
        }
    }

    private func unaryInput(_ layer: ZKMLLayer) throws -> [LayerInput] {
        try requireInputs(layer, 1)
        return [.file(layer.inputs[0])]
    }

    /// The layer's operator and inputs, in TFLite's operand order.
    private func operation(for layer: ZKMLLayer) throws -> (Operator, [LayerInput]) {
        let files = layer.inputs.map(LayerInput.file)
        switch layer.type {
        case "Conv2D":
            try requireInputs(layer, 2)
            try requireParams(layer, 5)
            let depthwise = layer.params[0] == 1
            guard layer.params[1] == 0 || layer.params[1] == 1 else {
                throw layer.error("unknown padding \(layer.params[1])")
            }
            var options = Conv2DOptions(padding: layer.params[1] == 0 ? .same : .valid,
                                        strideHeight: layer.params[3], strideWidth: layer.params[4],
                                        activation: try activation(layer.params[2], layer))
            if depthwise, let inputChannels = layer.inputShapes[0].last,
               let outputChannels = layer.inputShapes[1].last, inputChannels > 0 {
                options.depthMultiplier = max(1, outputChannels / inputChannels)
            }
            return (depthwise ? .depthwiseConv2D(options) : .conv2D(options), files)
        case "FullyConnected":
            try requireInputs(layer, 2)
            let inputRank = layer.inputShapes[0].count
            let keepNumDims = inputRank > 2 && layer.outputShapes[0].count == inputRank
            let bias: [LayerInput] = layer.inputs.count > 2 ? [files[2]] : []
            return (.fullyConnected(activation: try activation(layer.params.first, layer), keepNumDims: keepNumDims),
                    Array(files.prefix(2)) + bias)
        case "AveragePool2D", "MaxPool2D":
            try requireInputs(layer, 1)
            try requireParams(layer, 4)
            let pool = Pool2DOptions(padding: .valid, strideHeight: layer.params[2], strideWidth: layer.params[3],
                                     filterHeight: layer.params[0], filterWidth: layer.params[1])
            return (layer.type == "MaxPool2D" ? .maxPool2D(pool) : .averagePool2D(pool), [files[0]])
        case "Add":
            try requireInputs(layer, 2)
            return (.add(try activation(layer.params.first, layer)), files)
        case "Sub":
            try requireInputs(layer, 2)
            return (.sub(.none), files)
        case "Mul":
            try requireInputs(layer, 2)
            return (.mul(.none), files)
        case "DivVar":
            try requireInputs(layer, 2)
            return (.div(.none), files)
        case "SquaredDifference":
            try requireInputs(layer, 2)
            return (.squaredDifference, files)
        case "Pow":
            try requireInputs(layer, 2)
            return (.pow, files)
        case "Square": return (.square, try unaryInput(layer))
        case "Rsqrt": return (.rsqrt, try unaryInput(layer))
        case "Sqrt": return (.sqrt, try unaryInput(layer))
        case "Logistic": return (.logistic, try unaryInput(layer))
        case "Tanh": return (.tanh, try unaryInput(layer))
        case "Softmax":
            // Softmax's params repeat the preceding MaskNegInf's mask, which that operation already applies.
            return (.softmax(beta: 1), try unaryInput(layer))
        case "Mean":
            try requireInputs(layer, 1)
            let keepDims = layer.outputShapes[0].count == layer.inputShapes[0].count
            return (.mean(keepDims: keepDims),
                    [files[0], integerConstant(layer, "axes", shape: [layer.params.count], values: layer.params)])
        case "Reshape":
            try requireInputs(layer, 1)
            let shape = layer.outputShapes[0]
            return (.reshape, [files[0], integerConstant(layer, "shape", shape: [shape.count], values: shape)])
        case "Transpose":
            try requireInputs(layer, 1)
            // params: the input's shape, then the permutation.
            let rank = layer.params.count / 2
            guard rank > 0, layer.params.count == 2 * rank else {
                throw layer.error("params \(layer.params) are not a shape followed by a permutation")
            }
            return (.transpose, [files[0], integerConstant(layer, "permutation", shape: [rank],
                                                           values: Array(layer.params.suffix(rank)))])
        case "Pad":
            try requireInputs(layer, 1)
            guard !layer.params.isEmpty, layer.params.count % 2 == 0 else {
                throw layer.error("paddings \(layer.params) are not pairs")
            }
            return (.pad, [files[0], integerConstant(layer, "paddings", shape: [layer.params.count / 2, 2],
                                                     values: layer.params)])
        case "Slice":
            try requireInputs(layer, 1)
            let rank = layer.params.count / 2
            guard rank > 0, layer.params.count == 2 * rank else {
                throw layer.error("params \(layer.params) are not begin and size")
            }
            return (.slice, [files[0],
                             integerConstant(layer, "begin", shape: [rank], values: Array(layer.params.prefix(rank))),
                             integerConstant(layer, "size", shape: [rank], values: Array(layer.params.suffix(rank)))])
        case "Split":
            // Inputs are [axis tensor, data], as in TFLite; params are [axis, number of splits].
            try requireInputs(layer, 2)
            try requireParams(layer, 2)
            guard layer.params[1] == layer.outputs.count else {
                throw layer.error("\(layer.params[1]) splits but \(layer.outputs.count) outputs")
            }
            return (.split(count: layer.params[1]),
                    [integerConstant(layer, "axis", shape: [], values: [layer.params[0]]), files[1]])
        case "Concatenation":
            try requireInputs(layer, 1)
            return (.concatenation(axis: layer.params.first ?? 0, activation: .none), files)
        case "Pack":
            try requireInputs(layer, 1)
            return (.pack(axis: layer.params.first ?? 0, count: layer.inputs.count), files)
        case "BatchMatMul":
            try requireInputs(layer, 2)
            let adjoint = layer.params + [0, 0]
            return (.batchMatMul(adjointX: adjoint[0] != 0, adjointY: adjoint[1] != 0), Array(files.prefix(2)))
        case "ResizeNearestNeighbor":
            try requireInputs(layer, 1)
            let flags = layer.params + [0, 0]
            return (.resizeNearestNeighbor(alignCorners: flags[0] != 0, halfPixelCenters: flags[1] != 0), files)
        case "MaskNegInf":
            try requireInputs(layer, 1)
            let (maskShape, mask) = try maskParams(layer)
            return (.maskNegativeInfinity(maskShape: maskShape, mask: mask), [files[0]])
        case "Noop":
            try requireInputs(layer, 1)
            // The paper's Noop returns the input that params[0] names.
            let source = layer.params.first ?? 0
            guard files.indices.contains(source) else { throw layer.error("passes through missing input \(source)") }
            return (.identity, [files[source]])
        default:
            throw layer.error("layer type not supported")
        }
    }

    /// `[rank, *shape, *flat mask]`.
    private func maskParams(_ layer: ZKMLLayer) throws -> ([Int], [Bool]) {
        guard let rank = layer.params.first, rank >= 0, layer.params.count > rank else {
            throw layer.error("mask params do not start with a rank and a shape")
        }
        let shape = Array(layer.params[1..<(rank + 1)])
        let values = layer.params.dropFirst(rank + 1)
        guard case .success(let count) = ImportValidation.elementCount(shape), values.count == count else {
            throw layer.error("mask of \(values.count) values does not fill shape \(shape)")
        }
        return (shape, values.map { $0 != 0 })
    }
}
