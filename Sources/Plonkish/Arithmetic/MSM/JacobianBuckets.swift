/// Pippenger buckets in Jacobian coordinates, filled by mixed additions: the choice for small windows, where batches
/// of distinct buckets would be too short to amortize a field inversion.
@usableFromInline
struct JacobianBuckets<C: ShortWeierstrassCurve> {
    @usableFromInline let buckets: UnsafeMutableBufferPointer<JacobianPoint<C>>
    @usableFromInline var usedBucketEnd = 0

    @inlinable
    init(bucketCount: Int) {
        buckets = .allocate(capacity: bucketCount)
        buckets.initialize(repeating: .infinity)
    }

    @inlinable
    func deallocate() { buckets.deallocate() }

    /// Adds ±points[i] into bucket |digit| − 1 for every non-zero digit of one window, then reduces the buckets to
    /// Σ (b + 1)·bucket[b] and leaves them empty for the next window.
    @inlinable
    mutating func windowSum(
        points: UnsafeBufferPointer<AffinePoint<C>>, digits: UnsafeBufferPointer<Int16>, range: Range<Int>,
        bucketBound: Int
    ) -> JacobianPoint<C> {
        for i in range {
            let digit = digits[i]
            if digit == 0 { continue }
            let bucket = Int(digit.magnitude) - 1
            if bucket >= usedBucketEnd { usedBucketEnd = bucket + 1 }
            buckets[bucket] = buckets[bucket].adding(digit < 0 ? -points[i] : points[i])
        }
        var running = JacobianPoint<C>.infinity
        var sum = JacobianPoint<C>.infinity
        var b = usedBucketEnd - 1
        while b >= 0 {
            running = running.adding(buckets[b])
            buckets[b] = .infinity
            sum = sum.adding(running)
            b -= 1
        }
        usedBucketEnd = 0
        return sum
    }
}
