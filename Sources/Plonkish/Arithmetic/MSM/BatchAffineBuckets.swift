/// Pippenger buckets kept in affine form, filled and reduced by batched affine additions that share one field
/// inversion per batch (the CycloneMSM / gnark-crypto layout).
///
/// Accumulation: a batch may queue one addition per bucket. A point whose bucket is already queued in the current
/// batch is deferred and retried first after the batch completes; a retry that collides again, or a deferral that
/// finds the deferred list full, goes to a per-bucket Jacobian overflow accumulator, folded back into the affine
/// buckets before the reduction. None of these paths affects correctness; deferral keeps the slow overflow rare.
///
/// Reduction: Σ (b + 1)·bucket[b] is a running sum, inherently sequential, so the buckets are cut into m segments of
/// length L whose running sums advance in lockstep, m independent additions per step sharing one inversion. For
/// segment s with running total R_s and inner weighted sum T_s = Σ_{b in s} (b − sL + 1)·bucket[b], the window sum is
/// Σ_s T_s + L·Σ_s s·R_s, finished in Jacobian coordinates (O(m) additions).
///
/// Small windows (fewer buckets than a batch, as in the top window or for the small witness values of ML circuits)
/// would collide on most points, so their buckets are replicated: point i goes to copy i mod R of its bucket, the
/// copies spread over all the slots, and a halving tree of batched additions folds the copies together before the
/// reduction.
///
/// All memory is allocated once per worker and reused across windows; neither loop allocates.
@usableFromInline
struct BatchAffineBuckets<C: ShortWeierstrassCurve> {
    @usableFromInline let bucketCount: Int
    /// Slots for buckets and their copies: at least `replicationSlotCount`.
    @usableFromInline let slotCount: Int
    @usableFromInline let buckets: AffinePointSlots<C>
    @usableFromInline var batch: AffineAdditionBatch<C>
    /// The batch number that last queued an addition into the bucket: equal to `batchNumber` means queued.
    @usableFromInline let queuedStamp: UnsafeMutableBufferPointer<UInt32>
    @usableFromInline var batchNumber: UInt32 = 1
    @usableFromInline let overflow: UnsafeMutableBufferPointer<JacobianPoint<C>>
    @usableFromInline let hasOverflow: UnsafeMutableBufferPointer<Bool>
    @usableFromInline var overflowCount = 0
    /// One past the highest bucket touched since the last reduction, so that the reduction skips the empty top.
    @usableFromInline var usedBucketEnd = 0

    /// Colliding points waiting for the next batch; at most half a batch, so that retrying them cannot fill a batch.
    @usableFromInline let deferredCapacity: Int
    @usableFromInline let deferredBucket: UnsafeMutableBufferPointer<Int32>
    @usableFromInline let deferredX: UnsafeMutableBufferPointer<C.Base>
    @usableFromInline let deferredY: UnsafeMutableBufferPointer<C.Base>
    @usableFromInline var deferredCount = 0

    /// Reduction lanes: 0..<m hold the segments' running sums, m..<2m their weighted sums.
    @usableFromInline let segmentCount: Int
    @usableFromInline let lanes: AffinePointSlots<C>
    @usableFromInline var laneBatch: AffineAdditionBatch<C>

    @inlinable
    init(bucketCount: Int, batchCapacity: Int) {
        self.bucketCount = bucketCount
        let slotCount = max(bucketCount, PippengerPlan.replicationSlotCount)
        self.slotCount = slotCount
        buckets = AffinePointSlots(count: slotCount)
        batch = AffineAdditionBatch(capacity: batchCapacity)
        queuedStamp = .allocate(capacity: slotCount)
        queuedStamp.initialize(repeating: 0)
        overflow = .allocate(capacity: slotCount)
        overflow.initialize(repeating: .infinity)
        hasOverflow = .allocate(capacity: slotCount)
        hasOverflow.initialize(repeating: false)
        deferredCapacity = batchCapacity / 2
        deferredBucket = .allocate(capacity: max(1, deferredCapacity))
        deferredX = .allocate(capacity: max(1, deferredCapacity))
        deferredY = .allocate(capacity: max(1, deferredCapacity))
        deferredBucket.initialize(repeating: 0)
        deferredX.initialize(repeating: .zero)
        deferredY.initialize(repeating: .zero)
        segmentCount = PippengerPlan.reductionSegmentCount(bucketCount: bucketCount)
        lanes = AffinePointSlots(count: 2 * segmentCount)
        laneBatch = AffineAdditionBatch(capacity: 2 * segmentCount)
    }

