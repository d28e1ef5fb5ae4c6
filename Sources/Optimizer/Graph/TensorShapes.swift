import Gadgets

/// Shape arithmetic shared by the interpreters: row-major strides, numpy-style broadcasting and axis
/// normalization. Failures are `KernelFailure`s that the interpreter turns into errors naming the operation.
enum TensorShapes {
    static func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

    /// Row-major strides: the distance in elements between neighbours along each axis.
    static func strides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// The numpy broadcast of two shapes: dimensions align from the right and each pair must be equal or contain
    /// a 1.
    static func broadcast(_ a: [Int], _ b: [Int]) throws(KernelFailure) -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for position in 0..<rank {
            let da = position < rank - a.count ? 1 : a[position - (rank - a.count)]
            let db = position < rank - b.count ? 1 : b[position - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw .invalid("shapes \(a) and \(b) do not broadcast")
            }
            result[position] = da == 1 ? db : da
        }
        return result
    }

    /// For every element of `target` (row-major), the flat index of the element of a tensor of shape `source`
    /// that broadcasting places there. `source` must broadcast to `target`.
    static func broadcastIndices(from source: [Int], to target: [Int]) -> [Int] {
        let count = elementCount(target)
        if source == target || elementCount(source) == count { return Array(0..<count) }
        let offset = target.count - source.count
        let sourceStrides = strides(source)
        // Stride 0 along broadcast axes repeats the same source element.
        var effective = [Int](repeating: 0, count: target.count)
        for axis in source.indices where source[axis] != 1 { effective[axis + offset] = sourceStrides[axis] }
        return StridedWalk.positions(shape: target, strides: effective, start: 0)
    }

    /// A possibly negative axis as an index into a shape of `rank` dimensions.
    static func normalizedAxis(_ axis: Int, rank: Int) throws(KernelFailure) -> Int {
        let normalized = axis < 0 ? axis + rank : axis
        guard (0..<max(rank, 1)).contains(normalized) else {
            throw .invalid("axis \(axis) is out of range for rank \(rank)")
        }
        return normalized
    }

    /// Splits `shape` around `axis` into the element counts before it, along it and after it.
    static func around(_ shape: [Int], axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (elementCount(Array(shape[..<axis])), shape[axis], elementCount(Array(shape[(axis + 1)...])))
    }
}
