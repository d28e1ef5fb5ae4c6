/// Shape operations: each only rearranges, repeats or drops references, so on a `CellTensor` it costs no rows.
extension Tensor {
    /// The same elements under another shape of equal size; one dimension may be −1 (inferred).
    public func reshaped(_ newShape: [Int]) throws(TensorShapeError) -> Tensor {
        var shape = newShape
        let unknown = shape.indices.filter { shape[$0] == -1 }
        if unknown.count > 1 { throw .invalid("reshape", "more than one −1 in \(newShape)") }
        if let axis = unknown.first {
            let known = shape.enumerated().filter { $0.offset != axis }.reduce(1) { $0 * $1.element }
            guard known > 0, count % known == 0 else { throw .invalid("reshape", "cannot reshape \(self.shape) to \(newShape)") }
            shape[axis] = count / known
        }
        guard shape.allSatisfy({ $0 >= 0 }), Self.count(shape) == count else {
            throw .invalid("reshape", "cannot reshape \(self.shape) to \(newShape)")
        }
        return Tensor(unchecked: shape, elements)
    }

    /// Axes permuted: output axis i is input axis `permutation[i]`.
    public func transposed(_ permutation: [Int]) throws -> Tensor {
        guard permutation.sorted() == Array(0..<rank) else {
            throw TensorShapeError.invalid("transpose", "\(permutation) is no permutation of rank \(rank)")
        }
        let outShape = permutation.map { shape[$0] }
        let total = count
        guard rank > 1, total > 0 else { return Tensor(unchecked: outShape, elements) }
        // Each output axis walks the input by the stride of the axis it came from.
        let inStrides = strides
        let gather = permutation.map { inStrides[$0] }
        let result = elements.withUnsafeBufferPointer { source in
            [Element](unsafeUninitializedCapacity: total) { target, initialized in
                if permutation == [1, 0] {
                    Self.transpose(source, rows: shape[0], columns: shape[1], into: target)
                } else {
                    for (i, position) in StridedWalk.positions(shape: outShape, strides: gather, start: 0).enumerated() {
                        (target.baseAddress! + i).initialize(to: source[position])
                    }
                }
                initialized = total
            }
        }
        return Tensor(unchecked: outShape, result)
    }

    /// A rows×columns matrix transposed in square tiles, so that reads and writes both stay within a few cache lines
    /// (weight matrices reach 768×50257).
    private static func transpose(_ source: UnsafeBufferPointer<Element>, rows: Int, columns: Int,
                                  into target: UnsafeMutableBufferPointer<Element>) {
        let tile = 32
        for rowStart in stride(from: 0, to: rows, by: tile) {
            let rowEnd = min(rows, rowStart + tile)
            for columnStart in stride(from: 0, to: columns, by: tile) {
                for column in columnStart..<min(columns, columnStart + tile) {
                    for row in rowStart..<rowEnd {
                        (target.baseAddress! + column * rows + row).initialize(to: source[row * columns + column])
                    }
                }
            }
        }
    }

    /// `size[i]` elements from `begin[i]` along each axis; a size of −1 runs to the end.
    public func sliced(begin: [Int], size: [Int]) throws -> Tensor {
        guard begin.count == rank, size.count == rank else {
            throw TensorShapeError.invalid("slice", "begin \(begin) and size \(size) for rank \(rank)")
        }
        let sizes = size.enumerated().map { $0.element == -1 ? shape[$0.offset] - begin[$0.offset] : $0.element }
        for axis in 0..<rank where begin[axis] < 0 || sizes[axis] < 0 || begin[axis] + sizes[axis] > shape[axis] {
            throw TensorShapeError.invalid("slice", "begin \(begin) size \(size) outside shape \(shape)")
        }
        return try stridedSliced(begin: begin, end: zip(begin, sizes).map(+), strides: Array(repeating: 1, count: rank))
    }