    @inlinable
    func deallocate() {
        buckets.deallocate()
        batch.deallocate()
        queuedStamp.deallocate()
        overflow.deallocate()
        hasOverflow.deallocate()
        deferredBucket.deallocate()
        deferredX.deallocate()
        deferredY.deallocate()
        lanes.deallocate()
        laneBatch.deallocate()
    }

    /// Adds ±points[i] into bucket |digit| − 1 for every non-zero digit of one window, then reduces the buckets to
    /// Σ (b + 1)·bucket[b] and leaves them empty for the next window. Small windows replicate their buckets (see the
    /// type's comment); a window too large for copies yet smaller than a batch accumulates with mixed Jacobian
    /// additions instead.
    @inlinable
    mutating func windowSum(
        points: UnsafeBufferPointer<AffinePoint<C>>, digits: UnsafeBufferPointer<Int16>, range: Range<Int>,
        bucketBound: Int
    ) -> JacobianPoint<C> {
        let copies = PippengerPlan.copyCount(bucketBound: bucketBound, slotCount: slotCount)
        if copies > 1 {
            var copyOffset = 0
            let wrap = copies * bucketBound
            for i in range {
                let digit = digits[i]
                if digit == 0 { continue }
                let point = points[i]
                if point.isInfinity { continue }
                let bucket = Int(digit.magnitude) - 1 + copyOffset
                copyOffset += bucketBound
                if copyOffset == wrap { copyOffset = 0 }
                add(x: point.x, y: digit < 0 ? -point.y : point.y, to: bucket, mayDefer: true)
            }
            while batch.count > 0 || deferredCount > 0 { flush() }
            if overflowCount > 0 { foldOverflow() }
            foldCopies(copies, bucketBound: bucketBound)
            return reduce()
        }
        if bucketBound < batch.capacity {
            for i in range {
                let digit = digits[i]
                if digit == 0 { continue }
                let bucket = Int(digit.magnitude) - 1
                if bucket >= usedBucketEnd { usedBucketEnd = bucket + 1 }
                hasOverflow[bucket] = true
                overflow[bucket] = overflow[bucket].adding(digit < 0 ? -points[i] : points[i])
            }
            foldOverflow()
            return reduce()
        }
        for i in range {
            let digit = digits[i]
            if digit == 0 { continue }
            let point = points[i]
            if point.isInfinity { continue }
            let bucket = Int(digit.magnitude) - 1
            add(x: point.x, y: digit < 0 ? -point.y : point.y, to: bucket, mayDefer: true)
        }
        while batch.count > 0 || deferredCount > 0 { flush() }
        if overflowCount > 0 { foldOverflow() }
        return reduce()
    }

    @inlinable @inline(__always)
    mutating func add(x: C.Base, y: C.Base, to bucket: Int, mayDefer: Bool) {
        if bucket >= usedBucketEnd { usedBucketEnd = bucket + 1 }
        if queuedStamp[bucket] == batchNumber {
            if mayDefer && deferredCount < deferredCapacity {
                deferredBucket[deferredCount] = Int32(truncatingIfNeeded: bucket)
                deferredX[deferredCount] = x
                deferredY[deferredCount] = y
                deferredCount += 1
            } else {
                if !hasOverflow[bucket] {
                    hasOverflow[bucket] = true
                    overflowCount += 1
                }
                overflow[bucket] = overflow[bucket].adding(AffinePoint(x: x, y: y))
            }
            return
        }
        if batch.add(x: x, y: y, to: bucket, in: buckets) {
            queuedStamp[bucket] = batchNumber
            if batch.isFull { flush() }
        }
    }

    /// Completes the queued additions, then queues the deferred points (at most half a batch, so they fit).
    @inlinable
    mutating func flush() {
        batch.complete(in: buckets)
        // A wrap-around could only make a stale stamp look queued, which defers a point needlessly: still correct.
        batchNumber &+= 1
        let retries = deferredCount
        deferredCount = 0
        for j in 0..<retries {
            add(x: deferredX[j], y: deferredY[j], to: Int(deferredBucket[j]), mayDefer: false)
        }
    }

