import Dispatch
import Foundation

/// The number of threads an MSM uses unless told otherwise: the process's `Parallelism.threadCount`.
public var defaultMSMThreadCount: Int { Parallelism.threadCount }

/// Σ scalars[i]·points[i] by Pippenger's bucket method with signed window digits, batch-affine buckets for large
/// windows, and windows (or, when they are few, chunks of points) spread over `threadCount` threads.
///
/// Not constant time: the running time depends on the scalars, which suits commitments to public or already-blinded
/// data only where timing leaks are acceptable (as in every halo2 prover).
@inlinable
public func multiScalarMultiply<C: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<C>>, scalars: UnsafeBufferPointer<C.Scalar>,
    threadCount: Int = defaultMSMThreadCount
) -> JacobianPoint<C> {
    precondition(points.count == scalars.count, "MSM needs as many scalars as points")
    let n = points.count
    if n == 0 { return .infinity }
    if n == 1 { return JacobianPoint(points[0]).multiplied(by: scalars[0]) }
    let threads = max(1, threadCount)

    let words = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 4 * n)
    defer { words.deallocate() }
    let bits = canonicalScalarWords(scalars, into: words, threadCount: threads)
    if bits == 0 { return .infinity }
    if let grouped = multiScalarMultiplyGroupingRepeats(
        points: points, canonicalWords: UnsafeBufferPointer(words), bits: bits, threadCount: threads) {
        return grouped
    }
    let plan = PippengerPlan.best(pointCount: n, bits: bits, threadCount: threads)
    return pippenger(points: points, canonicalWords: UnsafeBufferPointer(words), bits: bits, plan: plan,
                     threadCount: threads)
}

@inlinable
public func multiScalarMultiply<C: ShortWeierstrassCurve>(
    points: [AffinePoint<C>], scalars: [C.Scalar], threadCount: Int = defaultMSMThreadCount
) -> JacobianPoint<C> {
    points.withUnsafeBufferPointer { p in
        scalars.withUnsafeBufferPointer { s in multiScalarMultiply(points: p, scalars: s, threadCount: threadCount) }
    }
}

@inlinable
public func multiScalarMultiply<C: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<C>>, scalars: [C.Scalar], threadCount: Int = defaultMSMThreadCount
) -> JacobianPoint<C> {
    scalars.withUnsafeBufferPointer { s in multiScalarMultiply(points: points, scalars: s, threadCount: threadCount) }
}

/// Σ scalars[i]·points[i] one scalar multiplication at a time: slow, and independent of the bucket machinery, for
/// tests.
@inlinable
public func naiveMultiScalarMultiply<C: ShortWeierstrassCurve>(
    points: [AffinePoint<C>], scalars: [C.Scalar]
) -> JacobianPoint<C> {
    precondition(points.count == scalars.count, "MSM needs as many scalars as points")
    var sum = JacobianPoint<C>.infinity
    for (point, scalar) in zip(points, scalars) {
        sum = sum.adding(JacobianPoint(point).multiplied(by: scalar))
    }
    return sum
}

/// Writes each scalar's canonical value as four words and returns the bit length of the largest (0 if all are
/// zero), so that MSMs over small scalars run over fewer windows.
@inlinable
func canonicalScalarWords<S: PrimeField>(
    _ scalars: UnsafeBufferPointer<S>, into words: UnsafeMutableBufferPointer<UInt64>, threadCount: Int
) -> Int {
    let n = scalars.count
    let chunks = n >= 4096 ? threadCount : 1
    let chunkSize = (n + chunks - 1) / chunks
    let unions = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 4 * chunks)
    defer { unions.deallocate() }
    unions.initialize(repeating: 0)
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        var u0: UInt64 = 0, u1: UInt64 = 0, u2: UInt64 = 0, u3: UInt64 = 0
        for i in (chunk * chunkSize)..<min(n, (chunk + 1) * chunkSize) {
            let c = scalars[i].canonical
            words[4 * i] = c.0
            words[4 * i + 1] = c.1
            words[4 * i + 2] = c.2
            words[4 * i + 3] = c.3
            u0 |= c.0
            u1 |= c.1
            u2 |= c.2
            u3 |= c.3
        }
        unions[4 * chunk] = u0
        unions[4 * chunk + 1] = u1
        unions[4 * chunk + 2] = u2
        unions[4 * chunk + 3] = u3
    }
    return canonicalBitLength(UnsafeBufferPointer(unions))
}