    /// Python-style `begin:end:stride` along each axis (negative begin/end count from the end, clamped to the axis;
    /// a negative stride walks backwards).
    public func stridedSliced(begin: [Int], end: [Int], strides steps: [Int]) throws -> Tensor {
        guard begin.count == rank, end.count == rank, steps.count == rank, !steps.contains(0) else {
            throw TensorShapeError.invalid("strided slice", "begin \(begin), end \(end), strides \(steps) for rank \(rank)")
        }
        var starts: [Int] = [], lengths: [Int] = []
        for axis in 0..<rank {
            let n = shape[axis], step = steps[axis]
            func resolve(_ v: Int) -> Int {
                let r = v < 0 ? v + n : v
                return step > 0 ? min(max(r, 0), n) : min(max(r, -1), n - 1)
            }
            let b = resolve(begin[axis]), e = resolve(end[axis])
            let length = step > 0 ? max(0, (e - b + step - 1) / step) : max(0, (b - e - step - 1) / -step)
            starts.append(b)
            lengths.append(length)
        }
        let inStrides = strides
        return try Tensor(shape: lengths) { index in
            var offset = 0
            for axis in 0..<rank { offset += (starts[axis] + index[axis] * steps[axis]) * inStrides[axis] }
            return elements[offset]
        }
    }

    /// Tensors joined along `axis`; every other dimension must agree.
    public static func concatenated(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else { throw TensorShapeError.invalid("concat", "no tensors") }
        let a = try first.normalized(axis, "concat")
        for part in parts where part.rank != first.rank
            || (0..<first.rank).contains(where: { $0 != a && part.shape[$0] != first.shape[$0] }) {
            throw TensorShapeError.invalid("concat", "shapes \(parts.map(\.shape)) differ off axis \(axis)")
        }
        let outer = first.shape[..<a].reduce(1, *), inner = first.shape[(a + 1)...].reduce(1, *)
        var elements: [Element] = []
        elements.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for o in 0..<outer {
            for part in parts {
                let run = part.shape[a] * inner
                elements.append(contentsOf: part.elements[(o * run)..<((o + 1) * run)])
            }
        }
        var shape = first.shape
        shape[a] = parts.reduce(0) { $0 + $1.shape[a] }
        return Tensor(unchecked: shape, elements)
    }

    /// Equally shaped tensors stacked along a new axis.
    public static func packed(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else { throw TensorShapeError.invalid("pack", "no tensors") }
        let a = try first.normalized(axis, "pack", extra: 1)
        var expanded = first.shape
        expanded.insert(1, at: a)
        for part in parts where part.shape != first.shape {
            throw TensorShapeError.invalid("pack", "shapes \(parts.map(\.shape)) differ")
        }
        return try concatenated(parts.map { Tensor(unchecked: expanded, $0.elements) }, axis: a)
    }

    /// The slices along `axis`, each without that axis.
    public func unpacked(axis: Int) throws -> [Tensor] {
        let a = try normalized(axis, "unpack")
        var shape = self.shape
        shape.remove(at: a)
        return try split(axis: a, sizes: Array(repeating: 1, count: self.shape[a])).map { Tensor(unchecked: shape, $0.elements) }
    }

    /// Consecutive pieces along `axis` of the given sizes (summing to the axis length).
    public func split(axis: Int, sizes: [Int]) throws -> [Tensor] {
        let a = try normalized(axis, "split")
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == shape[a] else {
            throw TensorShapeError.invalid("split", "sizes \(sizes) do not cover axis \(axis) of \(shape)")
        }
        var begin = [Int](repeating: 0, count: rank)
        return try sizes.map { length in
            var size = shape
            size[a] = length
            defer { begin[a] += length }
            return try sliced(begin: begin, size: size)
        }
    }

    /// `parts` equal pieces along `axis`.
    public func split(axis: Int, parts: Int) throws -> [Tensor] {
        let a = try normalized(axis, "split")
        guard parts > 0, shape[a] % parts == 0 else {
            throw TensorShapeError.invalid("split", "axis \(axis) of \(shape) does not split into \(parts)")
        }
        return try split(axis: a, sizes: Array(repeating: shape[a] / parts, count: parts))
    }

