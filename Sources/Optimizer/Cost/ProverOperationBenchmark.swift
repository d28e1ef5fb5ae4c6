import Dispatch
import Plonkish

/// Measurements of the operations a proof is priced by, each done the way the prover does it (FFTs of several
/// polynomials side by side, one MSM at a time over all cores, lookup preparation on one core). Times are in
/// seconds per operation, the best of a few runs.
extension PrimitiveBenchmark {
    /// Seconds per FFT of 2^k values when `batch` of them run side by side, as the prover transforms its
    /// polynomials (below 2^12 one FFT is a single block on one core, so only a batch keeps every core busy).
    public static func fftSeconds<F: FFTField>(_: F.Type, k: Int, coset: Bool, batch: Int, runs: Int) -> Double {
        let domain = EvaluationDomain<F>(k: k)
        var columns = (0..<batch).map { randomElements(F.self, count: domain.n, seed: UInt64(k * 31 + $0)) }
        let shift = F.zeta
        let t = Stopwatch.best(runs: runs, budget: 4) {
            columns.withUnsafeMutableBufferPointer { slots in
                DispatchQueue.concurrentPerform(iterations: slots.count) { i in
                    if coset { domain.cosetFFT(&slots[i], shift: shift) } else { domain.fft(&slots[i]) }
                }
            }
        }
        blackHole(columns[0][1])
        return t / Double(batch)
    }

    /// Seconds for one MSM of the first 2^k points with full-size random scalars.
    public static func msmSeconds<C: ShortWeierstrassCurve>(points: [AffinePoint<C>], k: Int, runs: Int) -> Double {
        let scalars = randomElements(C.Scalar.self, count: 1 << k, seed: UInt64(k))
        return bestMSMSeconds(points: points, scalars: scalars, runs: runs) { multiScalarMultiply(points: $0, scalars: $1) }
    }

    /// Seconds for one commitment-style MSM of 2^k witness values: signed integers of `bits` bits (half of them
    /// negative, so stored as p − |x|) with the last few rows random, as the prover's blinding rows are.
    public static func witnessMSMSeconds<C: ShortWeierstrassCurve>(
        points: [AffinePoint<C>], k: Int, bits: Int, runs: Int
    ) -> Double {
        let n = 1 << k
        var generator = SplitMix64(seed: UInt64(k * 1000 + bits))
        let bound = UInt64(1) << UInt64(max(1, min(62, bits - 1)))
        var scalars = (0..<n).map { _ -> C.Scalar in
            let magnitude = C.Scalar(word: generator.next() % bound)
            return generator.next() & 1 == 0 ? magnitude : -magnitude
        }
        for i in max(0, n - 8)..<n { scalars[i] = C.Scalar.random(using: &generator) }
        return bestMSMSeconds(points: points, scalars: scalars, runs: runs) {
            multiScalarMultiplySmallAware(points: $0, scalars: $1)
        }
    }

    /// The best time of `msm` over the first scalars.count points.
    static func bestMSMSeconds<C: ShortWeierstrassCurve>(
        points: [AffinePoint<C>], scalars: [C.Scalar], runs: Int,
        _ msm: (UnsafeBufferPointer<AffinePoint<C>>, UnsafeBufferPointer<C.Scalar>) -> JacobianPoint<C>
    ) -> Double {
        let n = scalars.count
        precondition(points.count >= n, "an MSM of \(n) scalars needs as many points")
        var result = JacobianPoint<C>.infinity
        let t = points.withUnsafeBufferPointer { all in
            scalars.withUnsafeBufferPointer { s in
                Stopwatch.best(runs: runs, budget: 6) { result = msm(UnsafeBufferPointer(rebasing: all[0..<n]), s) }
            }
        }
        blackHole(result.affine)
        return t
    }

