/// Σ scalars[i]·points[i] for witness columns, whose values are mostly small signed integers (ML fixed-point
/// values, counts, selectors) with a few full-size ones (the random blinding rows).
///
/// A value p − x with small x is −x: its point is negated and x used instead. The small magnitudes go through one
/// Pippenger run whose window count follows their largest bit length (a 16-bit column needs one or two windows
/// instead of twenty), and the few large scalars through a second, ordinary run. When most scalars are large the
/// split gains nothing and the plain MSM runs instead.
@inlinable
public func multiScalarMultiplySmallAware<C: ShortWeierstrassCurve>(
    points: UnsafeBufferPointer<AffinePoint<C>>, scalars: UnsafeBufferPointer<C.Scalar>,
    threadCount: Int = defaultMSMThreadCount
) -> JacobianPoint<C> {
    precondition(points.count == scalars.count, "MSM needs as many scalars as points")
    let n = points.count
    let threads = max(1, threadCount)
    if n < 1024 { return multiScalarMultiply(points: points, scalars: scalars, threadCount: threads) }

    // Classify: words[4i] holds the magnitude of a small scalar; large ones are listed apart.
    let smallPoints = UnsafeMutableBufferPointer<AffinePoint<C>>.allocate(capacity: n)
    defer { smallPoints.deallocate() }
    let smallWords = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: 4 * n)
    defer { smallWords.deallocate() }
    var largeIndices: [Int] = []
    var smallCount = 0
    var magnitudeUnion: UInt64 = 0
    for i in 0..<n {
        let value = scalars[i]
        let c = value.canonical
        if c.1 == 0 && c.2 == 0 && c.3 == 0 {
            if c.0 == 0 { continue }
            smallPoints.initializeElement(at: smallCount, to: points[i])
            smallWords[4 * smallCount] = c.0
        } else {
            let negated = (-value).canonical
            guard negated.1 == 0 && negated.2 == 0 && negated.3 == 0 else {
                largeIndices.append(i)
                if largeIndices.count > n / 2 {
                    return multiScalarMultiply(points: points, scalars: scalars, threadCount: threads)
                }
                continue
            }
            smallPoints.initializeElement(at: smallCount, to: -points[i])
            smallWords[4 * smallCount] = negated.0
        }
        smallWords[4 * smallCount + 1] = 0
        smallWords[4 * smallCount + 2] = 0
        smallWords[4 * smallCount + 3] = 0
        magnitudeUnion |= smallWords[4 * smallCount]
        smallCount += 1
    }

    var result = JacobianPoint<C>.infinity
    if smallCount > 0 {
        let bits = 64 - magnitudeUnion.leadingZeroBitCount
        let plan = PippengerPlan.best(pointCount: smallCount, bits: bits, threadCount: threads)
        result = pippenger(
            points: UnsafeBufferPointer(rebasing: smallPoints[0..<smallCount]),
            canonicalWords: UnsafeBufferPointer(rebasing: smallWords[0..<(4 * smallCount)]),
            bits: bits, plan: plan, threadCount: threads)
    }
    if !largeIndices.isEmpty {
        let largePoints = largeIndices.map { points[$0] }
        let largeScalars = largeIndices.map { scalars[$0] }
        result = result.adding(multiScalarMultiply(points: largePoints, scalars: largeScalars, threadCount: threads))
    }
    return result
}
