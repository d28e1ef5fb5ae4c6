/// The layers that sum products or windows, written once over `LayerArithmetic` with TFLite's layouts: NHWC
/// activations, fully connected weights `[out, in]`, convolution filters `[out, kh, kw, in]`, depthwise filters
/// `[1, kh, kw, in · multiplier]`.
enum LayerKernels {
    /// Runs the layers both interpreters share (fully connected, convolutions, pooling, MEAN, SUM, batch matmul).
    static func execute<A: LayerArithmetic>(_ operation: Operation, _ store: TensorStore<A.Scalar>,
                                            _ arithmetic: A) throws -> [DenseTensor<A.Scalar>] {
        let input = try store.value(operation, 0)
        switch operation.op {
        case .fullyConnected(let activation, let keepNumDims):
            return [try fullyConnected(input, weights: try store.value(operation, 1),
                                       bias: try store.optionalValue(operation, 2), activation: activation,
                                       keepNumDims: keepNumDims, arithmetic)]
        case .conv2D(let options):
            return [try conv2D(input, filter: try store.value(operation, 1), bias: try store.optionalValue(operation, 2),
                               options: options, arithmetic)]
        case .depthwiseConv2D(let options):
            return [try depthwiseConv2D(input, filter: try store.value(operation, 1),
                                        bias: try store.optionalValue(operation, 2), options: options, arithmetic)]
        case .averagePool2D(let options):
            return [try pool2D(input, options: options, average: true, arithmetic)]
        case .maxPool2D(let options):
            return [try pool2D(input, options: options, average: false, arithmetic)]
        case .mean(let keepDims):
            return [try reduce(input, axes: try store.integers(operation, 1).scalars, keepDims: keepDims,
                               average: true, arithmetic)]
        case .sum(let keepDims):
            return [try reduce(input, axes: try store.integers(operation, 1).scalars, keepDims: keepDims,
                               average: false, arithmetic)]
        case .batchMatMul(let adjointX, let adjointY):
            return [try batchMatMul(input, try store.value(operation, 1), adjointX: adjointX, adjointY: adjointY,
                                    arithmetic)]
        default:
            throw KernelFailure.invalid("is not a layer that sums products or windows")
        }
    }

    static func fullyConnected<A: LayerArithmetic>(
        _ input: DenseTensor<A.Scalar>, weights: DenseTensor<A.Scalar>, bias: DenseTensor<A.Scalar>?,
        activation: Activation, keepNumDims: Bool, _ arithmetic: A
    ) throws -> DenseTensor<A.Scalar> {
        guard weights.shape.count == 2, weights.shape[1] > 0, input.count % weights.shape[1] == 0 else {
            throw KernelFailure.invalid("weights \(weights.shape) do not fit input \(input.shape)")
        }
        let (outputs, depth) = (weights.shape[0], weights.shape[1])
        if let bias, bias.count != outputs {
            throw KernelFailure.invalid("bias \(bias.shape) does not fit \(outputs) outputs")
        }
        let rows = input.count / depth
        var result = [A.Scalar]()
        result.reserveCapacity(rows * outputs)
        try input.scalars.withUnsafeBufferPointer { x in
            try weights.scalars.withUnsafeBufferPointer { w in
                for row in 0..<rows {
                    for output in 0..<outputs {
                        var accumulator = arithmetic.newAccumulator()
                        for k in 0..<depth {
                            try arithmetic.accumulateProduct(&accumulator, x[row * depth + k], w[output * depth + k])
                        }
                        let value = try arithmetic.productSum(accumulator, bias: bias?.scalars[output])
                        result.append(arithmetic.activate(value, activation))
                    }
                }
            }
        }
        let shape = keepNumDims && !input.shape.isEmpty ? input.shape.dropLast() + [outputs] : [rows, outputs]
        return DenseTensor(shape: shape, scalars: result)
    }

