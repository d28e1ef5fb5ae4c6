import Dispatch

/// Σ scalars[i]·points[i] for scalars that repeat: points sharing a scalar are summed first, then one Pippenger run
/// multiplies each sum by its scalar.
///
/// Lookup helper columns are the case in point: 1/(f + β) takes one value per distinct input f, so a 2^16-row helper
/// over 8-bit inputs holds 256 distinct full-size scalars. Pippenger on such data sends every occurrence of a value to
/// the same bucket in every window, and the batch-affine buckets, which must not queue two additions into one bucket,
/// fall back to deferrals and Jacobian overflow additions: such a column took twice as long as random scalars.
/// Grouping costs one addition per repeated point instead of one per point and window.
///
/// Each group is summed by a halving tree: level ℓ adds slot j + 2^ℓ into slot j for every j divisible by 2^(ℓ+1),
/// so the additions of one level target distinct slots and read none of those targets, and whole batches of them
/// share one inversion without ever colliding.
@usableFromInline
struct ScalarGroups {
    /// The distinct non-zero scalars, four canonical words each.
    @usableFromInline var words: [UInt64]
    /// members[offsets[g]..<offsets[g + 1]] are the indices of the scalars equal to group g's.
    @usableFromInline var offsets: [Int]
    @usableFromInline var members: [Int32]

    @usableFromInline var count: Int { offsets.count - 1 }
    @usableFromInline var memberCount: Int { members.count }

    /// Groups the non-zero scalars given as canonical words (four per scalar) by value, or returns nil once more
    /// than `maximumGroups` distinct values turn up.
    @inlinable
    init?(canonicalWords words: UnsafeBufferPointer<UInt64>, maximumGroups: Int) {
        let n = words.count / 4
        var capacity = 16
        while capacity < 2 * min(n, maximumGroups + 1) { capacity *= 2 }
        let mask = capacity - 1
        // Open addressing over group numbers (−1: empty), probing linearly from a multiplicative hash.
        var table = [Int32](repeating: -1, count: capacity)
        var groupWords: [UInt64] = []
        var groupOf = [Int32](repeating: -1, count: n)
        var sizes: [Int] = []
        let found: Bool = table.withUnsafeMutableBufferPointer { table in
            for i in 0..<n {
                let w0 = words[4 * i], w1 = words[4 * i + 1], w2 = words[4 * i + 2], w3 = words[4 * i + 3]
                if w0 | w1 | w2 | w3 == 0 { continue }
                let mixed = (w0 ^ (w1 &* 0x9E37_79B9_7F4A_7C15) ^ (w2 &* 0xC2B2_AE3D_27D4_EB4F) ^ w3)
                    &* 0xFF51_AFD7_ED55_8CCD
                var slot = Int(truncatingIfNeeded: mixed >> 32) & mask
                while true {
                    let g = Int(table[slot])
                    if g < 0 {
                        if sizes.count == maximumGroups { return false }
                        table[slot] = Int32(truncatingIfNeeded: sizes.count)
                        groupOf[i] = Int32(truncatingIfNeeded: sizes.count)
                        groupWords += [w0, w1, w2, w3]
                        sizes.append(1)
                        break
                    }
                    if groupWords[4 * g] == w0 && groupWords[4 * g + 1] == w1 && groupWords[4 * g + 2] == w2
                        && groupWords[4 * g + 3] == w3 {
                        groupOf[i] = Int32(truncatingIfNeeded: g)
                        sizes[g] += 1
                        break
                    }
                    slot = (slot + 1) & mask
                }
            }
            return true
        }
        guard found else { return nil }
        var offsets = [Int](repeating: 0, count: sizes.count + 1)
        for g in sizes.indices { offsets[g + 1] = offsets[g] + sizes[g] }
        var next = offsets
        var members = [Int32](repeating: 0, count: offsets[sizes.count])
        for i in 0..<n where groupOf[i] >= 0 {
            let g = Int(groupOf[i])
            members[next[g]] = Int32(truncatingIfNeeded: i)
            next[g] += 1
        }
        self.words = groupWords
        self.offsets = offsets
        self.members = members
    }

    /// Whether a sample of the non-zero scalars holds a repeat: the cheap test before grouping. With s = 4·√n
    /// samples, scalars with at most n distinct values show about 8 repeated pairs on average, so a sample without one
    /// says grouping would not pay. The sample steps through the scalars by a stride near n/φ coprime to n (distinct
    /// indices that follow no period of the column's layout, such as a gadget's every-k-th unused row).
    @inlinable
    static func sampleRepeats(canonicalWords words: UnsafeBufferPointer<UInt64>) -> Bool {
        let n = words.count / 4
        let samples = min(n, 4 * Int(Double(n).squareRoot()))
        guard samples >= 2 else { return false }
        var seen = Set<[UInt64]>(minimumCapacity: samples)
        var step = max(1, Int(Double(n) * 0.618))
        while gcd(step, n) != 1 { step += 1 }
        var i = 0
        for _ in 0..<samples {
            i = (i + step) % n
            let value = [words[4 * i], words[4 * i + 1], words[4 * i + 2], words[4 * i + 3]]
            if value == [0, 0, 0, 0] { continue }
            if !seen.insert(value).inserted { return true }
        }
        return false
    }