/// The bit length of the largest of the 256-bit integers given as four little-endian words each (0 if all are zero).
@inlinable
func canonicalBitLength(_ words: UnsafeBufferPointer<UInt64>) -> Int {
    var union: [UInt64] = [0, 0, 0, 0]
    for (i, word) in words.enumerated() { union[i & 3] |= word }
    for limb in stride(from: 3, through: 0, by: -1) where union[limb] != 0 {
        return 64 * limb + (64 - union[limb].leadingZeroBitCount)
    }
    return 0
}

/// Pippenger's method with an explicit plan (the tuning entry point; `multiScalarMultiply` picks the plan).
@inlinable
func pippenger<C: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<C>>, canonicalWords: UnsafeBufferPointer<UInt64>, bits: Int,
    plan: PippengerPlan, threadCount: Int
) -> JacobianPoint<C> {
    let n = points.count
    let digits = SignedWindowDigits(
        canonicalWords: canonicalWords, bits: bits, windowBits: plan.windowBits, threadCount: threadCount)
    defer { digits.deallocate() }
    let windows = digits.windowCount
    let chunks = plan.pointChunks
    let chunkSize = (n + chunks - 1) / chunks
    let taskCount = windows * chunks
    let partialSums = UnsafeMutableBufferPointer<JacobianPoint<C>>.allocate(capacity: taskCount)
    defer { partialSums.deallocate() }
    partialSums.initialize(repeating: .infinity)

    // Tasks go out from a shared counter, so a thread slowed by other load takes fewer of them.
    let queue = TaskCounter(taskCount: taskCount)
    let bucketCount = 1 << (plan.windowBits - 1)
    @inline(__always)
    func drain<Buckets: WindowBuckets>(_ buckets: inout Buckets) where Buckets.Curve == C {
        while let task = queue.next() {
            let window = task / chunks, chunk = task % chunks
            partialSums[task] = buckets.windowSum(
                points: points, digits: digits.digits(window: window),
                range: (chunk * chunkSize)..<min(n, (chunk + 1) * chunkSize),
                bucketBound: SignedWindowDigits.bucketBound(
                    window: window, windowCount: windows, bits: bits, windowBits: plan.windowBits))
        }
        buckets.deallocate()
    }
    DispatchQueue.concurrentPerform(iterations: min(threadCount, taskCount)) { _ in
        if plan.usesBatchAffine {
            var buckets = BatchAffineBuckets<C>(bucketCount: bucketCount, batchCapacity: plan.batchCapacity)
            drain(&buckets)
        } else {
            var buckets = JacobianBuckets<C>(bucketCount: bucketCount)
            drain(&buckets)
        }
    }

    // Σ_w 2^(c·w)·S_w by Horner's rule from the top window.
    var result = JacobianPoint<C>.infinity
    for window in stride(from: windows - 1, through: 0, by: -1) {
        if window != windows - 1 {
            for _ in 0..<plan.windowBits { result = result.doubled() }
        }
        for chunk in 0..<chunks { result = result.adding(partialSums[window * chunks + chunk]) }
    }
    return result
}

/// Hands out task numbers 0, 1, 2, … to worker threads, each exactly once.
@usableFromInline
final class TaskCounter: @unchecked Sendable {
    @usableFromInline let taskCount: Int
    @usableFromInline var nextTask = 0
    @usableFromInline let lock = NSLock()

    @inlinable
    init(taskCount: Int) { self.taskCount = taskCount }

    @inlinable
    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextTask < taskCount else { return nil }
        nextTask += 1
        return nextTask - 1
    }
}

/// One thread's bucket storage for Pippenger windows: either kind sums a window the same way to the caller.
@usableFromInline
protocol WindowBuckets {
    associatedtype Curve: ShortWeierstrassCurve
    /// Σ (b + 1)·bucket[b] over the points of `range` placed by their signed digits; leaves the buckets empty.
    mutating func windowSum(
        points: UnsafeBufferPointer<AffinePoint<Curve>>, digits: UnsafeBufferPointer<Int16>, range: Range<Int>,
        bucketBound: Int
    ) -> JacobianPoint<Curve>
    func deallocate()
}

extension JacobianBuckets: WindowBuckets {}
extension BatchAffineBuckets: WindowBuckets {}
