import Plonkish

nonisolated(unsafe) var benchmarkSink = 0

/// Timings of the arithmetic primitives every proof is made of, on this machine.
public struct PrimitiveTimings: Codable, Sendable {
    /// Latency of one BN254 Fr Montgomery multiplication in a dependent chain (the C reference's "latency" line).
    public var frMulNanoseconds: Double
    /// Throughput of Fr multiplication over four independent chains (the C reference's "throughput" line).
    public var frMulThroughputNanoseconds: Double
    public var frSquareNanoseconds: Double
    public var frInverseNanoseconds: Double
    /// Low limb of the dependent chain's result, comparable with the C reference's first checksum.
    public var frMulChecksum: String
    public var fftMilliseconds: [String: Double] = [:]
    public var msmMilliseconds: [String: Double] = [:]
    public var pairingMilliseconds: Double?
    public var threads: Int

    public init(
        frMulNanoseconds: Double, frMulThroughputNanoseconds: Double, frSquareNanoseconds: Double,
        frInverseNanoseconds: Double, frMulChecksum: String, threads: Int
    ) {
        self.frMulNanoseconds = frMulNanoseconds
        self.frMulThroughputNanoseconds = frMulThroughputNanoseconds
        self.frSquareNanoseconds = frSquareNanoseconds
        self.frInverseNanoseconds = frInverseNanoseconds
        self.frMulChecksum = frMulChecksum
        self.threads = threads
    }

    enum CodingKeys: String, CodingKey {
        case frMulNanoseconds = "fr_mul_ns"
        case frMulThroughputNanoseconds = "fr_mul_throughput_ns"
        case frSquareNanoseconds = "fr_square_ns"
        case frInverseNanoseconds = "fr_inverse_ns"
        case frMulChecksum = "fr_mul_checksum"
        case fftMilliseconds = "fft_ms"
        case msmMilliseconds = "msm_ms"
        case pairingMilliseconds = "pairing_ms"
        case threads
    }
}

/// Measures field, FFT, MSM and pairing speed. Each measurement is the best of a few runs.
public enum PrimitiveBenchmark {
    /// Same chain as `shared/bench/fieldmul.c`: x ← x·y repeated, on the same raw Montgomery limbs, so the
    /// checksum must match the C program's first checksum word.
    public static func frMultiplicationChain(iterations: Int) -> (nanoseconds: Double, checksum: UInt64) {
        let y = BN254Fr(montgomery: 0x1234, 0x5678, 0x9abc, 0x0def)
        var x = BN254Fr.zero
        let t = Stopwatch.best(runs: 3) {
            x = BN254Fr(montgomery: 123_456_789, 987_654_321, 5555, 777)
            for _ in 0..<iterations { x = x * y }
        }
        return (t * 1e9 / Double(iterations), x.l0)
    }

    /// Four independent chains interleaved, as the C reference's throughput line.
    public static func frMultiplicationThroughput(iterations: Int) -> (nanoseconds: Double, checksum: UInt64) {
        let y = BN254Fr(montgomery: 0x1234, 0x5678, 0x9abc, 0x0def)
        var a0 = BN254Fr.zero, a1 = BN254Fr.zero, a2 = BN254Fr.zero, a3 = BN254Fr.zero
        let t = Stopwatch.best(runs: 3) {
            a0 = BN254Fr(montgomery: 1, 2, 3, 4)
            a1 = BN254Fr(montgomery: 5, 6, 7, 8)
            a2 = BN254Fr(montgomery: 9, 10, 11, 12)
            a3 = BN254Fr(montgomery: 13, 14, 15, 16)
            for _ in 0..<(iterations / 4) {
                a0 = a0 * y
                a1 = a1 * y
                a2 = a2 * y
                a3 = a3 * y
            }
        }
        return (t * 1e9 / Double(iterations), a0.l0 ^ a1.l1 ^ a2.l2 ^ a3.l3)
    }

