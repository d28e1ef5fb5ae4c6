/// The value that fills most of a column, if one does: columns of ML circuits repeat one value over most rows (a
/// lookup helper's 1/β on the rows its gadgets leave unused, a grand product after the last used row), and a
/// commitment in the Lagrange basis can take that value out (Σ L_i = 1) so that its MSM skips those rows.
///
/// Looks at `sampleCount` evenly spaced entries and returns the most frequent non-zero one when it fills at least a
/// quarter of them: a guess that is cheap to make and never affects correctness, only whether the split pays.
@inlinable
public func dominantNonZeroScalar<S: PrimeField>(in values: UnsafeBufferPointer<S>, sampleCount: Int = 64) -> S? {
    let n = values.count
    guard n >= 4 * sampleCount else { return nil }
    var counts: [S: Int] = [:]
    let stride = n / sampleCount
    for sample in 0..<sampleCount { counts[values[sample * stride], default: 0] += 1 }
    guard let (value, count) = counts.max(by: { $0.value < $1.value }), count * 4 >= sampleCount, !value.isZero else {
        return nil
    }
    return value
}
