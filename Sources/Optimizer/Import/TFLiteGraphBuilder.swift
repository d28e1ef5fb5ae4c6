/// Turns a `TFLiteModelRecord` into the graph IR: tensor types and constant data from the buffers, and each
/// operator with its options (schema defaults for absent fields).
enum TFLiteGraphBuilder {
    static func graph(from model: TFLiteModelRecord) throws -> Graph {
        var tensors = try model.tensors.enumerated().map { index, record in
            try tensor(record, index: index, buffers: model.buffers)
        }
        var operations = [Operation]()
        operations.reserveCapacity(model.operators.count)
        for (index, record) in model.operators.enumerated() {
            guard model.operatorCodes.indices.contains(record.opcodeIndex) else {
                throw ModelImportError(location: "op \(index)",
                                       reason: "opcode index \(record.opcodeIndex) is not among the model's "
                                           + "\(model.operatorCodes.count) operator codes")
            }
            let site = OperatorSite(index: index,
                                    name: TFLiteSchema.operatorName(model.operatorCodes[record.opcodeIndex]),
                                    record: record)
            operations.append(try site.operation(appendingConstantsTo: &tensors))
        }
        for (listName, list) in [("inputs", model.inputs), ("outputs", model.outputs)] {
            for index in list where !tensors.indices.contains(index) {
                throw ModelImportError(location: "subgraph \(listName)",
                                       reason: "tensor index \(index) is out of range (\(tensors.count) tensors)")
            }
        }
        return Graph(tensors: tensors, operations: operations, inputs: model.inputs, outputs: model.outputs)
    }

    private static func tensor(_ record: TFLiteTensorRecord, index: Int, buffers: [[UInt8]]) throws -> Tensor {
        let location = "tensor \(index) '\(record.name)'"
        let elementType: ElementType
        switch record.typeCode {
        case 0: elementType = .float32
        case 2: elementType = .int32
        case 4: elementType = .int64
        default:
            throw ModelImportError(location: location, reason: "type \(TFLiteSchema.tensorTypeName(record.typeCode)) "
                                       + "is not supported (zkml imports float32 models)")
        }
        let count: Int
        switch ImportValidation.elementCount(record.shape) {
        case .success(let elements): count = elements
        case .failure(let problem): throw ModelImportError(location: location, reason: problem.reason)
        }
        guard buffers.indices.contains(record.buffer) else {
            throw ModelImportError(location: location,
                                   reason: "buffer index \(record.buffer) is out of range (\(buffers.count) buffers)")
        }
        var tensor = Tensor(name: record.name, shape: record.shape, elementType: elementType)
        let bytes = buffers[record.buffer]
        guard !bytes.isEmpty else { return tensor }
        let width = elementType == .int64 ? 8 : 4
        guard count * width == bytes.count else {
            throw ModelImportError(location: location,
                                   reason: "buffer \(record.buffer) holds \(bytes.count) bytes, but shape "
                                       + "\(record.shape) of \(elementType.rawValue) needs \(count)×\(width)")
        }
        tensor.data = decode(bytes, as: elementType, count: count)
        tensor.isConstant = true
        return tensor
    }

    /// Little-endian element bytes to values.
    private static func decode(_ bytes: [UInt8], as type: ElementType, count: Int) -> TensorData {
        bytes.withUnsafeBytes { raw in
            switch type {
            case .float32:
                return .float((0..<count).map {
                    Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self)))
                })
            case .int32:
                return .integer((0..<count).map {
                    Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)))
                })
            case .int64:
                return .integer((0..<count).map {
                    Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self))
                })
            }
        }
    }
}

/// One operator being converted: its index and name for messages, and its record.
private struct OperatorSite {
    let index: Int
    let name: String
    let record: TFLiteOperatorRecord

    func error(_ reason: String) -> ModelImportError {
        ModelImportError(location: "op \(index) (\(name))", reason: reason)
    }

    func operation(appendingConstantsTo tensors: inout [Tensor]) throws -> Operation {
        var inputs: [Int?] = try record.inputs.map { input in
            if input == -1 { return nil }
            guard tensors.indices.contains(input) else {
                throw error("input tensor \(input) is out of range (\(tensors.count) tensors)")
            }
            return input
        }
        for output in record.outputs where !tensors.indices.contains(output) {
            throw error("output tensor \(output) is out of range (\(tensors.count) tensors)")
        }
        guard !record.outputs.isEmpty else { throw error("has no outputs") }
        let (op, minimumInputs) = try mapOperator(tensors)
        if let problem = ImportValidation.windowProblem(op) { throw error(problem) }
        if case .reshape = op, inputs.count == 1 {
            // RESHAPE may carry its new shape as an option instead of an input; the IR wants the input, and the
            // output tensor's shape is that new shape.
            let output = tensors[record.outputs[0]]
            tensors.append(Tensor(name: "\(output.name)/shape", shape: [output.shape.count], elementType: .int32,
                                  data: .integer(output.shape.map(Int64.init)), isConstant: true))
            inputs.append(tensors.count - 1)
        }
        guard inputs.count >= minimumInputs else {
            throw error("has \(inputs.count) inputs, needs at least \(minimumInputs)")
        }
        return Operation(op: op, inputs: inputs, outputs: record.outputs)
    }

