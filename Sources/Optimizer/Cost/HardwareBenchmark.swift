import Foundation
import Plonkish

/// What `zkml benchmark-hardware` measures.
public struct HardwareBenchmarkOptions: Sendable {
    public var kMin: Int
    public var kMax: Int
    public var backends: [ProvingBackend]
    /// Witness value widths whose MSM is measured.
    public var witnessBits: [Int] = [8, 16, 24]
    /// Above this k, sizes are measured every other k (always including kMax) and the fits fill the gaps.
    public var denseUpTo = 14
    /// The largest k at which openings are measured, per backend: IPA's inner product argument folds its
    /// generators with one scalar multiplication each, and its parameters are hashed to the curve, so it stops
    /// earlier. The fits extrapolate.
    public var openingUpTo: [ProvingBackend: Int] = [.kzg: 16, .ipa: 13]
    /// The k of the proof that calibrates quotient and permutation prices (clamped into kMin…kMax).
    public var calibrationK = 12
    /// The k of a second, larger calibration proof per backend (clamped likewise): the prover's overheads change
    /// with size, and the estimator interpolates between the two. IPA's proofs are slow to make, so its stops
    /// earlier.
    public var largeCalibrationK: [ProvingBackend: Int] = [.kzg: 16, .ipa: 14]
    /// Rounds over every measurement: each price is the best over all rounds. On a shared machine the speed
    /// drifts over seconds, so a price measured in one stretch can be slow where its neighbours were not; rounds
    /// spread each price's runs over the whole benchmark, and every price meets the machine's quiet moments.
    public var rounds = 3
    /// Best-of runs per round for small sizes; sizes of 2^16 and more take about half as many.
    public var runs = 2

    public static let defaultKRange = 10...18

    public init(kMin: Int = defaultKRange.lowerBound, kMax: Int = defaultKRange.upperBound,
                backends: [ProvingBackend] = ProvingBackend.allCases) {
        self.kMin = kMin
        self.kMax = kMax
        self.backends = backends
    }

    /// The sizes measured for the size-dependent prices: every k up to `denseUpTo`, every other k above it.
    public func sizes(upTo limit: Int? = nil) -> [Int] {
        let top = min(kMax, limit ?? kMax)
        guard top >= kMin else { return [kMin] }
        var sizes: [Int] = []
        var k = kMin
        while k <= top {
            sizes.append(k)
            k += k < denseUpTo ? 1 : 2
        }
        if sizes.last != top { sizes.append(top) }
        return sizes
    }

    /// The sizes at which openings are measured: every other k from kMin up to the backend's limit.
    public func openingSizes(_ backend: ProvingBackend) -> [Int] {
        let top = max(kMin, min(kMax, openingUpTo[backend] ?? kMax))
        var sizes = Array(stride(from: kMin, through: top, by: 2))
        if sizes.last != top { sizes.append(top) }
        return sizes
    }

    /// The sizes of the calibration proofs for `backend`, smallest first.
    public func calibrationSizes(_ backend: ProvingBackend) -> [Int] {
        let sizes = [calibrationK, largeCalibrationK[backend] ?? calibrationK].map { min(kMax, max(kMin, $0)) }
        return Array(Set(sizes)).sorted()
    }
}

/// Where a hardware benchmark is: the step under way, the fraction of the estimated work done, the time spent.
public struct HardwareBenchmarkProgress: Sendable {
    public var phase: String
    public var fraction: Double
    public var elapsedSeconds: Double
}