    /// Sums the copies of every bucket into copy 0 by halving: copy j + R/2 into copy j, whose targets are all
    /// distinct, so each pass fills whole batches without collisions.
    @inlinable
    mutating func foldCopies(_ copies: Int, bucketBound: Int) {
        var live = copies
        while live > 1 {
            let half = live / 2
            for from in (half * bucketBound)..<(live * bucketBound) where buckets.occupied[from] {
                buckets.occupied[from] = false
                _ = batch.add(x: buckets.x[from], y: buckets.y[from], to: from - half * bucketBound, in: buckets)
                if batch.isFull { batch.complete(in: buckets) }
            }
            batch.complete(in: buckets)
            live = half
        }
        batchNumber &+= 1
        usedBucketEnd = min(usedBucketEnd, bucketBound)
    }

    /// Adds each bucket's Jacobian overflow into its affine part: one shared inversion brings the overflow points to
    /// affine form, then one batch adds them (one per bucket, so no two additions share a bucket).
    @inlinable
    mutating func foldOverflow() {
        var start = 0
        while start < usedBucketEnd {
            // Chunks of at most one batch of overflow points: their z-coordinates use the batch's scratch.
            var product = C.Base.one
            var found = 0
            var end = start
            while end < usedBucketEnd && found < batch.capacity {
                if hasOverflow[end] && !overflow[end].isInfinity {
                    batch.target[found] = Int32(truncatingIfNeeded: end)
                    batch.prefixProducts[found] = product
                    product = product * overflow[end].z
                    found += 1
                }
                end += 1
            }
            if found > 0 {
                guard var inverse = product.inverse() else { preconditionFailure("overflow point at infinity") }
                for j in stride(from: found - 1, through: 0, by: -1) {
                    let b = Int(batch.target[j])
                    let zInverse = inverse * batch.prefixProducts[j]
                    inverse = inverse * overflow[b].z
                    let zInverse2 = zInverse.squared()
                    overflow[b] = JacobianPoint(
                        x: overflow[b].x * zInverse2, y: overflow[b].y * zInverse2 * zInverse, z: .one)
                }
                for b in start..<end where hasOverflow[b] {
                    if !overflow[b].isInfinity {
                        _ = batch.add(x: overflow[b].x, y: overflow[b].y, to: b, in: buckets)
                    }
                }
                batch.complete(in: buckets)
                batchNumber &+= 1
            }
            for b in start..<end where hasOverflow[b] {
                overflow[b] = .infinity
                hasOverflow[b] = false
            }
            start = end
        }
        overflowCount = 0
    }

    /// Σ (b + 1)·bucket[b] by segmented running sums (see the type's comment); empties the buckets.
    @inlinable
    mutating func reduce() -> JacobianPoint<C> {
        let used = usedBucketEnd
        usedBucketEnd = 0
        if used == 0 { return .infinity }
        let m = min(segmentCount, used)
        let length = (used + m - 1) / m
        for lane in 0..<(2 * m) { lanes.occupied[lane] = false }
        // Step t adds bucket sL + t into running lane s and, in the same batch, the running lane's value before
        // this step into weighted lane m + s; the extra step t = −1 adds the final running values.
        for t in stride(from: length - 1, through: -1, by: -1) {
            for s in 0..<m {
                if lanes.occupied[s] {
                    _ = laneBatch.add(x: lanes.x[s], y: lanes.y[s], to: m + s, in: lanes)
                }
                let b = s * length + t
                if t >= 0 && b < used && buckets.occupied[b] {
                    _ = laneBatch.add(x: buckets.x[b], y: buckets.y[b], to: s, in: lanes)
                    buckets.occupied[b] = false
                }
            }
            laneBatch.complete(in: lanes)
        }
        // Σ_s s·R_s by a running sum over segments, times L, plus Σ_s T_s.
        var running = JacobianPoint<C>.infinity
        var weighted = JacobianPoint<C>.infinity
        var inner = JacobianPoint<C>.infinity
        for s in stride(from: m - 1, through: 0, by: -1) {
            inner = inner.adding(lanes.point(m + s))
            if s > 0 {
                running = running.adding(lanes.point(s))
                weighted = weighted.adding(running)
            }
        }
        return inner.adding(Self.multiply(weighted, by: length))
    }

    @inlinable
    static func multiply(_ p: JacobianPoint<C>, by k: Int) -> JacobianPoint<C> {
        var result = JacobianPoint<C>.infinity
        var bit = Int.bitWidth - 1 - k.leadingZeroBitCount
        while bit >= 0 {
            result = result.doubled()
            if (k >> bit) & 1 == 1 { result = result.adding(p) }
            bit -= 1
        }
        return result
    }
}