    @inlinable
    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

/// The most distinct scalars among `pointCount` for which `multiScalarMultiply` still groups repeats: past 7/8 of
/// the points distinct, hashing the rest would cost more than grouping could save. The cost model prices columns
/// of repeated values by the same bound.
@inlinable
public func repeatedScalarGroupingLimit(pointCount n: Int) -> Int { n - n / 8 }

/// Σ scalars[i]·points[i] by grouping equal scalars when the scalars repeat enough for that to pay (by the Pippenger
/// plans' operation-count model); nil when they do not, leaving the caller's plain run.
@inlinable
func multiScalarMultiplyGroupingRepeats<C: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<C>>, canonicalWords: UnsafeBufferPointer<UInt64>, bits: Int,
    threadCount: Int
) -> JacobianPoint<C>? {
    let n = points.count
    guard n >= 1024, ScalarGroups.sampleRepeats(canonicalWords: canonicalWords) else { return nil }
    let plainCost = PippengerPlan.best(pointCount: n, bits: bits, threadCount: threadCount)
        .modelledCost(pointCount: n, bits: bits, threadCount: threadCount)
    let maximumGroups = repeatedScalarGroupingLimit(pointCount: n)
    guard let groups = ScalarGroups(canonicalWords: canonicalWords, maximumGroups: maximumGroups) else { return nil }
    let groupedRunCost = PippengerPlan.best(pointCount: groups.count, bits: bits, threadCount: threadCount)
        .modelledCost(pointCount: groups.count, bits: bits, threadCount: threadCount)
    let summingCost = Double(groups.memberCount - groups.count) * PippengerPlan.affineAdditionCost
        / Double(threadCount)
    guard groupedRunCost + summingCost < plainCost else { return nil }
    return groupedSum(points: points, groups: groups, threadCount: threadCount)
}

/// Σ_g scalar_g·(Σ_{i in g} points[i]).
@inlinable
func groupedSum<C: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<C>>, groups: ScalarGroups, threadCount: Int
) -> JacobianPoint<C> {
    let m = groups.memberCount
    if m == 0 { return .infinity }
    // The members' points in group order, group g at slots offsets[g]..<offsets[g + 1].
    let slots = AffinePointSlots<C>(count: m)
    defer { slots.deallocate() }
    groups.members.withUnsafeBufferPointer { members in
        for s in 0..<m {
            let point = points[Int(members[s])]
            if point.isInfinity { continue }
            slots.x[s] = point.x
            slots.y[s] = point.y
            slots.occupied[s] = true
        }
    }

    // Slot ranges cut at group boundaries and every `chunkSize` slots, so that one large group still spreads over
    // the threads; each piece is summed into its first slot and multiplied by its group's scalar.
    let chunkCount = max(1, min(4 * threadCount, m / 4096))
    let chunkSize = (m + chunkCount - 1) / chunkCount
    var pieces: [(start: Int, length: Int, group: Int)] = []
    for g in 0..<groups.count {
        var start = groups.offsets[g]
        let end = groups.offsets[g + 1]
        while start < end {
            let pieceEnd = min(end, (start / chunkSize + 1) * chunkSize)
            pieces.append((start, pieceEnd - start, g))
            start = pieceEnd
        }
    }
    // Pieces by chunk: each chunk's pieces lie inside it, so chunks touch disjoint slots.
    var chunkPieces = [[Int]](repeating: [], count: chunkCount)
    for (p, piece) in pieces.enumerated() { chunkPieces[piece.start / chunkSize].append(p) }
    // At most `threadCount` workers (the caller's budget, as in `pippenger`), taking chunks from a shared counter.
    let queue = TaskCounter(taskCount: chunkCount)
    DispatchQueue.concurrentPerform(iterations: min(max(1, threadCount), chunkCount)) { _ in
        var batch = AffineAdditionBatch<C>(capacity: 1024)
        defer { batch.deallocate() }
        while let chunk = queue.next() {
            let own = chunkPieces[chunk]
            let longest = own.map { pieces[$0].length }.max() ?? 0
            var stride = 1
            while stride < longest {
                for p in own where pieces[p].length > stride {
                    let (start, length, _) = pieces[p]
                    var j = 0
                    while j + stride < length {
                        let source = start + j + stride
                        if slots.occupied[source] {
                            _ = batch.add(x: slots.x[source], y: slots.y[source], to: start + j, in: slots)
                            if batch.isFull { batch.complete(in: slots) }
                        }
                        j += 2 * stride
                    }
                }
                batch.complete(in: slots)
                stride *= 2
            }
        }
    }

    var sums: [AffinePoint<C>] = []
    var sumWords: [UInt64] = []
    sums.reserveCapacity(pieces.count)
    sumWords.reserveCapacity(4 * pieces.count)
    for piece in pieces where slots.occupied[piece.start] {
        sums.append(slots.point(piece.start))
        sumWords += groups.words[(4 * piece.group)..<(4 * piece.group + 4)]
    }
    if sums.isEmpty { return .infinity }
    let bits = sumWords.withUnsafeBufferPointer { canonicalBitLength($0) }
    let plan = PippengerPlan.best(pointCount: sums.count, bits: bits, threadCount: threadCount)
    return sums.withUnsafeBufferPointer { p in
        sumWords.withUnsafeBufferPointer { w in
            pippenger(points: p, canonicalWords: w, bits: bits, plan: plan, threadCount: threadCount)
        }
    }
}