    /// The options table if it is the one `table` names, nil when the operator stores none.
    private func options(_ table: TFLiteOptionsTable) throws -> OptionFields {
        guard let options = record.options else { return OptionFields(reader: nil) }
        guard options.isTable(table) else {
            throw error("builtin options are \(options.tableName), expected \(table.name)")
        }
        return OptionFields(reader: options)
    }

    private func activation(_ code: Int) throws -> Activation {
        switch code {
        case 0: return .none
        case 1: return .relu
        case 2: return .reluN1To1
        case 3: return .relu6
        default:
            let name = TFLiteSchema.activationNames.indices.contains(code) ? TFLiteSchema.activationNames[code]
                                                                             : "\(code)"
            throw error("fused activation \(name) is not supported")
        }
    }

    private func padding(_ code: Int) throws -> Padding {
        switch code {
        case 0: return .same
        case 1: return .valid
        default: throw error("unknown padding \(code)")
        }
    }

    private func fusedActivation(_ table: TFLiteOptionsTable, slot: Int = 0) throws -> Activation {
        try activation(try options(table).byteEnum("fused_activation_function", slot: slot,
                                                   cases: TFLiteSchema.activationNames))
    }

    /// The IR operator and how many inputs it needs.
    private func mapOperator(_ tensors: [Tensor]) throws -> (Operator, Int) {
        switch name {
        case "FULLY_CONNECTED":
            let fields = try options(.fullyConnected)
            return (.fullyConnected(activation: try fusedActivation(.fullyConnected),
                                    keepNumDims: try fields.bool("keep_num_dims", slot: 2)), 2)
        case "CONV_2D":
            let fields = try options(.conv2D)
            return (.conv2D(Conv2DOptions(
                padding: try padding(try fields.byteEnum("padding", slot: 0, cases: TFLiteSchema.paddingNames)),
                strideHeight: try fields.int32("stride_h", slot: 2),
                strideWidth: try fields.int32("stride_w", slot: 1),
                dilationHeight: try fields.int32("dilation_h_factor", slot: 5, default: 1),
                dilationWidth: try fields.int32("dilation_w_factor", slot: 4, default: 1),
                activation: try fusedActivation(.conv2D, slot: 3))), 2)
        case "DEPTHWISE_CONV_2D":
            let fields = try options(.depthwiseConv2D)
            var multiplier = try fields.int32("depth_multiplier", slot: 3)
            if multiplier <= 0 { multiplier = depthMultiplierFromShapes(tensors) }
            return (.depthwiseConv2D(Conv2DOptions(
                padding: try padding(try fields.byteEnum("padding", slot: 0, cases: TFLiteSchema.paddingNames)),
                strideHeight: try fields.int32("stride_h", slot: 2),
                strideWidth: try fields.int32("stride_w", slot: 1),
                dilationHeight: try fields.int32("dilation_h_factor", slot: 6, default: 1),
                dilationWidth: try fields.int32("dilation_w_factor", slot: 5, default: 1),
                activation: try fusedActivation(.depthwiseConv2D, slot: 4),
                depthMultiplier: multiplier)), 2)
        case "AVERAGE_POOL_2D", "MAX_POOL_2D":
            let fields = try options(.pool2D)
            let pool = Pool2DOptions(
                padding: try padding(try fields.byteEnum("padding", slot: 0, cases: TFLiteSchema.paddingNames)),
                strideHeight: try fields.int32("stride_h", slot: 2),
                strideWidth: try fields.int32("stride_w", slot: 1),
                filterHeight: try fields.int32("filter_height", slot: 4),
                filterWidth: try fields.int32("filter_width", slot: 3),
                activation: try fusedActivation(.pool2D, slot: 5))
            return (name == "MAX_POOL_2D" ? .maxPool2D(pool) : .averagePool2D(pool), 1)
        case "MEAN", "SUM":
            let keepDims = try options(.reducer).bool("keep_dims", slot: 0)
            return (name == "MEAN" ? .mean(keepDims: keepDims) : .sum(keepDims: keepDims), 2)
        case "BATCH_MATMUL":
            let fields = try options(.batchMatMul)
            return (.batchMatMul(adjointX: try fields.bool("adj_x", slot: 0),
                                 adjointY: try fields.bool("adj_y", slot: 1)), 2)
        case "ADD": return (.add(try fusedActivation(.add)), 2)
        case "SUB": return (.sub(try fusedActivation(.sub)), 2)
        case "MUL": return (.mul(try fusedActivation(.mul)), 2)
        case "DIV": return (.div(try fusedActivation(.div)), 2)
        case "SQUARED_DIFFERENCE": return (.squaredDifference, 2)
        case "POW": return (.pow, 2)
        case "SQUARE": return (.square, 1)
        case "SQRT": return (.sqrt, 1)
        case "RSQRT": return (.rsqrt, 1)
        case "EXP": return (.exp, 1)
        case "LOGISTIC": return (.logistic, 1)
        case "TANH": return (.tanh, 1)
        case "NEG": return (.neg, 1)
        case "RELU": return (.relu, 1)
        case "RELU6": return (.relu6, 1)
        case "HARD_SWISH": return (.hardSwish, 1)
        case "LEAKY_RELU":
            return (.leakyRelu(alpha: try options(.leakyRelu).float32("alpha", slot: 0)), 1)
        case "GELU":
            return (.gelu(approximate: try options(.gelu).bool("approximate", slot: 0)), 1)
        case "SOFTMAX":
            return (.softmax(beta: try options(.softmax).float32("beta", slot: 0)), 1)
        case "RESHAPE": return (.reshape, 1)
        case "TRANSPOSE": return (.transpose, 2)
        case "SLICE": return (.slice, 3)
        case "PAD": return (.pad, 2)
        case "CONCATENATION":
            let fields = try options(.concatenation)
            return (.concatenation(axis: try fields.int32("axis", slot: 0),
                                   activation: try fusedActivation(.concatenation, slot: 1)), 1)
        case "PACK":
            let fields = try options(.pack)
            let count = try fields.int32("values_count", slot: 0)
            guard count == record.inputs.count else {
                throw error("values_count \(count) differs from its \(record.inputs.count) inputs")
            }
            return (.pack(axis: try fields.int32("axis", slot: 1), count: count), 1)
        case "UNPACK":
            let fields = try options(.unpack)
            let count = try fields.int32("num", slot: 0)
            guard count == record.outputs.count else {
                throw error("num \(count) differs from its \(record.outputs.count) outputs")
            }
            return (.unpack(axis: try fields.int32("axis", slot: 1), count: count), 1)
        case "SPLIT":
            let count = try options(.split).int32("num_splits", slot: 0)
            guard count == record.outputs.count else {
                throw error("num_splits \(count) differs from its \(record.outputs.count) outputs")
            }
            return (.split(count: count), 2)
        case "STRIDED_SLICE":
            let fields = try options(.stridedSlice)
            return (.stridedSlice(StridedSliceOptions(
                beginMask: try fields.int32("begin_mask", slot: 0),
                endMask: try fields.int32("end_mask", slot: 1),
                ellipsisMask: try fields.int32("ellipsis_mask", slot: 2),
                newAxisMask: try fields.int32("new_axis_mask", slot: 3),
                shrinkAxisMask: try fields.int32("shrink_axis_mask", slot: 4),
                offset: try fields.bool("offset", slot: 5))), 4)
        case "GATHER":
            let fields = try options(.gather)
            return (.gather(axis: try fields.int32("axis", slot: 0),
                            batchDims: try fields.int32("batch_dims", slot: 1)), 2)
        case "RESIZE_NEAREST_NEIGHBOR":
            let fields = try options(.resizeNearestNeighbor)
            return (.resizeNearestNeighbor(alignCorners: try fields.bool("align_corners", slot: 0),
                                           halfPixelCenters: try fields.bool("half_pixel_centers", slot: 1)), 2)
        default:
            throw error("operator not supported")
        }
    }