    /// CONV_2D, including grouped convolution (filter depth a divisor of the input's channels).
    static func conv2D<A: LayerArithmetic>(
        _ input: DenseTensor<A.Scalar>, filter: DenseTensor<A.Scalar>, bias: DenseTensor<A.Scalar>?,
        options: Conv2DOptions, _ arithmetic: A
    ) throws -> DenseTensor<A.Scalar> {
        guard filter.shape.count == 4 else {
            throw KernelFailure.invalid("filter shape \(filter.shape) is not [out, kh, kw, in]")
        }
        let (outChannels, kh, kw, depth) = (filter.shape[0], filter.shape[1], filter.shape[2], filter.shape[3])
        let layout = try WindowLayout(input: input.shape, windowHeight: kh, windowWidth: kw,
                                      strideHeight: options.strideHeight, strideWidth: options.strideWidth,
                                      dilationHeight: options.dilationHeight, dilationWidth: options.dilationWidth,
                                      padding: options.padding)
        let channels = layout.inputChannels
        guard depth > 0, channels % depth == 0, outChannels % (channels / depth) == 0 else {
            throw KernelFailure.invalid("filter \(filter.shape) does not fit input \(input.shape)")
        }
        if let bias, bias.count != outChannels {
            throw KernelFailure.invalid("bias \(bias.shape) does not fit \(outChannels) output channels")
        }
        let perGroup = outChannels / (channels / depth)
        let (rows, columns) = (layout.rows, layout.columns)
        var result = [A.Scalar]()
        result.reserveCapacity(layout.batches * rows.outputSize * columns.outputSize * outChannels)
        try input.scalars.withUnsafeBufferPointer { x in
            try filter.scalars.withUnsafeBufferPointer { w in
                for batch in 0..<layout.batches {
                    for outRow in 0..<rows.outputSize {
                        for outColumn in 0..<columns.outputSize {
                            for outChannel in 0..<outChannels {
                                let firstChannel = (outChannel / perGroup) * depth
                                var accumulator = arithmetic.newAccumulator()
                                for tapRow in 0..<kh {
                                    guard let inRow = rows.inputIndex(output: outRow, tap: tapRow) else { continue }
                                    for tapColumn in 0..<kw {
                                        guard let inColumn = columns.inputIndex(output: outColumn, tap: tapColumn)
                                        else { continue }
                                        let inputBase = ((batch * rows.inputSize + inRow) * columns.inputSize
                                            + inColumn) * channels + firstChannel
                                        let filterBase = ((outChannel * kh + tapRow) * kw + tapColumn) * depth
                                        for k in 0..<depth {
                                            try arithmetic.accumulateProduct(&accumulator, x[inputBase + k],
                                                                             w[filterBase + k])
                                        }
                                    }
                                }
                                let value = try arithmetic.productSum(accumulator, bias: bias?.scalars[outChannel])
                                result.append(arithmetic.activate(value, options.activation))
                            }
                        }
                    }
                }
            }
        }
        return DenseTensor(shape: layout.outputShape(channels: outChannels), scalars: result)
    }

    /// DEPTHWISE_CONV_2D: output channel `c · multiplier + m` reads input channel `c` only, which is the grouped
    /// convolution with one input channel per group once the filter `[1, kh, kw, out]` is laid out as
    /// `[out, kh, kw, 1]`.
    static func depthwiseConv2D<A: LayerArithmetic>(
        _ input: DenseTensor<A.Scalar>, filter: DenseTensor<A.Scalar>, bias: DenseTensor<A.Scalar>?,
        options: Conv2DOptions, _ arithmetic: A
    ) throws -> DenseTensor<A.Scalar> {
        guard filter.shape.count == 4, filter.shape[0] == 1, input.shape.count == 4, input.shape[3] > 0,
              filter.shape[3] % input.shape[3] == 0 else {
            throw KernelFailure.invalid("depthwise filter \(filter.shape) does not fit input \(input.shape)")
        }
        let perChannel = try DataMovement.transpose(filter, permutation: [3, 1, 2, 0])
        return try conv2D(input, filter: perChannel, bias: bias, options: options, arithmetic)
    }

    /// AVERAGE_POOL_2D (divides by the taps inside the input, as TFLite does for SAME padding) and MAX_POOL_2D.
    static func pool2D<A: LayerArithmetic>(
        _ input: DenseTensor<A.Scalar>, options: Pool2DOptions, average: Bool, _ arithmetic: A
    ) throws -> DenseTensor<A.Scalar> {
        let layout = try WindowLayout(input: input.shape, windowHeight: options.filterHeight,
                                      windowWidth: options.filterWidth, strideHeight: options.strideHeight,
                                      strideWidth: options.strideWidth, padding: options.padding)
        let (rows, columns, channels) = (layout.rows, layout.columns, layout.inputChannels)
        var result = [A.Scalar]()
        result.reserveCapacity(layout.batches * rows.outputSize * columns.outputSize * channels)
        try input.scalars.withUnsafeBufferPointer { x in
            for batch in 0..<layout.batches {
                for outRow in 0..<rows.outputSize {
                    for outColumn in 0..<columns.outputSize {
                        for channel in 0..<channels {
                            var accumulator = arithmetic.newAccumulator()
                            var maximum: A.Scalar?
                            var taps = 0
                            for tapRow in 0..<options.filterHeight {
                                guard let inRow = rows.inputIndex(output: outRow, tap: tapRow) else { continue }
                                for tapColumn in 0..<options.filterWidth {
                                    guard let inColumn = columns.inputIndex(output: outColumn, tap: tapColumn)
                                    else { continue }
                                    let value = x[((batch * rows.inputSize + inRow) * columns.inputSize + inColumn)
                                        * channels + channel]
                                    taps += 1
                                    if average {
                                        try arithmetic.accumulate(&accumulator, value)
                                    } else if maximum.map({ value > $0 }) ?? true {
                                        maximum = value
                                    }
                                }
                            }
                            guard taps > 0 else {
                                throw KernelFailure.invalid("a pooling window lies entirely in the padding")
                            }
                            let value = average
                                ? try arithmetic.average(accumulator, count: taps) : maximum ?? arithmetic.zero
                            result.append(arithmetic.activate(value, options.activation))
                        }
                    }
                }
            }
        }
        return DenseTensor(shape: layout.outputShape(channels: channels), scalars: result)
    }