    public static func frSquaring(iterations: Int) -> Double {
        var x = BN254Fr(123_456_789)
        let t = Stopwatch.best(runs: 3) {
            for _ in 0..<iterations { x = x.squared() }
        }
        blackHole(x)
        return t * 1e9 / Double(iterations)
    }

    public static func frInversion(iterations: Int) -> Double {
        var x = BN254Fr(123_456_789)
        let t = Stopwatch.best(runs: 3) {
            for _ in 0..<iterations { x = (x.inverse() ?? .one) + .one }
        }
        blackHole(x)
        return t * 1e9 / Double(iterations)
    }

    /// Forward FFT of 2^logSize random Fr values, in milliseconds (the domain's twiddles are built beforehand).
    public static func fft(logSize: Int) -> Double { fft(BN254Fr.self, logSize: logSize) }

    /// Forward FFT of 2^logSize random values of any FFT field, in milliseconds.
    public static func fft<F: FFTField>(_: F.Type, logSize: Int) -> Double {
        let domain = EvaluationDomain<F>(k: logSize)
        var values = randomElements(F.self, count: domain.n, seed: UInt64(logSize))
        let runs = logSize >= 20 ? 3 : 10
        let t = Stopwatch.best(runs: runs, budget: 10) { domain.fft(&values) }
        blackHole(values[1])
        return t * 1e3
    }

    /// BN254 G1 MSM of 2^logSize random points and scalars, in milliseconds.
    public static func msm(logSize: Int) -> Double { msm(BN254G1Curve.self, logSize: logSize) }

    /// MSM of 2^logSize random points and full-size scalars on any curve, in milliseconds.
    public static func msm<C: ShortWeierstrassCurve>(_: C.Type, logSize: Int, runs: Int? = nil) -> Double {
        let n = 1 << logSize
        let points = distinctPoints(C.self, count: n)
        let scalars = randomElements(C.Scalar.self, count: n, seed: UInt64(logSize))
        var result = JacobianPoint<C>.infinity
        let t = Stopwatch.best(runs: runs ?? (logSize >= 20 ? 2 : 5), budget: 20) {
            result = multiScalarMultiply(points: points, scalars: scalars)
        }
        blackHole(result.affine)
        return t * 1e3
    }

    /// One BN254 pairing e(P, Q) of random subgroup points, in milliseconds.
    public static func pairing() -> Double {
        let p = G1.generator.multiplied(by: .random()).affine
        let q = G2.generator.multiplied(by: .random()).affine
        var result = BN254Fq12.one
        let t = Stopwatch.best(runs: 30, budget: 2) { result = BN254Pairing.pairing(p, q) }
        blackHole(result)
        return t * 1e3
    }

    /// n points [a + i·b]G for random a, b: independent-looking, distinct, and cheap to make (one addition each,
    /// instead of one scalar multiplication each).
    static func distinctPoints<C: ShortWeierstrassCurve>(_: C.Type, count n: Int) -> [AffinePoint<C>] {
        let generator = JacobianPoint<C>.generator
        let step = generator.multiplied(by: .random()).affine
        var current = generator.multiplied(by: .random())
        var jacobian = [JacobianPoint<C>](repeating: .infinity, count: n)
        for i in 0..<n {
            jacobian[i] = current
            current = current.adding(step)
        }
        return JacobianPoint<C>.batchAffine(jacobian)
    }

    /// n uniformly random field elements from a fast seeded generator (benchmark inputs, not secrets).
    static func randomElements<F: PrimeField>(_: F.Type, count n: Int, seed: UInt64) -> [F] {
        var generator = SplitMix64(seed: seed)
        return (0..<n).map { _ in F.random(using: &generator) }
    }

    /// Keeps a benchmark's result observable, so the optimizer cannot drop the work that produced it: the value's
    /// hash goes into a global that the program could read.
    @inline(never)
    static func blackHole<T: Hashable>(_ value: T) { benchmarkSink ^= value.hashValue }

}