    /// Seconds to prepare, as the prover's log-derivative lookup argument does on one core, a table of 2^k rows
    /// (index its rows, invert each row's value shifted by β) and one input column of 2^k rows (find each value's
    /// table row and count it, invert the shifted inputs, add them into a helper column).
    public static func lookupPreparationSeconds<F: FFTField>(
        _: F.Type, k: Int, runs: Int
    ) -> (table: Double, input: Double) {
        let n = 1 << k
        var generator = SplitMix64(seed: UInt64(k))
        let table = (0..<n).map { F(word: UInt64($0) &* 0x9e37_79b9) }
        let input = (0..<n).map { _ in table[Int(generator.next() % UInt64(n))] }
        let beta = F.random(using: &generator)
        var rowOf: [F: Int] = [:]
        let tableTime = Stopwatch.best(runs: runs, budget: 3) {
            rowOf = [:]
            rowOf.reserveCapacity(n)
            for r in 0..<n where rowOf[table[r]] == nil { rowOf[table[r]] = r }
            var shifted = table.map { $0 + beta }
            batchInvert(&shifted)
            blackHole(shifted[n - 1])
        }
        let inputTime = Stopwatch.best(runs: runs, budget: 3) {
            var counts = [UInt64](repeating: 0, count: n)
            for r in 0..<n {
                if let row = rowOf[input[r]] { counts[row] &+= 1 }
            }
            var shifted = input.map { $0 + beta }
            batchInvert(&shifted)
            var helper = [F](repeating: .zero, count: n)
            for r in 0..<n { helper[r] += shifted[r] }
            blackHole(helper[n - 1])
            blackHole(counts[0])
        }
        return (tableTime, inputTime)
    }

    /// Single-core throughput of independent multiplications and additions over a cache-resident vector, and the
    /// latency of one inversion.
    public static func fieldOperationPrices<F: FFTField>(_: F.Type) -> FieldOperationPrices {
        let count = 4096, rounds = 200
        var generator = SplitMix64(seed: 7)
        var values = (0..<count).map { _ in F.random(using: &generator) }
        let factor = F.random(using: &generator)
        let multiply = values.withUnsafeMutableBufferPointer { v in
            Stopwatch.best(runs: 3, budget: 1) {
                for _ in 0..<rounds { for i in 0..<count { v[i] = v[i] * factor } }
            }
        }
        let add = values.withUnsafeMutableBufferPointer { v in
            Stopwatch.best(runs: 3, budget: 1) {
                for _ in 0..<rounds { for i in 0..<count { v[i] = v[i] + factor } }
            }
        }
        blackHole(values[count - 1])
        let inversions = 2000
        var x = factor
        let inverse = Stopwatch.best(runs: 3, budget: 1) {
            for _ in 0..<inversions { x = (x.inverse() ?? .one) + .one }
        }
        blackHole(x)
        let operations = Double(count * rounds)
        return FieldOperationPrices(multiplyNanoseconds: multiply * 1e9 / operations,
                                    addNanoseconds: add * 1e9 / operations,
                                    inverseNanoseconds: inverse * 1e9 / Double(inversions))
    }

    /// Seconds for the scheme's multi-point opening of `commitments` polynomials of the parameters' full size,
    /// every one at a point x and every third also at ωx (two point sets, as a circuit's rotations make). Returns
    /// the time and the number of queries opened.
    public static func openingSeconds<S: CommitmentScheme>(
        _ params: S, commitments: Int, runs: Int
    ) throws -> (seconds: Double, queries: Int) {
        typealias F = S.Scalar
        let k = params.k
        let n = 1 << k
        let polynomial = randomElements(F.self, count: n, seed: UInt64(k))
        var generator = SplitMix64(seed: UInt64(k + 100))
        let x = F.random(using: &generator)
        let shifted = x * EvaluationDomain<F>(k: k).omega
        var queries: [ProverQuery<F>] = []
        for c in 0..<commitments {
            for point in c % 3 == 0 ? [x, shifted] : [x] {
                // The claimed values are not checked by the prover; its work does not depend on them.
                queries.append(ProverQuery(commitmentID: c, point: point, polynomial: polynomial,
                                           blind: F.random(using: &generator), evaluation: F(word: UInt64(c))))
            }
        }
        var failure: Error?
        let t = Stopwatch.best(runs: runs, budget: 6) {
            var transcript = ProofWriter<S.Curve>()
            do { try params.open(queries, transcript: &transcript) } catch { failure = error }
            blackHole(transcript.proof.count)
        }
        if let failure { throw failure }
        return (t, queries.count)
    }