    /// MEAN and SUM over the listed axes (negative axes count from the end; duplicates are ignored).
    static func reduce<A: LayerArithmetic>(
        _ input: DenseTensor<A.Scalar>, axes rawAxes: [Int], keepDims: Bool, average: Bool, _ arithmetic: A
    ) throws -> DenseTensor<A.Scalar> {
        let rank = input.shape.count
        var reduced = Set<Int>()
        for axis in rawAxes { reduced.insert(try TensorShapes.normalizedAxis(axis, rank: rank)) }
        let keptShape = input.shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let outputCount = TensorShapes.elementCount(keptShape)
        let slots = TensorShapes.broadcastIndices(from: keptShape, to: input.shape)
        // broadcastIndices maps each input element to the kept element it reduces into.
        var accumulators = (0..<outputCount).map { _ in arithmetic.newAccumulator() }
        for index in input.scalars.indices { try arithmetic.accumulate(&accumulators[slots[index]], input.scalars[index]) }
        let count = outputCount == 0 ? 0 : input.count / outputCount
        var result = [A.Scalar]()
        result.reserveCapacity(outputCount)
        for accumulator in accumulators {
            result.append(average ? try arithmetic.average(accumulator, count: count) : try arithmetic.sum(accumulator))
        }
        let shape = keepDims ? keptShape : input.shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        return DenseTensor(shape: shape, scalars: result)
    }

    /// BATCH_MATMUL: `x[..., M, K] · y[..., K, N]` with optional adjoints and broadcast batch dimensions.
    static func batchMatMul<A: LayerArithmetic>(
        _ x: DenseTensor<A.Scalar>, _ y: DenseTensor<A.Scalar>, adjointX: Bool, adjointY: Bool, _ arithmetic: A
    ) throws -> DenseTensor<A.Scalar> {
        guard x.shape.count >= 2, y.shape.count >= 2 else {
            throw KernelFailure.invalid("batch matmul operands \(x.shape) and \(y.shape) need rank ≥ 2")
        }
        // Bring both to row-major [batch, M, K] and [batch, N, K] so that every output is a dot of two rows.
        let left = try matrices(x, transposed: adjointX)
        let right = try matrices(y, transposed: !adjointY)
        guard left.depth == right.depth else {
            throw KernelFailure.invalid("batch matmul inner dimensions of \(x.shape) and \(y.shape) differ")
        }
        let batchShape = try TensorShapes.broadcast(left.batchShape, right.batchShape)
        let leftBatch = TensorShapes.broadcastIndices(from: left.batchShape, to: batchShape)
        let rightBatch = TensorShapes.broadcastIndices(from: right.batchShape, to: batchShape)
        let (m, n, k) = (left.rows, right.rows, left.depth)
        var result = [A.Scalar]()
        result.reserveCapacity(leftBatch.count * m * n)
        try left.scalars.withUnsafeBufferPointer { a in
            try right.scalars.withUnsafeBufferPointer { b in
                for batch in leftBatch.indices {
                    let aBase = leftBatch[batch] * m * k, bBase = rightBatch[batch] * n * k
                    for row in 0..<m {
                        for column in 0..<n {
                            var accumulator = arithmetic.newAccumulator()
                            for step in 0..<k {
                                try arithmetic.accumulateProduct(&accumulator, a[aBase + row * k + step],
                                                                 b[bBase + column * k + step])
                            }
                            result.append(try arithmetic.productSum(accumulator, bias: nil))
                        }
                    }
                }
            }
        }
        return DenseTensor(shape: batchShape + [m, n], scalars: result)
    }

    private static func matrices<S>(_ tensor: DenseTensor<S>, transposed: Bool) throws
        -> (batchShape: [Int], rows: Int, depth: Int, scalars: [S]) {
        let rank = tensor.shape.count
        let batchShape = Array(tensor.shape[..<(rank - 2)])
        guard transposed else { return (batchShape, tensor.shape[rank - 2], tensor.shape[rank - 1], tensor.scalars) }
        let swapped = try DataMovement.transpose(tensor, permutation: Array(0..<(rank - 2)) + [rank - 1, rank - 2])
        return (batchShape, tensor.shape[rank - 1], tensor.shape[rank - 2], swapped.scalars)
    }
}
