@testable import Plonkish
import Testing

/// Points with known discrete logarithms: points[i] = logs[i]·G, so Σ kᵢ·points[i] = (Σ kᵢ·logs[i])·G is an
/// oracle that costs one scalar multiplication, independent of the bucket machinery.
struct KnownPoints<C: ShortWeierstrassCurve> {
    var points: [AffinePoint<C>]
    var logs: [C.Scalar]

    /// logs[i] = start + i·step: consecutive points differ by one addition of step·G.
    static func progression(count: Int, using rng: inout SplitMix64) -> Self {
        let start = C.Scalar.random(using: &rng)
        let step = C.Scalar.random(using: &rng)
        let stepPoint = JacobianPoint<C>.generator.multiplied(by: step)
        var current = JacobianPoint<C>.generator.multiplied(by: start)
        var jacobian: [JacobianPoint<C>] = []
        var logs: [C.Scalar] = []
        var log = start
        for _ in 0..<count {
            jacobian.append(current)
            logs.append(log)
            current = current.adding(stepPoint)
            log = log + step
        }
        return Self(points: JacobianPoint.batchAffine(jacobian), logs: logs)
    }

    /// A progression where every 7th point repeats another and every 11th (from the 4th) is another's negation, so
    /// bucket additions meet equal and opposite points.
    static func progressionWithRepeats(count n: Int, using rng: inout SplitMix64) -> Self {
        var known = progression(count: n, using: &rng)
        for i in stride(from: 0, to: n, by: 7) { known.copy(from: (i * 13) % n, to: i) }
        for i in stride(from: 3, to: n, by: 11) { known.copy(from: (i * 5) % n, to: i, negated: true) }
        return known
    }

    mutating func setInfinity(at i: Int) {
        points[i] = .infinity
        logs[i] = .zero
    }

    mutating func copy(from source: Int, to i: Int, negated: Bool = false) {
        points[i] = negated ? -points[source] : points[source]
        logs[i] = negated ? -logs[source] : logs[source]
    }

    func expected(_ scalars: [C.Scalar]) -> JacobianPoint<C> {
        var exponent = C.Scalar.zero
        for (log, scalar) in zip(logs, scalars) { exponent = exponent + log * scalar }
        return JacobianPoint<C>.generator.multiplied(by: exponent)
    }
}

struct MSMTests {
    static func randomScalars<S: PrimeField>(_ count: Int, using rng: inout SplitMix64) -> [S] {
        (0..<count).map { _ in S.random(using: &rng) }
    }

    @Test("random MSMs of 1 to 255 points equal the naive sum of scalar multiplications")
    func smallSizesMatchNaive() {
        func check<C: ShortWeierstrassCurve>(_: C.Type, seed: UInt64) {
            var rng = SplitMix64(seed: seed)
            for n in [1, 2, 3, 7, 31, 64, 255] {
                let known = KnownPoints<C>.progression(count: n, using: &rng)
                let scalars: [C.Scalar] = Self.randomScalars(n, using: &rng)
                let msm = multiScalarMultiply(points: known.points, scalars: scalars)
                #expect(msm == naiveMultiScalarMultiply(points: known.points, scalars: scalars), "\(C.name) n=\(n)")
                #expect(msm == known.expected(scalars), "\(C.name) n=\(n) against discrete logs")
                #expect(msm.isOnCurve)
            }
        }
        check(BN254G1Curve.self, seed: 1)
        check(VestaCurve.self, seed: 2)
        check(PallasCurve.self, seed: 3)
    }

    @Test("an empty MSM and an MSM of zero scalars give the point at infinity")
    func emptyAndZero() {
        let none: [G1Affine] = []
        #expect(multiScalarMultiply(points: none, scalars: []).isInfinity)
        var rng = SplitMix64(seed: 4)
        let known = KnownPoints<BN254G1Curve>.progression(count: 100, using: &rng)
        #expect(multiScalarMultiply(points: known.points, scalars: [BN254Fr](repeating: .zero, count: 100)).isInfinity)
    }

    @Test("large random MSMs (1000 and 4096 points) on 1, 2 and 3 threads match the discrete-log oracle")
    func largeSizesMatchOracle() {
        func check<C: ShortWeierstrassCurve>(_: C.Type, seed: UInt64) {
            var rng = SplitMix64(seed: seed)
            for n in [1000, 4096] {
                let known = KnownPoints<C>.progression(count: n, using: &rng)
                let scalars: [C.Scalar] = Self.randomScalars(n, using: &rng)
                let expected = known.expected(scalars)
                for threads in [1, 2, 3] {
                    let msm = multiScalarMultiply(points: known.points, scalars: scalars, threadCount: threads)
                    #expect(msm == expected, "\(C.name) n=\(n) threads=\(threads)")
                }
            }
        }
        check(BN254G1Curve.self, seed: 5)
        check(VestaCurve.self, seed: 6)
    }