    /// `padding[i] = (before, after)` copies of `value` around each axis.
    public func padded(_ padding: [(before: Int, after: Int)], with value: Element) throws -> Tensor {
        guard padding.count == rank, padding.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else {
            throw TensorShapeError.invalid("pad", "\(padding.count) paddings for rank \(rank)")
        }
        let outShape = zip(shape, padding).map { $0 + $1.before + $1.after }
        let inStrides = strides
        return try Tensor(shape: outShape) { index in
            var offset = 0
            for axis in 0..<rank {
                let i = index[axis] - padding[axis].before
                if i < 0 || i >= shape[axis] { return value }
                offset += i * inStrides[axis]
            }
            return elements[offset]
        }
    }

    /// Slices along `axis` chosen by constant `indices` (negative counting from the end); the axis is replaced by
    /// the indices' shape.
    public func gathered(_ indices: Tensor<Int>, axis: Int) throws -> Tensor {
        let a = try normalized(axis, "gather")
        let n = shape[a]
        let resolved = try indices.elements.map { i in
            let r = i < 0 ? i + n : i
            guard r >= 0 && r < n else { throw TensorShapeError.invalid("gather", "index \(i) outside axis of length \(n)") }
            return r
        }
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        var elements: [Element] = []
        elements.reserveCapacity(outer * resolved.count * inner)
        for o in 0..<outer {
            for r in resolved {
                let start = (o * n + r) * inner
                elements.append(contentsOf: self.elements[start..<(start + inner)])
            }
        }
        return Tensor(unchecked: Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...]), elements)
    }

    /// numpy broadcasting: the tensor repeated along its size-1 (or missing leading) axes to `target`.
    public func broadcast(to target: [Int]) throws -> Tensor {
        guard target.count >= rank else { throw TensorShapeError.invalid("broadcast", "\(shape) to \(target)") }
        let lead = target.count - rank
        for axis in 0..<rank where shape[axis] != 1 && shape[axis] != target[lead + axis] {
            throw TensorShapeError.invalid("broadcast", "\(shape) to \(target)")
        }
        if target == shape { return self }
        let inStrides = strides
        return try Tensor(shape: target) { index in
            var offset = 0
            for axis in 0..<rank where shape[axis] != 1 { offset += index[lead + axis] * inStrides[axis] }
            return elements[offset]
        }
    }

    /// The numpy broadcast of two shapes.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) throws -> [Int] {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a, pb = Array(repeating: 1, count: rank - b.count) + b
        return try zip(pa, pb).map { x, y in
            guard x == y || x == 1 || y == 1 else { throw TensorShapeError.invalid("broadcast", "\(a) with \(b)") }
            return x == 1 ? y : x
        }
    }

    /// Nearest-neighbour resize of the H and W axes of an NHWC tensor, as TFLite computes source indices:
    /// src = floor((dst + c)·in/out) (c = 0.5 with half-pixel centres), or round(dst·(in − 1)/(out − 1)) with
    /// aligned corners, clamped to the input.
    public func resizedNearestNeighbor(height: Int, width: Int, alignCorners: Bool = false,
                                       halfPixelCenters: Bool = false) throws -> Tensor {
        guard rank == 4, height > 0, width > 0 else {
            throw TensorShapeError.invalid("resize nearest neighbor", "input \(shape) to \(height)×\(width)")
        }
        func source(_ dst: Int, _ input: Int, _ output: Int) -> Int {
            let scale = alignCorners && output > 1 ? Double(input - 1) / Double(output - 1) : Double(input) / Double(output)
            let position = (Double(dst) + (halfPixelCenters ? 0.5 : 0)) * scale
            let index = alignCorners ? Int(position.rounded(.toNearestOrAwayFromZero)) : Int(position.rounded(.down))
            return min(max(index, 0), input - 1)
        }
        let rows = (0..<height).map { source($0, shape[1], height) }
        let columns = (0..<width).map { source($0, shape[2], width) }
        return try Tensor(shape: [shape[0], height, width, shape[3]]) { i in self[[i[0], rows[i[1]], columns[i[2]], i[3]]] }
    }
}
