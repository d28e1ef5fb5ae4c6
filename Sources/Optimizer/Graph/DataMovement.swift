import Gadgets

/// The operations that only move values (TFLite's reshape/transpose/concat family), written once for any scalar:
/// the float and the quantized interpreter run the same code, as the circuit only rewires cells for them.
enum DataMovement {
    static func transpose<S>(_ input: DenseTensor<S>, permutation: [Int]) throws(KernelFailure) -> DenseTensor<S> {
        let rank = input.shape.count
        guard permutation.count == rank, Set(permutation) == Set(0..<rank) else {
            throw .invalid("permutation \(permutation) does not fit rank \(rank)")
        }
        let outputShape = permutation.map { input.shape[$0] }
        let inputStrides = TensorShapes.strides(input.shape)
        let stepAlongOutput = permutation.map { inputStrides[$0] }
        return DenseTensor(shape: outputShape,
                           scalars: gatherStrided(input.scalars, shape: outputShape, strides: stepAlongOutput, start: 0))
    }

    /// Reads `shape`'s elements in row-major order from `source`, where a step along axis `a` moves
    /// `strides[a]` elements (possibly negative) from `start`.
    static func gatherStrided<S>(_ source: [S], shape: [Int], strides: [Int], start: Int) -> [S] {
        StridedWalk.positions(shape: shape, strides: strides, start: start).map { source[$0] }
    }

    static func concatenate<S>(_ parts: [DenseTensor<S>], axis rawAxis: Int) throws(KernelFailure) -> DenseTensor<S> {
        guard let first = parts.first else { throw .invalid("nothing to concatenate") }
        let axis = try TensorShapes.normalizedAxis(rawAxis, rank: first.shape.count)
        for part in parts {
            var expected = first.shape, actual = part.shape
            guard expected.count == actual.count else {
                throw .invalid("cannot concatenate shapes \(first.shape) and \(part.shape)")
            }
            expected[axis] = 0
            actual[axis] = 0
            guard expected == actual else { throw .invalid("cannot concatenate shapes \(first.shape) and \(part.shape)") }
        }
        var outputShape = first.shape
        outputShape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
        let (outer, _, inner) = TensorShapes.around(first.shape, axis: axis)
        var scalars = [S]()
        scalars.reserveCapacity(TensorShapes.elementCount(outputShape))
        for block in 0..<outer {
            for part in parts {
                let length = part.shape[axis] * inner
                scalars.append(contentsOf: part.scalars[(block * length)..<((block + 1) * length)])
            }
        }
        return DenseTensor(shape: outputShape, scalars: scalars)
    }

    /// TFLite PACK: stacks equal-shaped tensors along a new axis.
    static func pack<S>(_ parts: [DenseTensor<S>], axis rawAxis: Int) throws(KernelFailure) -> DenseTensor<S> {
        guard let first = parts.first else { throw .invalid("nothing to pack") }
        guard parts.allSatisfy({ $0.shape == first.shape }) else {
            throw .invalid("packed tensors have different shapes \(parts.map(\.shape))")
        }
        let axis = try TensorShapes.normalizedAxis(rawAxis, rank: first.shape.count + 1)
        var expanded = first.shape
        expanded.insert(1, at: axis)
        return try concatenate(parts.map { DenseTensor(shape: expanded, scalars: $0.scalars) }, axis: axis)
    }

    /// TFLite UNPACK: the slices along `axis`, each without that axis.
    static func unpack<S>(_ input: DenseTensor<S>, axis rawAxis: Int, count: Int) throws(KernelFailure) -> [DenseTensor<S>] {
        let axis = try TensorShapes.normalizedAxis(rawAxis, rank: input.shape.count)
        guard input.shape[axis] == count else {
            throw .invalid("cannot unpack \(count) tensors along axis \(axis) of shape \(input.shape)")
        }
        var pieceShape = input.shape
        pieceShape.remove(at: axis)
        return try split(input, axis: axis, sizes: [Int](repeating: 1, count: count))
            .map { DenseTensor(shape: pieceShape, scalars: $0.scalars) }
    }