/// Measures a cost profile (DESIGN decision 9): per backend, FFT and coset FFT, full and witness MSMs, openings,
/// lookup preparation, field operations, and a calibration proof for the quotient and permutation prices.
public enum HardwareBenchmark {
    public static func measure(
        _ options: HardwareBenchmarkOptions, zkmlVersion: String,
        progress: (HardwareBenchmarkProgress) -> Void = { _ in }
    ) throws -> CostProfile {
        guard options.kMin >= 4, options.kMin <= options.kMax, options.kMax <= 24 else {
            throw CostProfileError.invalid("k range \(options.kMin)…\(options.kMax) is outside 4…24")
        }
        guard !options.backends.isEmpty else { throw CostProfileError.invalid("no backend to measure") }
        let load = loadAverage()
        let hostBefore = HostCPUTimes.now()
        var steps: [Step] = []
        var results: [ProvingBackend: Measurements] = [:]
        for backend in options.backends {
            let measurements = Measurements()
            results[backend] = measurements
            switch backend {
            case .kzg:
                steps += plan(options, backend, BN254G1Curve.self, into: measurements,
                              openingParameters: { k in
                                  let points = PrimitiveBenchmark.distinctPoints(BN254G1Curve.self, count: 1 << k)
                                  // Opening only commits to coefficients, so any distinct points time it.
                                  return KZGParameters(k: k, g: points, gLagrange: points, g2: .generator, sG2: .generator)
                              },
                              provingParameters: { k in
                                  KZGParameters(insecureSeed: Array("zkml benchmark-hardware".utf8), k: k)
                              })
            case .ipa:
                steps += plan(options, backend, VestaCurve.self, into: measurements,
                              openingParameters: { IPAParameters(k: $0) }, provingParameters: { IPAParameters(k: $0) })
            }
        }

        let rounds = max(1, options.rounds)
        let totalWeight = (0..<rounds).reduce(0.0) { total, round in
            steps.filter { $0.runs(inRound: round, of: rounds) }.reduce(total) { $0 + $1.weight }
        }
        var done = 0.0
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        for round in 0..<rounds {
            for step in steps where step.runs(inRound: round, of: rounds) {
                let name = rounds > 1 && step.rounds == .every ? "\(step.name) (round \(round + 1) of \(rounds))" : step.name
                progress(HardwareBenchmarkProgress(phase: name, fraction: done / totalWeight, elapsedSeconds: elapsed()))
                try step.run()
                done += step.weight
            }
        }
        progress(HardwareBenchmarkProgress(phase: "done", fraction: 1, elapsedSeconds: elapsed()))

        var backends: [ProvingBackend: BackendPrices] = [:]
        for backend in options.backends {
            guard let measurements = results[backend] else { continue }
            backends[backend] = try measurements.prices(backend, threads: ProcessInfo.processInfo.activeProcessorCount)
        }
        let stolen = HostCPUTimes.stolenShare(since: hostBefore)
        let date = ISO8601DateFormatter().string(from: Date())
        return CostProfile(zkmlVersion: zkmlVersion, date: date, machine: .current,
                           threads: ProcessInfo.processInfo.activeProcessorCount, kMin: options.kMin,
                           kMax: options.kMax, loadAverage: load, stolenShare: stolen, backends: backends)
    }

    /// The one-minute load average from /proc/loadavg, where the system has it.
    public static func loadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    /// One measurement, with a weight proportional to its expected time (for the progress fraction).
    struct Step {
        /// Measurements run in every round; preparing shared data runs in the first, releasing it in the last.
        enum Rounds { case every, first, last }

        let name: String
        let weight: Double
        var rounds: Rounds = .every
        let run: () throws -> Void

        func runs(inRound round: Int, of count: Int) -> Bool {
            switch rounds {
            case .every: true
            case .first: round == 0
            case .last: round == count - 1
            }
        }
    }

    /// Keeps the faster of a stored time and a new one.
    static func keepFaster<Key: Hashable>(_ times: inout [Key: Double], _ key: Key, _ seconds: Double) {
        times[key] = min(times[key] ?? .infinity, seconds)
    }

