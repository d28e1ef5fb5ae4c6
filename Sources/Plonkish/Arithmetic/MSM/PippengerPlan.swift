/// The shape of one Pippenger run: window size, bucket representation, batch size and how work is split over threads,
/// chosen by minimizing an operation-count model (costs in field multiplications).
///
/// Per window, every point costs one bucket addition (affine-batched ≈ 5M + 1S plus a share of an inversion, or a
/// 7M + 4S mixed addition), and every bucket costs two additions in the running-sum reduction (batched affine ones for
/// batch-affine buckets, a mixed and a Jacobian one otherwise). Windows run in parallel; when there are fewer windows
/// than threads, or they do not divide evenly among them, points may also be split into chunks, each with its own
/// buckets and reduction.
@usableFromInline
struct PippengerPlan: Equatable {
    @usableFromInline var windowBits: Int
    @usableFromInline var windowCount: Int
    @usableFromInline var usesBatchAffine: Bool
    @usableFromInline var batchCapacity: Int
    @usableFromInline var pointChunks: Int

    @usableFromInline static var inversionCost: Double { 380 }
    @usableFromInline static var mixedAdditionCost: Double { 11 }
    @usableFromInline static var affineAdditionCost: Double { 6 }
    @usableFromInline static var jacobianAdditionCost: Double { 16 }

    @inlinable
    init(windowBits: Int, windowCount: Int, usesBatchAffine: Bool, batchCapacity: Int, pointChunks: Int) {
        self.windowBits = windowBits
        self.windowCount = windowCount
        self.usesBatchAffine = usesBatchAffine
        self.batchCapacity = batchCapacity
        self.pointChunks = pointChunks
    }

    /// Batch size balancing the inversion share (inversionCost/B) against collisions, which hit about B/(2K) of the
    /// points (each deferred, or at worst a mixed addition) and grow the batch's cache footprint. The formula's
    /// optimum, √(152·K), also measured best at K = 4096 (2^16 points, c = 13).
    @inlinable
    static func batchCapacity(bucketCount: Int) -> Int {
        let collisionPenalty = mixedAdditionCost - affineAdditionCost
        let optimum = (2 * inversionCost * Double(bucketCount) / collisionPenalty).squareRoot()
        return max(8, min(4096, Int(optimum)))
    }

    /// Slots every batch-affine worker allocates, so that small windows can replicate their buckets.
    @inlinable
    static var replicationSlotCount: Int { 4096 }

    /// Copies of each bucket a window with `bucketBound` buckets uses: the largest power of two that fits the slots,
    /// once the window has fewer than a quarter of them (above that, collisions are rare enough without copies).
    @inlinable
    static func copyCount(bucketBound: Int, slotCount: Int) -> Int {
        guard bucketBound > 0, 4 * bucketBound <= slotCount else { return 1 }
        var copies = 1
        while 2 * copies * bucketBound <= slotCount { copies *= 2 }
        return copies
    }

    /// Segments for the batch-affine bucket reduction (see `BatchAffineBuckets`): about 2·√K, a power of two, balances
    /// the per-step inversion (shared by 2m additions) against the O(m) Jacobian finish.
    @inlinable
    static func reductionSegmentCount(bucketCount: Int) -> Int {
        let target = max(1, Int(2 * Double(bucketCount).squareRoot()))
        var m = 1
        while 2 * m <= min(target, bucketCount) { m *= 2 }
        return m
    }

    /// The modelled time of one plan on `pointCount` scalars below 2^bits: per-task costs (one task per window and
    /// point chunk) packed onto `threadCount` threads longest-first.
    @inlinable
    static func cost(
        pointCount n: Int, bits: Int, windowBits c: Int, usesBatchAffine: Bool, batchCapacity: Int, pointChunks: Int,
        threadCount: Int
    ) -> Double {
        let windows = SignedWindowDigits.windowCount(bits: bits, windowBits: c)
        let chunkPoints = Double((n + pointChunks - 1) / pointChunks)
        var taskCosts: [Double] = []
        for window in 0..<windows {
            let bound = SignedWindowDigits.bucketBound(window: window, windowCount: windows, bits: bits, windowBits: c)
            var cost: Double
            let slots = max(1 << (c - 1), replicationSlotCount)
            let copies = copyCount(bucketBound: bound, slotCount: slots)
            if usesBatchAffine && (copies > 1 || bound >= batchCapacity) {
                let batches = (chunkPoints / Double(batchCapacity)).rounded(.up)
                cost = chunkPoints * affineAdditionCost + batches * inversionCost
                if copies > 1 {
                    let folds = Double((copies - 1) * bound)
                    cost += folds * affineAdditionCost
                        + ((folds / Double(batchCapacity)).rounded(.up) + Double(copies.trailingZeroBitCount))
                        * inversionCost
                }
                let segments = reductionSegmentCount(bucketCount: bound)
                let steps = Double((bound + segments - 1) / segments + 1)
                cost += Double(bound) * 2 * affineAdditionCost + steps * inversionCost
                cost += 3 * Double(segments) * jacobianAdditionCost
            } else {
                cost = chunkPoints * mixedAdditionCost + Double(bound) * (mixedAdditionCost + jacobianAdditionCost)
            }
            taskCosts += [Double](repeating: cost, count: pointChunks)
        }
        var load = [Double](repeating: 0, count: max(1, threadCount))
        for cost in taskCosts.sorted(by: >) {
            let idlest = load.indices.min { load[$0] < load[$1] } ?? 0
            load[idlest] += cost
        }
        return load.max() ?? 0
    }

    /// This plan's modelled time on `pointCount` scalars below 2^bits.
    @inlinable
    func modelledCost(pointCount n: Int, bits: Int, threadCount: Int) -> Double {
        Self.cost(pointCount: n, bits: bits, windowBits: windowBits, usesBatchAffine: usesBatchAffine,
                  batchCapacity: batchCapacity, pointChunks: pointChunks, threadCount: threadCount)
    }

    /// The cheapest plan for `pointCount` scalars below 2^bits on `threadCount` threads.
    @inlinable
    static func best(pointCount n: Int, bits: Int, threadCount: Int) -> PippengerPlan {
        var best = PippengerPlan(windowBits: 1, windowCount: bits + 1, usesBatchAffine: false, batchCapacity: 1,
                                 pointChunks: 1)
        var bestCost = Double.infinity
        for c in 1...SignedWindowDigits.maximumWindowBits {
            let windows = SignedWindowDigits.windowCount(bits: bits, windowBits: c)
            // Full windows that replicate their buckets spread over all the slots; the others over their buckets.
            let slots = max(1 << (c - 1), replicationSlotCount)
            let replicated = copyCount(bucketBound: 1 << (c - 1), slotCount: slots) > 1
            let capacity = batchCapacity(bucketCount: replicated ? slots : 1 << (c - 1))
            for chunks in 1...max(1, threadCount) {
                for batchAffine in [false, true] {
                    let cost = cost(
                        pointCount: n, bits: bits, windowBits: c, usesBatchAffine: batchAffine,
                        batchCapacity: capacity, pointChunks: chunks, threadCount: threadCount)
                    if cost < bestCost {
                        bestCost = cost
                        best = PippengerPlan(windowBits: c, windowCount: windows, usesBatchAffine: batchAffine,
                                             batchCapacity: capacity, pointChunks: chunks)
                    }
                }
            }
        }
        return best
    }
}
