import Foundation
import Plonkish

/// What a proof is expected to cost on the profiled machine.
public struct CostEstimate: Codable, Sendable, Equatable {
    public var provingSeconds: Double
    /// Seconds by prover phase, the same phases `ProverStatistics` times, so estimate and measurement compare
    /// phase by phase.
    public var breakdown: [ProverStatistics.Phase: Double]
    /// Exact: the proof's bytes follow from its shape.
    public var proofBytes: Int
    public var peakMemoryBytes: Int

    public init(provingSeconds: Double, breakdown: [ProverStatistics.Phase: Double], proofBytes: Int,
                peakMemoryBytes: Int) {
        self.provingSeconds = provingSeconds
        self.breakdown = breakdown
        self.proofBytes = proofBytes
        self.peakMemoryBytes = peakMemoryBytes
    }

    enum CodingKeys: String, CodingKey {
        case breakdown
        case provingSeconds = "proving_s"
        case proofBytes = "proof_bytes"
        case peakMemoryBytes = "peak_memory_bytes"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        provingSeconds = try c.decode(Double.self, forKey: .provingSeconds)
        proofBytes = try c.decode(Int.self, forKey: .proofBytes)
        peakMemoryBytes = try c.decode(Int.self, forKey: .peakMemoryBytes)
        breakdown = try c.decode([String: Double].self, forKey: .breakdown).byPhase(in: "a cost estimate")
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(provingSeconds, forKey: .provingSeconds)
        try c.encode(proofBytes, forKey: .proofBytes)
        try c.encode(peakMemoryBytes, forKey: .peakMemoryBytes)
        try c.encode(breakdown.byPhaseName, forKey: .breakdown)
    }
}

/// Prices a proof's operations with a hardware profile (DESIGN decision 8): the operation counts come from the
/// protocol shape by the prover's own rules, the prices from the profile's measurements, interpolated between
/// measured sizes and extrapolated beyond them by the fits.
public struct CostEstimator: Sendable {
    public let backend: ProvingBackend
    public let prices: BackendPrices
    /// Threads the profile was measured with (the prover's parallel passes divide by it).
    public let threads: Int

    public init(profile: CostProfile, backend: ProvingBackend) throws {
        self.init(prices: try profile.prices(backend), backend: backend, threads: profile.threads)
    }

    public init(prices: BackendPrices, backend: ProvingBackend, threads: Int) {
        self.backend = backend
        self.prices = prices
        self.threads = threads
    }

    /// The estimate for a constraint system laid out at 2^k rows, with witness values of about `witnessBits`
    /// bits (ML fixed-point values: the scale's bits plus the value range's).
    /// `copiedCells`: the copied cells the layout places in each column, when known.
    public func estimate<F: FFTField>(_ cs: ConstraintSystem<F>, k: Int, witnessBits: Int,
                                      copiedCells: [Column: Int]? = nil,
                                      assignedAdviceCells: Int? = nil, lookups: Int? = nil) throws -> CostEstimate {
        var summary = try ProofShapeSummary(cs, k: k, backend: backend)
        summary.copiedCellsByColumn = copiedCells
        summary.assignedAdviceCells = assignedAdviceCells
        summary.lookups = lookups
        return estimate(summary, witnessBits: witnessBits)
    }

    public func estimate(_ summary: ProofShapeSummary, witnessBits: Int) -> CostEstimate {
        let breakdown = provingSeconds(summary, witnessBits: witnessBits)
        return CostEstimate(
            provingSeconds: breakdown.values.reduce(0, +), breakdown: breakdown,
            proofBytes: ProofSizeModel.bytes(summary, backend: backend),
            peakMemoryBytes: ProverMemoryModel.peakBytes(summary, backend: backend))
    }