    /// Raw measurements of one backend, filled in as the steps run.
    final class Measurements {
        var field = ""
        var curve = ""
        var fieldOperations = FieldOperationPrices(multiplyNanoseconds: 0, addNanoseconds: 0, inverseNanoseconds: 0)
        var fft: [Int: Double] = [:]
        var cosetFFT: [Int: Double] = [:]
        var msm: [Int: Double] = [:]
        var witnessMSM: [Int: [Int: Double]] = [:]
        /// Per k: (queries, seconds) for a few query counts.
        var openings: [Int: [(queries: Int, seconds: Double)]] = [:]
        var lookupTable: [Int: Double] = [:]
        var lookupInput: [Int: Double] = [:]
        /// Calibration proofs by k.
        var calibrations: [Int: CalibrationProof] = [:]

        func prices(_ backend: ProvingBackend, threads: Int) throws -> BackendPrices {
            var base: [Int: Double] = [:], perQuery: [Int: Double] = [:]
            for (k, samples) in openings {
                let split = HardwareBenchmark.splitOpening(samples)
                base[k] = split.base
                perQuery[k] = split.perQuery
            }
            // KZG's opening is two MSMs; IPA's folds the generators with one scalar multiplication each.
            let baseLaw: PriceCurve.GrowthLaw = backend == .kzg ? .nOverLogN : .linear
            let calibrationKs = calibrations.keys.sorted()
            guard let calibrationK = calibrationKs.first, let calibration = calibrations[calibrationK] else {
                throw CostProfileError.invalid("the calibration proof did not run")
            }
            var prices = BackendPrices(
                field: field, curve: curve, fieldOperations: fieldOperations,
                fft: try PriceCurve(law: .nLogN, measured: fft),
                cosetFFT: try PriceCurve(law: .nLogN, measured: cosetFFT),
                msm: try PriceCurve(law: .nOverLogN, measured: msm),
                witnessMSM: try witnessMSM.mapValues { try PriceCurve(law: .nOverLogN, measured: $0) },
                openingBase: try PriceCurve(law: baseLaw, measured: base),
                openingPerQuery: try PriceCurve(law: .linear, measured: perQuery),
                lookupTable: try PriceCurve(law: .linear, measured: lookupTable),
                lookupInput: try PriceCurve(law: .linear, measured: lookupInput),
                calibrations: [calibration.figures(k: calibrationK)])
            // The phase factors weigh each proof against these prices, so they come once the prices exist.
            let estimator = CostEstimator(prices: prices, backend: backend, threads: threads)
            prices.calibrations = calibrationKs.compactMap { k in
                calibrations[k].map { $0.figures(k: k, phaseFactors: $0.phaseFactors(estimator)) }
            }
            return prices
        }
    }

    /// Opening time ≈ base + queries·perQuery, from the smallest and largest query counts measured; both parts
    /// are kept positive (noise on a busy machine can otherwise push one below zero).
    static func splitOpening(_ samples: [(queries: Int, seconds: Double)]) -> (base: Double, perQuery: Double) {
        let sorted = samples.sorted { $0.queries < $1.queries }
        guard let low = sorted.first, let high = sorted.last else { return (1e-9, 1e-9) }
        guard high.queries > low.queries else { return (low.seconds / 2, low.seconds / Double(2 * max(1, low.queries))) }
        let perQuery = max((high.seconds - low.seconds) / Double(high.queries - low.queries), low.seconds * 1e-3)
        let base = max(low.seconds - Double(low.queries) * perQuery, low.seconds * 1e-2)
        return (base, perQuery)
    }

