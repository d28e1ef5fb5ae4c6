/// The one index walk behind transposes, slices, padding and broadcasting, for cell tensors and the interpreters'
/// tensors alike.
public enum StridedWalk {
    /// The flat positions visited by walking `shape` in row-major order, where a step along axis `a` moves
    /// `strides[a]` elements (possibly 0 or negative) from `start`.
    public static func positions(shape: [Int], strides: [Int], start: Int) -> [Int] {
        let count = shape.reduce(1, *)
        guard count > 0 else { return [] }
        var positions = [Int](repeating: 0, count: count)
        var counter = [Int](repeating: 0, count: shape.count)
        var position = start
        for flat in 0..<count {
            positions[flat] = position
            var axis = shape.count - 1
            while axis >= 0 {
                counter[axis] += 1
                position += strides[axis]
                if counter[axis] < shape[axis] { break }
                position -= strides[axis] * shape[axis]
                counter[axis] = 0
                axis -= 1
            }
        }
        return positions
    }
}