    /// Seconds per phase: the operations priced, each phase then scaled by the profile's calibration factor (what
    /// a real proof spent in the phase over what its operations cost when measured alone).
    public func provingSeconds(_ summary: ProofShapeSummary, witnessBits: Int) -> [ProverStatistics.Phase: Double] {
        operationSeconds(summary, witnessBits: witnessBits).reduce(into: [:]) { result, entry in
            result[entry.key] = entry.value * prices.phaseFactor(entry.key, k: summary.k)
        }
    }

    /// Seconds per phase from the operation prices alone, before calibration.
    public func operationSeconds(_ summary: ProofShapeSummary, witnessBits: Int) -> [ProverStatistics.Phase: Double] {
        let workload = summary.workload
        let k = workload.k, n = Double(1 << k)
        let parts = 1 << (workload.extendedK - k)
        let fft = prices.fft.seconds(k: k)
        let witness = witnessCommitmentSeconds(k: k, witnessBits: witnessBits)
        let lagrangeFull = lagrangeCommitmentSeconds(k: k)
        // Advice columns hold the placed cells, spread evenly for want of a per-column count; multiplicities fill
        // their table's rows.
        let adviceCommitment = summary.assignedAdviceCells.map { cells in
            sparseWitnessCommitmentSeconds(k: k, witnessBits: witnessBits,
                                           filledCells: Double(cells) / Double(max(1, summary.adviceColumns)))
        } ?? witness
        let msm = Double(summary.adviceColumns) * adviceCommitment
            + Double(workload.witnessCommitments - summary.adviceColumns) * witness
            + Double(workload.instanceCommitments + summary.distinctValuedCommitments) * lagrangeFull
            + summary.lookupHelperInputs.reduce(0) { total, inputs in
                // A helper sums 1/(f + β) over its inputs: one value per combination of input values, and on rows
                // without a real lookup (unused rows, padding slots) always the same one. It sees only its own
                // inputs' lookups, taken to be the layout's lookups spread evenly over every lookup input.
                let combinations = pow(2, Double(witnessBits * inputs))
                let share = summary.lookups.map {
                    (Double($0) * Double(inputs) / Double(max(1, summary.lookupInputs))).rounded(.up)
                }
                let distinct = share.map { min(combinations, $0 + 1) } ?? combinations
                return total + repeatedValueCommitmentSeconds(k: k, distinctValues: distinct)
            }
            + summary.permutationProductDistinctValues.reduce(0) {
                $0 + repeatedValueCommitmentSeconds(k: k, distinctValues: $1)
            }
            + Double(summary.degree) * prices.msm.seconds(k: k)

        // Each computed polynomial is brought to coefficients once and onto every coset part.
        let computed = workload.baseFFTs / (1 + parts)
        let ffts = Double(computed) * fft + Double(workload.baseFFTs - computed) * prices.cosetFFT.seconds(k: k)
            + Double(workload.extendedFFTs) * prices.cosetFFT.seconds(k: workload.extendedK)

        let quotient = Double(workload.quotientOperations) * prices.quotientOperationSeconds(k: k)
        let lookup = Double(summary.lookupTables) * prices.lookupTable.seconds(k: k)
            + Double(summary.lookupInputs) * prices.lookupInput.seconds(k: k)
        let permutation = Double(summary.permutationColumns * summary.usableRows) * prices.permutationCellSeconds(k: k)
        // The opening takes every opened query plus the quotient and the random polynomial.
        let opening = prices.openingBase.seconds(k: k)
            + Double(summary.openedQueries + 2) * prices.openingPerQuery.seconds(k: k)
        // Evaluating each opened polynomial at its point and combining the quotient pieces: one multiply-add per
        // coefficient, spread over the threads.
        let multiplyAdd = (prices.fieldOperations.multiplyNanoseconds + prices.fieldOperations.addNanoseconds) * 1e-9
        let other = Double(summary.openedQueries + 1 + summary.degree - 1) * n * multiplyAdd
            / Double(max(1, threads))
        return [.msm: msm, .fft: ffts, .quotient: quotient, .lookup: lookup, .permutation: permutation,
                .opening: opening, .other: other]
    }