    @Test("the MSM is generic over the base field: BN254 G2 (over Fq2) with 1000 points, batch-affine buckets forced")
    func extensionFieldCurve() {
        var rng = SplitMix64(seed: 13)
        let n = 1000
        let known = KnownPoints<BN254G2Curve>.progression(count: n, using: &rng)
        let scalars: [BN254Fr] = Self.randomScalars(n, using: &rng)
        let expected = known.expected(scalars)
        #expect(multiScalarMultiply(points: known.points, scalars: scalars, threadCount: 2) == expected)
        let words = scalars.flatMap { $0.canonicalLimbs }
        let plan = PippengerPlan(
            windowBits: 10, windowCount: SignedWindowDigits.windowCount(bits: 254, windowBits: 10),
            usesBatchAffine: true, batchCapacity: 64, pointChunks: 1)
        let msm = known.points.withUnsafeBufferPointer { points in
            words.withUnsafeBufferPointer { words in
                pippenger(points: points, canonicalWords: words, bits: 254, plan: plan, threadCount: 2)
            }
        }
        #expect(msm == expected)
    }

    @Test("special inputs: zero, one and r − 1 scalars, identity points, repeated points, P and −P pairs")
    func specialInputs() {
        func check<C: ShortWeierstrassCurve>(_: C.Type, seed: UInt64) {
            var rng = SplitMix64(seed: seed)
            for n in [31, 255, 4096] {
                var known = KnownPoints<C>.progression(count: n, using: &rng)
                var scalars: [C.Scalar] = Self.randomScalars(n, using: &rng)
                for i in 0..<n {
                    switch rng.next() % 8 {
                    case 0: scalars[i] = .zero
                    case 1: scalars[i] = -C.Scalar.one  // r − 1
                    case 2: scalars[i] = .one
                    case 3: known.setInfinity(at: i)
                    case 4: known.copy(from: Int(rng.next() % UInt64(n)), to: i)
                    case 5: known.copy(from: Int(rng.next() % UInt64(n)), to: i, negated: true)
                    default: break
                    }
                }
                let expected = known.expected(scalars)
                #expect(multiScalarMultiply(points: known.points, scalars: scalars) == expected, "\(C.name) n=\(n)")
                if n <= 255 {
                    #expect(naiveMultiScalarMultiply(points: known.points, scalars: scalars) == expected)
                }
            }
        }
        check(BN254G1Curve.self, seed: 7)
        check(VestaCurve.self, seed: 8)
    }

    @Test("one point repeated many times, with equal, opposite and random scalars (every bucket addition collides)")
    func repeatedPointCollisions() {
        var rng = SplitMix64(seed: 9)
        let n = 2000
        let base = KnownPoints<BN254G1Curve>.progression(count: 1, using: &rng)
        let points = [G1Affine](repeating: base.points[0], count: n)
        let logs = [BN254Fr](repeating: base.logs[0], count: n)
        let known = KnownPoints<BN254G1Curve>(points: points, logs: logs)
        let k = BN254Fr.random(using: &rng)
        let sameScalar = [BN254Fr](repeating: k, count: n)
        let alternating = (0..<n).map { $0 % 2 == 0 ? k : -k }
        let ones = [BN254Fr](repeating: .one, count: n)
        let random: [BN254Fr] = Self.randomScalars(n, using: &rng)
        for scalars in [sameScalar, alternating, ones, random] {
            #expect(multiScalarMultiply(points: known.points, scalars: scalars) == known.expected(scalars))
        }
    }

    @Test("scalars of few bits (selector-like 0/1 and 8-bit) use fewer windows and stay correct")
    func smallScalars() {
        var rng = SplitMix64(seed: 10)
        let n = 3000
        let known = KnownPoints<BN254G1Curve>.progression(count: n, using: &rng)
        let bits = (0..<n).map { _ in BN254Fr(word: rng.next() & 1) }
        let bytes = (0..<n).map { _ in BN254Fr(word: rng.next() & 0xff) }
        for scalars in [bits, bytes] {
            #expect(multiScalarMultiply(points: known.points, scalars: scalars) == known.expected(scalars))
        }
    }