    /// Output channels over input channels, for files that leave the redundant `depth_multiplier` at 0.
    private func depthMultiplierFromShapes(_ tensors: [Tensor]) -> Int {
        guard record.inputs.count >= 2, tensors.indices.contains(record.inputs[0]),
              tensors.indices.contains(record.inputs[1]),
              let inputChannels = tensors[record.inputs[0]].shape.last,
              let outputChannels = tensors[record.inputs[1]].shape.last,
              inputChannels > 0, outputChannels % inputChannels == 0 else { return 1 }
        return outputChannels / inputChannels
    }
}

/// An operator's options fields, or the schema defaults when the operator stores no options table.
private struct OptionFields {
    let reader: (any TFLiteOptionsReader)?

    func int32(_ field: String, slot: Int, default value: Int = 0) throws -> Int {
        try reader?.int32(field, slot: slot, default: value) ?? value
    }

    func bool(_ field: String, slot: Int, default value: Bool = false) throws -> Bool {
        try reader?.bool(field, slot: slot, default: value) ?? value
    }

    func float32(_ field: String, slot: Int, default value: Float = 0) throws -> Float {
        try reader?.float32(field, slot: slot, default: value) ?? value
    }

    func byteEnum(_ field: String, slot: Int, cases: [String], default value: Int = 0) throws -> Int {
        try reader?.byteEnum(field, slot: slot, cases: cases, default: value) ?? value
    }
}
