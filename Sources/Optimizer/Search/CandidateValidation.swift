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
        /// The share of the machine's CPU time the hypervisor withheld during the fastest proof (nil where the host
        /// does not say): a large share marks a measurement slowed from outside.
        public var stolenShare: Double?
        public var setupSeconds: Double
        /// Proofs made; the times are the fastest of them.
        public var proofCount: Int
        /// Wall seconds by prover phase in the fastest proof, to hold against the estimate's breakdown.
        public var phaseSeconds: [ProverStatistics.Phase: Double]
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

    /// A candidate set up for proving: its key is made, and each call of `proveOnce` proves it again.
    public struct Prepared {
        public let rank: Int
        public let candidate: PlanCandidate
        public let setupSeconds: Double
        let proveOnce: (ProverStatistics) throws -> Void
    }

    /// Sets up `candidate` for `inputs` (KZG with insecure parameters, or IPA): the quantized execution and the
    /// proving key, so that timing its proofs measures proving alone.
    public static func prepare(graph: Graph, candidate: PlanCandidate, rank: Int, scaleBits: Int,
                               backend: ProofBackend, inputs: [DenseTensor<Float>]) throws -> Prepared {
        let plan = ModelPlan(model: "", modelDigest: "", backend: backend, scaleBits: scaleBits,
                             columns: candidate.columns, k: candidate.k, degree: candidate.degree,
                             tableSize: candidate.shape.sizing.size, choices: candidate.choices,
                             estimatedRows: candidate.rows, lookups: candidate.lookups)
        let execution = try ModelProving.execution(graph: graph, plan: plan, inputs: inputs)
        func keyed<S: CommitmentScheme>(_ params: S) throws -> Prepared {
            var key: ProvingKey<S>?
            let setupSeconds = try Stopwatch.seconds {
                key = try ModelProving.provingKey(params: params, graph: graph, plan: plan)
            }
            guard let key else { preconditionFailure("setup returned without a key") }
            return Prepared(rank: rank, candidate: candidate, setupSeconds: setupSeconds) { statistics in
                _ = try ModelProving.prove(provingKey: key, graph: graph, plan: plan, execution: execution,
                                           statistics: statistics)
            }
        }
        switch backend {
        case .kzg: return try keyed(KZGParameters(insecureSeed: Array("zkml optimize --validate".utf8), k: plan.k))
        case .ipa: return try keyed(IPAParameters(k: plan.k))
        }
    }

    /// Proves every prepared candidate `rounds` times, one proof of each per round, and keeps each one's fastest
    /// proof. Interleaving matters on a shared machine: a stretch of the neighbours' load then slows one proof of
    /// every candidate instead of every proof of one, and the fastest of the rounds is each candidate's own speed.
    public static func measure(_ prepared: [Prepared], rounds: Int,
                               progress: ((_ round: Int, _ position: Int) -> Void)? = nil) throws -> [Run] {
        typealias Best = (wall: Double, cpu: Double, stolen: Double?, phases: [ProverStatistics.Phase: Double])
        var best = [Best](repeating: (.infinity, .infinity, nil, [:]), count: prepared.count)
        for round in 0..<max(1, rounds) {
            for (position, candidate) in prepared.enumerated() {
                progress?(round, position)
                let statistics = ProverStatistics()
                let timing = try Stopwatch.timing { try candidate.proveOnce(statistics) }
                if timing.wallSeconds < best[position].wall {
                    best[position].wall = timing.wallSeconds
                    best[position].stolen = timing.stolenShare
                    best[position].phases = statistics.secondsByPhase(wall: timing.wallSeconds)
                }
                best[position].cpu = min(best[position].cpu, timing.cpuSeconds)
            }
        }
        return zip(prepared, best).map { candidate, times in
            Run(rank: candidate.rank, candidate: candidate.candidate, wallSeconds: times.wall, cpuSeconds: times.cpu,
                stolenShare: times.stolen, setupSeconds: candidate.setupSeconds, proofCount: max(1, rounds), phaseSeconds: times.phases)
        }
    }

    /// Sets up and proves one candidate `rounds` times (the fastest proof counts).
    public static func prove(graph: Graph, candidate: PlanCandidate, rank: Int, scaleBits: Int,
                             backend: ProofBackend, inputs: [DenseTensor<Float>], rounds: Int = defaultRounds) throws -> Run {
        let prepared = try prepare(graph: graph, candidate: candidate, rank: rank, scaleBits: scaleBits,
                                   backend: backend, inputs: inputs)
        return try measure([prepared], rounds: rounds)[0]
    }

    /// Consecutive groups of candidates (in order) whose `bytes` (estimated peak memory) together stay within
    /// `budget`, so that their keys can be held at once and their proofs interleaved; a candidate larger than the
    /// budget forms a group of its own.
    public static func memoryGroups(bytes: [Int], budget: UInt64) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var start = 0
        var total: UInt64 = 0
        for (i, size) in bytes.enumerated() {
            let size = UInt64(max(0, size))
            if i > start && total + size > budget {
                groups.append(start..<i)
                start = i
                total = 0
            }
            total += size
        }
        if start < bytes.count { groups.append(start..<bytes.count) }
        return groups
    }

    /// Proof rounds per candidate unless told otherwise. On a shared machine a single proof's time swings by a
    /// quarter or more with the neighbours' load (digits-cnn's τ ranged 0.71–0.86 over three single-proof runs).
    public static let defaultRounds = 5

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