    @Test("small windows replicate their buckets: skewed, repeated and opposite small digits stay correct")
    func replicatedSmallWindows() {
        var rng = SplitMix64(seed: 12)
        let n = 5000
        let known = KnownPoints<BN254G1Curve>.progressionWithRepeats(count: n, using: &rng)
        let allFives = [BN254Fr](repeating: BN254Fr(word: 5), count: n)
        let mostlyOnes = (0..<n).map { i in BN254Fr(word: i % 10 == 0 ? rng.next() % 200 : 1) }
        let signedBytes = (0..<n).map { _ in
            let magnitude = BN254Fr(word: rng.next() % 256)
            return rng.next() % 2 == 0 ? magnitude : -magnitude
        }
        for scalars in [allFives, mostlyOnes, signedBytes] {
            let expected = known.expected(scalars)
            #expect(multiScalarMultiply(points: known.points, scalars: scalars) == expected)
            let small = known.points.withUnsafeBufferPointer { p in
                scalars.withUnsafeBufferPointer { s in multiScalarMultiplySmallAware(points: p, scalars: s) }
            }
            #expect(small == expected)
            let magnitudes = scalars.map { $0.canonicalLimbs[1] == 0 ? $0 : -$0 }
            let points = zip(known.points, scalars).map { $1.canonicalLimbs[1] == 0 ? $0 : -$0 }
            let words = magnitudes.flatMap { $0.canonicalLimbs }
            for (c, chunks) in [(9, 1), (9, 2), (5, 3), (12, 1)] {
                let plan = PippengerPlan(
                    windowBits: c, windowCount: SignedWindowDigits.windowCount(bits: 8, windowBits: c),
                    usesBatchAffine: true, batchCapacity: 700, pointChunks: chunks)
                let msm = words.withUnsafeBufferPointer { w in
                    points.withUnsafeBufferPointer { p in
                        pippenger(points: p, canonicalWords: w, bits: 8, plan: plan, threadCount: 2)
                    }
                }
                #expect(msm == expected, "\(plan)")
            }
        }
    }

    @Test("every forced plan (window sizes, Jacobian or tiny batch-affine batches, point chunks) gives the same sum")
    func forcedPlans() {
        var rng = SplitMix64(seed: 11)
        let n = 300
        let known = KnownPoints<BN254G1Curve>.progressionWithRepeats(count: n, using: &rng)
        var scalars: [BN254Fr] = Self.randomScalars(n, using: &rng)
        for i in stride(from: 0, to: n, by: 5) { scalars[i] = -BN254Fr.one }
        let expected = known.expected(scalars)
        let words = scalars.flatMap { $0.canonicalLimbs }
        words.withUnsafeBufferPointer { words in
            known.points.withUnsafeBufferPointer { points in
                let shapes: [(c: Int, batchAffine: Bool, capacity: Int, chunks: Int)] = [
                    (1, false, 1, 1), (1, true, 3, 3), (2, true, 2, 1), (4, false, 1, 3), (4, true, 1, 1),
                    (4, true, 3, 1), (9, false, 1, 1), (9, true, 64, 1), (9, true, 64, 3), (15, true, 4096, 1),
                ]
                for shape in shapes {
                    let plan = PippengerPlan(
                        windowBits: shape.c,
                        windowCount: SignedWindowDigits.windowCount(bits: 254, windowBits: shape.c),
                        usesBatchAffine: shape.batchAffine, batchCapacity: shape.capacity,
                        pointChunks: shape.chunks)
                    let msm = pippenger(points: points, canonicalWords: words, bits: 254, plan: plan,
                                        threadCount: 2)
                    #expect(msm == expected, "\(plan)")
                }
            }
        }
    }