    static func split<S>(_ input: DenseTensor<S>, axis rawAxis: Int,
                         sizes: [Int]) throws(KernelFailure) -> [DenseTensor<S>] {
        let axis = try TensorShapes.normalizedAxis(rawAxis, rank: input.shape.count)
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == input.shape[axis] else {
            throw .invalid("cannot split axis \(axis) of shape \(input.shape) into \(sizes)")
        }
        let (outer, size, inner) = TensorShapes.around(input.shape, axis: axis)
        var begin = 0
        return sizes.map { length in
            var shape = input.shape
            shape[axis] = length
            var scalars = [S]()
            scalars.reserveCapacity(outer * length * inner)
            for block in 0..<outer {
                let start = (block * size + begin) * inner
                scalars.append(contentsOf: input.scalars[start..<(start + length * inner)])
            }
            begin += length
            return DenseTensor(shape: shape, scalars: scalars)
        }
    }

    /// TFLite SLICE: `size[a] == -1` means "to the end of axis a".
    static func slice<S>(_ input: DenseTensor<S>, begin: [Int], size: [Int]) throws(KernelFailure) -> DenseTensor<S> {
        let rank = input.shape.count
        guard begin.count == rank, size.count == rank else {
            throw .invalid("slice begin \(begin) and size \(size) do not fit rank \(rank)")
        }
        var outputShape = [Int]()
        for axis in 0..<rank {
            let length = size[axis] == -1 ? input.shape[axis] - begin[axis] : size[axis]
            guard begin[axis] >= 0, length >= 0, begin[axis] + length <= input.shape[axis] else {
                throw .invalid("slice begin \(begin) size \(size) exceeds shape \(input.shape)")
            }
            outputShape.append(length)
        }
        let strides = TensorShapes.strides(input.shape)
        let start = zip(begin, strides).reduce(0) { $0 + $1.0 * $1.1 }
        return DenseTensor(shape: outputShape,
                           scalars: gatherStrided(input.scalars, shape: outputShape, strides: strides, start: start))
    }