    static func plan<C: ShortWeierstrassCurve, S: CommitmentScheme>(
        _ options: HardwareBenchmarkOptions, _ backend: ProvingBackend, _: C.Type, into m: Measurements,
        openingParameters: @escaping (Int) -> S, provingParameters: @escaping (Int) -> S
    ) -> [Step] where C.Scalar: FFTField, S.Scalar == C.Scalar {
        typealias F = C.Scalar
        let name = backend.rawValue
        let threads = ProcessInfo.processInfo.activeProcessorCount
        func runs(_ k: Int) -> Int { k >= 16 ? max(1, (options.runs + 1) / 2) : options.runs }
        func size(_ k: Int) -> Double { Double(1 << k) / Double(1 << 16) }
        var steps: [Step] = []
        switch backend {
        case .kzg: (m.field, m.curve) = ("BN254 Fr", "BN254 G1")
        case .ipa: (m.field, m.curve) = ("Pasta Fp", "Vesta")
        }
        steps.append(Step(name: "\(name): field operations", weight: 0.3) {
            m.fieldOperations = m.fieldOperations.faster(PrimitiveBenchmark.fieldOperationPrices(F.self))
        })
        let sizes = options.sizes()
        for k in sizes {
            steps.append(Step(name: "\(name): FFT and coset FFT 2^\(k)", weight: 0.4 * size(k)) {
                let batch = max(2, threads)
                keepFaster(&m.fft, k, PrimitiveBenchmark.fftSeconds(F.self, k: k, coset: false, batch: batch, runs: runs(k)))
                keepFaster(&m.cosetFFT, k,
                           PrimitiveBenchmark.fftSeconds(F.self, k: k, coset: true, batch: batch, runs: runs(k)))
            })
        }
        // One set of distinct points serves every MSM size (prefixes of it).
        var points: [AffinePoint<C>] = []
        steps.append(Step(name: "\(name): points for MSMs", weight: 0.3 * size(options.kMax), rounds: .first) {
            points = PrimitiveBenchmark.distinctPoints(C.self, count: 1 << options.kMax)
        })
        for k in sizes {
            steps.append(Step(name: "\(name): MSM 2^\(k)", weight: 1.0 * size(k)) {
                keepFaster(&m.msm, k, PrimitiveBenchmark.msmSeconds(points: points, k: k, runs: runs(k)))
            })
            steps.append(Step(name: "\(name): witness MSMs 2^\(k)", weight: 0.6 * size(k)) {
                for bits in options.witnessBits {
                    keepFaster(&m.witnessMSM[bits, default: [:]], k,
                               PrimitiveBenchmark.witnessMSMSeconds(points: points, k: k, bits: bits, runs: runs(k)))
                }
            })
        }
        steps.append(Step(name: "\(name): releasing points", weight: 0, rounds: .last) { points = [] })
        for k in sizes {
            steps.append(Step(name: "\(name): lookup preparation 2^\(k)", weight: 0.4 * size(k)) {
                let t = PrimitiveBenchmark.lookupPreparationSeconds(F.self, k: k, runs: runs(k))
                keepFaster(&m.lookupTable, k, t.table)
                keepFaster(&m.lookupInput, k, t.input)
            })
        }
        let openingWeight = backend == .kzg ? 4.0 : 40.0
        var openingParameterCache: [Int: S] = [:]
        for k in options.openingSizes(backend) {
            steps.append(Step(name: "\(name): opening 2^\(k)", weight: openingWeight * size(k)) {
                let params = openingParameterCache[k] ?? openingParameters(k)
                openingParameterCache[k] = params
                var samples: [(queries: Int, seconds: Double)] = []
                for (i, commitments) in [3, 15].enumerated() {
                    let t = try PrimitiveBenchmark.openingSeconds(params, commitments: commitments, runs: 1)
                    samples.append((t.queries, min(t.seconds, m.openings[k]?[i].seconds ?? .infinity)))
                }
                m.openings[k] = samples
            })
        }
        steps.append(Step(name: "\(name): releasing opening parameters", weight: 0, rounds: .last) {
            openingParameterCache = [:]
        })
        for calibration in options.calibrationSizes(backend) {
            steps.append(Step(name: "\(name): calibration proof 2^\(calibration)", weight: 40 * size(calibration)) {
                let proof = try PrimitiveBenchmark.calibrationProof(provingParameters(calibration), k: calibration,
                                                                    runs: 1)
                m.calibrations[calibration] = m.calibrations[calibration].map { $0.faster(proof) } ?? proof
            })
        }
        return steps
    }
}