    @Test("repeating scalars (few distinct full-size values, one dominant value) are summed by groups, correctly")
    func repeatedScalarsGroup() {
        var rng = SplitMix64(seed: 43)
        for n in [5000, 20000] {
            let known = KnownPoints<BN254G1Curve>.progressionWithRepeats(count: n, using: &rng)
            var withInfinity = known
            for i in stride(from: 2, to: n, by: 13) { withInfinity.setInfinity(at: i) }
            let beta = BN254Fr.random(using: &rng)
            // A lookup helper's values: 1/(f + β) over 200 inputs f, with unused (zero) rows.
            let helper = (0..<n).map { i in
                i % 17 == 0 ? BN254Fr.zero : (BN254Fr(word: rng.next() % 200) + beta).inverse()!
            }
            let dominant = BN254Fr.random(using: &rng)
            let mostlyOne = (0..<n).map { _ in rng.next() % 10 == 0 ? BN254Fr.random(using: &rng) : dominant }
            for (name, scalars) in [("helper", helper), ("dominant", mostlyOne)] {
                for points in [known, withInfinity] {
                    let expected = points.expected(scalars)
                    for threads in [1, 2, 3] {
                        let msm = multiScalarMultiply(points: points.points, scalars: scalars, threadCount: threads)
                        #expect(msm == expected, "\(name) n=\(n) threads=\(threads)")
                    }
                    let words = scalars.flatMap { $0.canonicalLimbs }
                    let grouped: JacobianPoint<BN254G1Curve>? = points.points.withUnsafeBufferPointer { p in
                        words.withUnsafeBufferPointer { w in
                            multiScalarMultiplyGroupingRepeats(
                                points: p, canonicalWords: w, bits: canonicalBitLength(w), threadCount: 2)
                        }
                    }
                    #expect(grouped == expected, "\(name) n=\(n) takes the grouped path")
                }
            }
            // Distinct random scalars do not pay for grouping.
            let random: [BN254Fr] = Self.randomScalars(n, using: &rng)
            let words = random.flatMap { $0.canonicalLimbs }
            let grouped: JacobianPoint<BN254G1Curve>? = known.points.withUnsafeBufferPointer { p in
                words.withUnsafeBufferPointer { w in
                    multiScalarMultiplyGroupingRepeats(points: p, canonicalWords: w, bits: 254, threadCount: 2)
                }
            }
            #expect(grouped == nil)
        }
    }

    @Test("witness-style MSM: small positive, small negative (p − x) and full-size scalars match the oracle")
    func smallAwareMSM() {
        var rng = SplitMix64(seed: 41)
        let known = KnownPoints<BN254G1Curve>.progression(count: 3000, using: &rng)
        for largeCount in [0, 7, 2000] {
            let scalars: [BN254Fr] = (0..<3000).map { i in
                if i < largeCount { return BN254Fr.random(using: &rng) }
                let magnitude = BN254Fr(word: rng.next() % 70_000)
                return i % 3 == 0 ? -magnitude : magnitude
            }
            let expected = JacobianPoint<BN254G1Curve>.generator.multiplied(
                by: zip(known.logs, scalars).reduce(BN254Fr.zero) { $0 + $1.0 * $1.1 })
            let actual = known.points.withUnsafeBufferPointer { p in
                scalars.withUnsafeBufferPointer { s in multiScalarMultiplySmallAware(points: p, scalars: s) }
            }
            #expect(actual == expected, "\(largeCount) large scalars")
        }
    }

    @Test("signed window digits recombine to the scalar and stay within ±2^(c−1)")
    func signedDigitsRecombine() {
        var rng = SplitMix64(seed: 12)
        var scalars: [BN254Fr] = Self.randomScalars(200, using: &rng)
        scalars += [.zero, .one, -BN254Fr.one, BN254Fr(word: UInt64.max)]
        let words = scalars.flatMap { $0.canonicalLimbs }
        words.withUnsafeBufferPointer { words in
            for c in 1...SignedWindowDigits.maximumWindowBits {
                let digits = SignedWindowDigits(canonicalWords: words, bits: 254, windowBits: c, threadCount: 2)
                defer { digits.deallocate() }
                let radix = BN254Fr(word: 1 << UInt64(c))
                for (i, scalar) in scalars.enumerated() {
                    var value = BN254Fr.zero
                    var inRange = true
                    for window in stride(from: digits.windowCount - 1, through: 0, by: -1) {
                        let digit = Int(digits.digits(window: window)[i])
                        inRange = inRange && abs(digit) <= 1 << (c - 1)
                        value = value * radix + BN254Fr(Int64(digit))
                    }
                    #expect(value == scalar, "c=\(c) scalar \(i)")
                    #expect(inRange, "c=\(c) scalar \(i)")
                }
            }
        }
    }

    @Test("the planner picks batch-affine buckets and larger windows as the MSM grows")
    func plannerShape() {
        let small = PippengerPlan.best(pointCount: 8, bits: 254, threadCount: 2)
        let large = PippengerPlan.best(pointCount: 1 << 16, bits: 254, threadCount: 2)
        #expect(!small.usesBatchAffine)
        #expect(large.usesBatchAffine)
        #expect(small.windowBits < large.windowBits)
        #expect(PippengerPlan.best(pointCount: 1 << 16, bits: 1, threadCount: 2).windowCount <= 2)
    }
}