    /// TFLite/TensorFlow STRIDED_SLICE with every mask: the sparse begin/end/strides spec is expanded over the
    /// ellipsis (implicitly at the end), new axes insert size-1 dimensions, shrunk axes disappear.
    static func stridedSlice<S>(_ input: DenseTensor<S>, begin: [Int], end: [Int], strides: [Int],
                                options: StridedSliceOptions) throws(KernelFailure) -> DenseTensor<S> {
        let sparseCount = begin.count
        guard end.count == sparseCount, strides.count == sparseCount else {
            throw .invalid("strided slice begin \(begin), end \(end) and strides \(strides) differ in length")
        }
        let rank = input.shape.count
        func bit(_ mask: Int, _ index: Int) -> Bool { (mask >> index) & 1 == 1 }
        let ellipsisPosition = (0..<sparseCount).first { bit(options.ellipsisMask, $0) }
        let newAxesAfterEllipsis = (0..<sparseCount).filter {
            bit(options.newAxisMask, $0) && ($0 > (ellipsisPosition ?? sparseCount))
        }.count
        let newAxes = (0..<sparseCount).filter { bit(options.newAxisMask, $0) && $0 != ellipsisPosition }.count
        guard sparseCount - newAxes - (ellipsisPosition == nil ? 0 : 1) <= rank else {
            throw .invalid("strided slice spec of length \(sparseCount) exceeds rank \(rank)")
        }

        // One entry per input axis: where it starts, how far it steps, how many elements, whether it survives.
        var starts = [Int](repeating: 0, count: rank)
        var steps = [Int](repeating: 1, count: rank)
        var lengths = input.shape
        var outputShape = [Int]()
        var denseAxis = 0

        func sliceAxis(_ axis: Int, begin rawBegin: Int, end rawEnd: Int, stride: Int, beginMasked: Bool,
                       endMasked: Bool, shrink: Bool) throws(KernelFailure) {
            let dim = input.shape[axis]
            guard stride != 0 else { throw .invalid("strided slice stride is 0") }
            if shrink {
                let index = rawBegin < 0 ? rawBegin + dim : rawBegin
                guard (0..<dim).contains(index) else {
                    throw .invalid("strided slice index \(rawBegin) is out of range for axis \(axis) of size \(dim)")
                }
                starts[axis] = index
                lengths[axis] = 1
                return
            }
            let (low, high) = stride > 0 ? (0, dim) : (-1, dim - 1)
            func clampedIndex(_ value: Int) -> Int { min(max(value < 0 ? value + dim : value, low), high) }
            let first = beginMasked ? (stride > 0 ? 0 : dim - 1) : clampedIndex(rawBegin)
            var last: Int
            if endMasked {
                last = stride > 0 ? dim : -1
            } else if options.offset {
                last = min(max(first + rawEnd, low), high)
            } else {
                last = clampedIndex(rawEnd)
            }
            let span = stride > 0 ? last - first : first - last
            let length = span <= 0 ? 0 : (span + abs(stride) - 1) / abs(stride)
            starts[axis] = first
            steps[axis] = stride
            lengths[axis] = length
            outputShape.append(length)
        }

        for index in 0..<sparseCount {
            if index == ellipsisPosition {
                let ellipsisEnd = min(rank - (sparseCount - index) + 1 + newAxesAfterEllipsis, rank)
                while denseAxis < ellipsisEnd {
                    outputShape.append(input.shape[denseAxis])
                    denseAxis += 1
                }
            } else if bit(options.newAxisMask, index) {
                outputShape.append(1)
            } else {
                guard denseAxis < rank else { throw .invalid("strided slice spec exceeds rank \(rank)") }
                try sliceAxis(denseAxis, begin: begin[index], end: end[index], stride: strides[index],
                              beginMasked: bit(options.beginMask, index), endMasked: bit(options.endMask, index),
                              shrink: bit(options.shrinkAxisMask, index))
                denseAxis += 1
            }
        }
        while denseAxis < rank {
            outputShape.append(input.shape[denseAxis])
            denseAxis += 1
        }

        let inputStrides = TensorShapes.strides(input.shape)
        let start = zip(starts, inputStrides).reduce(0) { $0 + $1.0 * $1.1 }
        let walk = zip(steps, inputStrides).map { $0 * $1 }
        let scalars = lengths.contains(0)
            ? [] : gatherStrided(input.scalars, shape: lengths, strides: walk, start: start)
        return DenseTensor(shape: outputShape, scalars: scalars)
    }

    /// TFLite PAD: `paddings` is `[rank, 2]` row-major (before, after per axis).
    static func pad<S>(_ input: DenseTensor<S>, paddings: [Int], value: S) throws(KernelFailure) -> DenseTensor<S> {
        let rank = input.shape.count
        guard paddings.count == 2 * rank, paddings.allSatisfy({ $0 >= 0 }) else {
            throw .invalid("paddings \(paddings) do not fit rank \(rank)")
        }
        let outputShape = (0..<rank).map { (axis: Int) -> Int in
            input.shape[axis] + paddings[2 * axis] + paddings[2 * axis + 1]
        }
        var scalars = [S](repeating: value, count: TensorShapes.elementCount(outputShape))
        let outputStrides = TensorShapes.strides(outputShape)
        let origin = (0..<rank).reduce(0) { (sum: Int, axis: Int) -> Int in sum + paddings[2 * axis] * outputStrides[axis] }
        // Each input element, in row-major order, lands at its shifted place.
        let targets = StridedWalk.positions(shape: input.shape, strides: outputStrides, start: origin)
        for (element, target) in zip(input.scalars, targets) { scalars[target] = element }
        return DenseTensor(shape: outputShape, scalars: scalars)
    }