    /// One commitment to a column of witness values. KZG commits Lagrange-form values directly with the
    /// small-scalar-aware MSM; IPA interpolates first and commits full-size coefficients.
    public func witnessCommitmentSeconds(k: Int, witnessBits: Int) -> Double {
        switch backend {
        case .kzg: prices.witnessMSMSeconds(k: k, bits: witnessBits)
        case .ipa: lagrangeCommitmentSeconds(k: k)
        }
    }

    /// One witness column's commitment with only `filledCells` of its 2^k cells placed: the MSM skips empty
    /// (zero) cells, so it costs about what a full column of that many cells does, interpolated between the powers
    /// of two around it. IPA commits interpolated coefficients, which are not sparse.
    public func sparseWitnessCommitmentSeconds(k: Int, witnessBits: Int, filledCells: Double) -> Double {
        let full = witnessCommitmentSeconds(k: k, witnessBits: witnessBits)
        guard backend == .kzg, filledCells < Double(1 << k) else { return full }
        let cells = max(1, filledCells)
        let lowK = Int(log2(cells).rounded(.down))
        let low = prices.witnessMSMSeconds(k: lowK, bits: witnessBits)
        let high = prices.witnessMSMSeconds(k: lowK + 1, bits: witnessBits)
        let share = (cells - Double(1 << lowK)) / Double(1 << lowK)
        return min(full, low + (high - low) * share)
    }

    /// One commitment to a column of full-size values of which only about `distinctValues` differ (lookup helpers,
    /// permutation products): the MSM sums the points of equal scalars before multiplying (`multiScalarMultiply`
    /// groups repeats), a pass of additions over the column priced as a one-window witness MSM, plus an MSM over the
    /// distinct values. Past `repeatedScalarGroupingLimit` (7/8 of the rows) distinct it does not group. KZG commits
    /// the values as they are; IPA commits interpolated coefficients, which do not repeat.
    public func repeatedValueCommitmentSeconds(k: Int, distinctValues: Double) -> Double {
        let full = lagrangeCommitmentSeconds(k: k)
        guard backend == .kzg, distinctValues <= Double(repeatedScalarGroupingLimit(pointCount: 1 << k)) else {
            return full
        }
        let distinctK = max(0, Int(log2(max(1, distinctValues)).rounded(.up)))
        return min(full, prices.witnessMSMSeconds(k: k, bits: 8) + prices.msm.seconds(k: distinctK))
    }

    /// One commitment to a column of full-size values given on the domain.
    public func lagrangeCommitmentSeconds(k: Int) -> Double {
        switch backend {
        case .kzg: prices.msm.seconds(k: k)
        case .ipa: prices.fft.seconds(k: k) + prices.msm.seconds(k: k)
        }
    }

    /// The profile's prices at 2^k in the units `ProverWorkload.cost` takes, so that
    /// `ProtocolShape.cheapestDegree` weighs degrees by this machine's real prices.
    public func weights(k: Int, witnessBits: Int) -> ProverCostWeights {
        let msm = prices.phaseFactor(.msm, k: k), fft = prices.phaseFactor(.fft, k: k)
        let quotient = prices.phaseFactor(.quotient, k: k)
        return ProverCostWeights(
            fullMSM: msm * lagrangeCommitmentSeconds(k: k),
            witnessMSM: msm * witnessCommitmentSeconds(k: k, witnessBits: witnessBits),
            fft: fft * prices.fft.seconds(k: k), fieldOperation: quotient * prices.quotientOperationSeconds(k: k))
    }
}

extension ProverCostWeights {
    /// A profile's prices at 2^k for one backend, in seconds.
    public init(profile: CostProfile, backend: ProvingBackend, k: Int, witnessBits: Int) throws {
        self = try CostEstimator(profile: profile, backend: backend).weights(k: k, witnessBits: witnessBits)
    }
}