    /// Proves `BenchmarkCircuit` (10 columns) at 2^k `runs` times and keeps, per phase, the prover's shortest
    /// time, with the proof's shape to price the same operations against.
    public static func calibrationProof<S: CommitmentScheme>(_ params: S, k: Int, runs: Int) throws -> CalibrationProof {
        let circuit = BenchmarkCircuit<S.Scalar>(k: k, columns: 10)
        let pk = try Keygen.provingKey(params: params, circuit: circuit, k: k)
        var best: [ProverStatistics.Phase: Double] = [:]
        for _ in 0..<max(1, runs) {
            let statistics = ProverStatistics()
            let proof = try Prover.prove(provingKey: pk, circuit: circuit, instances: [], statistics: statistics)
            blackHole(proof.count)
            for (phase, seconds) in statistics.seconds { best[phase] = min(best[phase] ?? .infinity, seconds) }
        }
        var summary = ProofShapeSummary(shape: pk.shape, commitsInstances: S.commitsInstances)
        summary.copiedCellsByColumn = pk.copiedCellsByColumn
        return CalibrationProof(summary: summary, phaseSeconds: best)
    }
}

/// What one real proof spent per phase, and its shape.
public struct CalibrationProof: Sendable {
    public let summary: ProofShapeSummary
    public let phaseSeconds: [ProverStatistics.Phase: Double]

    /// The same proof's shape with each phase's shorter time of the two.
    public func faster(_ other: CalibrationProof) -> CalibrationProof {
        CalibrationProof(summary: summary, phaseSeconds: phaseSeconds.merging(other.phaseSeconds) { min($0, $1) })
    }
    /// The mean bit width of `BenchmarkCircuit`'s committed witness columns: seven of 8-bit values, three of
    /// their 16-bit products and the lookup multiplicities of a few bits. Witness MSM prices are linear in the
    /// width, so the mean width prices the mean column.
    public static let witnessBits = 10

    /// Seconds per field operation of the quotient evaluation.
    public var quotientOperationSeconds: Double {
        (phaseSeconds[.quotient] ?? 0) / Double(max(1, summary.workload.quotientOperations))
    }

    /// Seconds per (row, column) of the permutation products.
    public var permutationCellSeconds: Double {
        (phaseSeconds[.permutation] ?? 0) / Double(max(1, summary.permutationColumns * summary.usableRows))
    }

    /// This proof's figures for a cost profile, taken at 2^k.
    public func figures(k: Int, phaseFactors: [ProverStatistics.Phase: Double] = [:]) -> BackendPrices.Calibration {
        BackendPrices.Calibration(k: k, quotientOperationSeconds: quotientOperationSeconds,
                                  permutationCellSeconds: permutationCellSeconds, phaseFactors: phaseFactors)
    }

    /// Measured over priced seconds for the phases whose operations the profile prices one by one (MSM, FFT,
    /// lookup, opening). Quotient and permutation are priced from this proof already; the rest of "other" is
    /// mostly the circuit's own witness synthesis, which the shape does not know.
    public func phaseFactors(_ estimator: CostEstimator) -> [ProverStatistics.Phase: Double] {
        let priced = estimator.operationSeconds(summary, witnessBits: Self.witnessBits)
        var factors: [ProverStatistics.Phase: Double] = [:]
        for phase in [ProverStatistics.Phase.msm, .fft, .lookup, .opening] {
            guard let measured = phaseSeconds[phase], let expected = priced[phase], measured > 0, expected > 0 else {
                continue
            }
            factors[phase] = measured / expected
        }
        return factors
    }
}