    /// TFLite GATHER: output shape `params[..<axis] + indices[batchDims...] + params[(axis+1)...]`, the first
    /// `batchDims` axes shared by params and indices.
    static func gather<S>(_ params: DenseTensor<S>, indices: DenseTensor<Int>, axis rawAxis: Int,
                          batchDims rawBatchDims: Int) throws(KernelFailure) -> DenseTensor<S> {
        let axis = try TensorShapes.normalizedAxis(rawAxis, rank: params.shape.count)
        let batchDims = rawBatchDims < 0 ? rawBatchDims + indices.shape.count : rawBatchDims
        guard batchDims >= 0, batchDims <= axis, batchDims <= indices.shape.count,
              Array(params.shape[..<batchDims]) == Array(indices.shape[..<batchDims]) else {
            throw .invalid(
                "gather batch_dims \(rawBatchDims) does not fit params \(params.shape) and indices \(indices.shape)")
        }
        let batches = TensorShapes.elementCount(Array(params.shape[..<batchDims]))
        let outer = TensorShapes.elementCount(Array(params.shape[batchDims..<axis]))
        let (_, axisSize, inner) = TensorShapes.around(params.shape, axis: axis)
        let perBatch = TensorShapes.elementCount(Array(indices.shape[batchDims...]))
        for index in indices.scalars where !(0..<axisSize).contains(index) {
            throw .invalid("gather index \(index) is out of range 0..<\(axisSize)")
        }
        var scalars = [S]()
        scalars.reserveCapacity(batches * outer * perBatch * inner)
        for batch in 0..<batches {
            for block in 0..<outer {
                let base = (batch * outer + block) * axisSize
                for position in 0..<perBatch {
                    let start = (base + indices.scalars[batch * perBatch + position]) * inner
                    scalars.append(contentsOf: params.scalars[start..<(start + inner)])
                }
            }
        }
        let outputShape = Array(params.shape[..<axis]) + Array(indices.shape[batchDims...])
            + Array(params.shape[(axis + 1)...])
        return DenseTensor(shape: outputShape, scalars: scalars)
    }

    /// TFLite RESIZE_NEAREST_NEIGHBOR on NHWC input, with its reference kernel's source-index rule.
    static func resizeNearestNeighbor<S>(_ input: DenseTensor<S>, size: [Int], alignCorners: Bool,
                                         halfPixelCenters: Bool) throws(KernelFailure) -> DenseTensor<S> {
        guard input.shape.count == 4, size.count == 2, size.allSatisfy({ $0 > 0 }) else {
            throw .invalid("resize needs NHWC input and a positive [height, width], got \(input.shape) and \(size)")
        }
        let (batches, height, width, channels) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        func source(_ index: Int, inputSize: Int, outputSize: Int) -> Int {
            let scale = alignCorners && outputSize > 1
                ? Float(inputSize - 1) / Float(outputSize - 1) : Float(inputSize) / Float(outputSize)
            let offset: Float = halfPixelCenters ? 0.5 : 0
            let position = (Float(index) + offset) * scale
            let nearest = min(alignCorners ? Int(position.rounded(.toNearestOrAwayFromZero)) : Int(position.rounded(.down)),
                              inputSize - 1)
            return halfPixelCenters ? max(0, nearest) : nearest
        }
        let rows = (0..<size[0]).map { source($0, inputSize: height, outputSize: size[0]) }
        let columns = (0..<size[1]).map { source($0, inputSize: width, outputSize: size[1]) }
        var scalars = [S]()
        scalars.reserveCapacity(batches * size[0] * size[1] * channels)
        for batch in 0..<batches {
            for row in rows {
                for column in columns {
                    let start = ((batch * height + row) * width + column) * channels
                    scalars.append(contentsOf: input.scalars[start..<(start + channels)])
                }
            }
        }
        return DenseTensor(shape: [batches, size[0], size[1], channels], scalars: scalars)
    }

    /// The paper's MaskNegInf: where the mask (broadcast to the input) is true, `fill` replaces the value.
    static func mask<S>(_ input: DenseTensor<S>, maskShape: [Int], mask: [Bool],
                        fill: S) throws(KernelFailure) -> DenseTensor<S> {
        guard TensorShapes.elementCount(maskShape) == mask.count,
              try TensorShapes.broadcast(maskShape, input.shape) == input.shape else {
            throw .invalid("mask of shape \(maskShape) does not broadcast to \(input.shape)")
        }
        let positions = TensorShapes.broadcastIndices(from: maskShape, to: input.shape)
        var scalars = input.scalars
        for index in scalars.indices where mask[positions[index]] { scalars[index] = fill }
        return DenseTensor(shape: input.shape, scalars: scalars)
    }
}
