import Dispatch
import Plonkish

/// Checks the cost model against real proofs: some of a search's candidates are set up and proved, and their
/// measured proving times compared with the estimates that ranked them.
public enum CandidateValidation {
    /// One candidate proved: its rank in the search (0 is the best), estimate and measurements.
    public struct Run: Sendable {
        public var rank: Int
        public var candidate: PlanCandidate
        public var wallSeconds: Double
        /// CPU time of every thread while proving: steadier than wall time on a shared machine.
        public var cpuSeconds: Double
        public var setupSeconds: Double
    }

    public struct Report: Sendable {
        public var runs: [Run]
        /// Kendall's τ-b between estimated and measured seconds (nil with fewer than two distinct values).
        public var tauWall: Double?
        public var tauCPU: Double?
        /// Whether the search's best candidate (rank 0) was the fastest measured, or within 10% of it.
        public var bestIsFastestWall: Bool
        public var bestIsFastestCPU: Bool
        public var bestWithinTenPercentWall: Bool
        public var bestWithinTenPercentCPU: Bool
    }

    /// The ranks to prove among `count` candidates: the `n` best, and `n` more spread evenly over the rest.
    public static func ranks(count: Int, n: Int) -> [Int] {
        guard n > 0, count > 0 else { return [] }
        let best = Array(0..<min(n, count))
        let rest = count - best.count
        guard rest > 0 else { return best }
        let others = Set((0..<min(n, rest)).map { best.count + Int((Double($0) + 0.5) * Double(rest) / Double(min(n, rest))) })
        return best + others.sorted()
    }

    /// Sets up and proves `candidate` for `inputs` (KZG with insecure parameters, or IPA), timing the proof.
    public static func prove(graph: Graph, candidate: PlanCandidate, rank: Int, scaleBits: Int,
                             backend: ProofBackend, inputs: [DenseTensor<Float>]) throws -> Run {
        let plan = ModelPlan(model: "", modelDigest: "", backend: backend, scaleBits: scaleBits,
                             columns: candidate.columns, k: candidate.k, degree: candidate.degree,
                             tableSize: candidate.shape.sizing.size, choices: candidate.choices,
                             estimatedRows: candidate.rows, lookups: candidate.lookups)
        let execution = try ModelProving.execution(graph: graph, plan: plan, inputs: inputs)
        switch backend {
        case .kzg:
            let params = KZGParameters(insecureSeed: Array("zkml optimize --validate".utf8), k: plan.k)
            return try timed(params: params, graph: graph, plan: plan, execution: execution, rank: rank,
                             candidate: candidate)
        case .ipa:
            return try timed(params: IPAParameters(k: plan.k), graph: graph, plan: plan, execution: execution,
                             rank: rank, candidate: candidate)
        }
    }

    private static func timed<S: CommitmentScheme>(
        params: S, graph: Graph, plan: ModelPlan, execution: QuantizedExecution, rank: Int, candidate: PlanCandidate
    ) throws -> Run {
        let setupStart = DispatchTime.now().uptimeNanoseconds
        let key = try ModelProving.provingKey(params: params, graph: graph, plan: plan)
        let setupSeconds = Double(DispatchTime.now().uptimeNanoseconds - setupStart) / 1e9
        var (wallSeconds, cpuSeconds) = (Double.infinity, Double.infinity)
        for _ in 0..<repetitions {
            let cpuBefore = Stopwatch.processCPUSeconds
            let wall = try Stopwatch.seconds {
                _ = try ModelProving.prove(provingKey: key, graph: graph, plan: plan, execution: execution)
            }
            wallSeconds = min(wallSeconds, wall)
            cpuSeconds = min(cpuSeconds, Stopwatch.processCPUSeconds - cpuBefore)
        }
        return Run(rank: rank, candidate: candidate, wallSeconds: wallSeconds, cpuSeconds: cpuSeconds,
                   setupSeconds: setupSeconds)
    }

    /// Proofs timed per candidate, of which the fastest counts. On a shared machine a single proof's time swings
    /// by a quarter or more with the neighbours' load (digits-cnn's τ ranged 0.71–0.86 over three single-proof
    /// runs); the fastest of several is the machine's own speed.
    public static let repetitions = 3

    /// τ on both clocks, and whether the top-ranked candidate was (nearly) the fastest.
    public static func report(_ runs: [Run]) -> Report {
        let estimated = runs.map(\.candidate.estimate.provingSeconds)
        let wall = runs.map(\.wallSeconds), cpu = runs.map(\.cpuSeconds)
        let best = runs.first { $0.rank == 0 }
        func fastest(_ clock: (Run) -> Double, within slack: Double) -> Bool {
            guard let best, let minimum = runs.map(clock).min() else { return false }
            return clock(best) <= minimum * (1 + slack)
        }
        return Report(runs: runs, tauWall: KendallTau.tauB(estimated, wall), tauCPU: KendallTau.tauB(estimated, cpu),
                      bestIsFastestWall: fastest(\.wallSeconds, within: 0),
                      bestIsFastestCPU: fastest(\.cpuSeconds, within: 0),
                      bestWithinTenPercentWall: fastest(\.wallSeconds, within: 0.1),
                      bestWithinTenPercentCPU: fastest(\.cpuSeconds, within: 0.1))
    }
}
