import Foundation
import Gadgets
import Plonkish

/// What the search minimizes.
public enum PlanObjective: String, CaseIterable, Sendable {
    /// Estimated proving time.
    case time
    /// Proof bytes (exact).
    case size
    /// Estimated peak prover memory.
    case memory
}

/// One physical layout the search measured: a logical layout at a column count, the rows COUNT mode gives it, the
/// smallest k holding them, the cheapest degree there and the estimated cost.
public struct PlanCandidate: Equatable, Sendable {
    public var shape: ModelCircuitShape
    public var k: Int
    /// The usable rows k must hold.
    public var rows: Int
    public var lookups: Int
    public var estimate: CostEstimate

    public var choices: LayerChoices { shape.choices }
    public var columns: Int { shape.columns }
    public var degree: Int { shape.degree ?? 3 }

    /// The objective's figure, then estimated time to break ties.
    public func score(_ objective: PlanObjective) -> (Double, Double) {
        switch objective {
        case .time: (estimate.provingSeconds, 0)
        case .size: (Double(estimate.proofBytes), estimate.provingSeconds)
        case .memory: (Double(estimate.peakMemoryBytes), estimate.provingSeconds)
        }
    }
}

/// A logical layout no column count could lay out, and why.
public struct RejectedLayout: Equatable, Sendable {
    public var choices: LayerChoices
    public var reason: String
}

public struct PlanSearchResult: Sendable {
    /// Best first by the objective.
    public var candidates: [PlanCandidate]
    public var rejected: [RejectedLayout]
    /// Physical layouts counted (the rest of the column ladder was pruned).
    public var countedLayouts: Int
    public var objective: PlanObjective
}

/// The layout optimizer (paper Algorithm 1, §7): for every logical layout, physical layouts over a ladder of
/// column counts, each counted row-exactly, fitted to the smallest k and priced by the cost profile.
///
/// Rows never grow with more columns (every gadget packs at least as many operations per row), so k falls in
/// steps as columns grow, and at a given k more columns only add commitments and FFTs: the one layout worth
/// pricing per k is the fewest columns reaching it. The search finds the k range from the ladder's two ends and
/// bisects the ladder for each k in it instead of counting every column count; the dot-product layouts whose
/// product rows alone overflow the largest k are rejected without counting.
public final class PlanSearch: @unchecked Sendable {
    public let graph: Graph
    public let sizing: TableSizing
    public let backend: ProofBackend
    public let estimator: CostEstimator
    public let objective: PlanObjective
    /// Column counts tried, ascending.
    public let ladder: [Int]
    /// Progress lines (one per logical layout).
    public var progress: ((String) -> Void)?
    let counter: OperationCounter
    private var counted = 0

    public static let defaultMaximumColumns = 64

    /// Every column count up to 16, then every even one up to `maximum`.
    public static func columnLadder(upTo maximum: Int = defaultMaximumColumns) -> [Int] {
        Array(3...min(16, max(3, maximum))) + (maximum > 16 ? Array(stride(from: 18, through: maximum, by: 2)) : [])
    }

    public init(graph: Graph, sizing: TableSizing, backend: ProofBackend, estimator: CostEstimator,
                objective: PlanObjective = .time, columns: [Int] = PlanSearch.columnLadder()) {
        self.graph = graph
        self.sizing = sizing
        self.backend = backend
        self.estimator = estimator
        self.objective = objective
        self.ladder = Array(Set(columns)).sorted()
        counter = OperationCounter(graph: graph)
        hasReLU = LayerKindsPresent(graph: graph).relu
    }

    private let hasReLU: Bool

    /// Witness values are fixed-point numbers within the tables' range (their bit width prices KZG commitments).
    var witnessBits: Int { max(1, Int.bitWidth - sizing.size.leadingZeroBitCount) }

    /// Every logical layout's physical layouts worth pricing, best first.
    public func run() throws -> PlanSearchResult {
        counted = 0
        countSeconds = 0
        freshCountsAtStart = counter.freshCounts
        floorRows = 0
        var candidates: [PlanCandidate] = []
        var rejected: [RejectedLayout] = []
        for choices in LogicalLayouts.all(for: graph) {
            do {
                let found = try search(choices)
                candidates += found
                if let best = found.min(by: { $0.score(objective) < $1.score(objective) }) {
                    progress?("\(Self.describe(choices)): \(found.count) layouts, best \(best.columns) columns at "
                              + "2^\(best.k), \(String(format: "%.2f", best.estimate.provingSeconds)) s")
                }
            } catch let failure as Infeasible {
                rejected.append(RejectedLayout(choices: choices, reason: failure.reason))
                progress?("\(Self.describe(choices)): \(failure.reason)")
            }
        }
        candidates.sort { $0.score(objective) < $1.score(objective) }
        return PlanSearchResult(candidates: candidates, rejected: rejected, countedLayouts: counted,
                                objective: objective)
    }

    /// The choices as people read them, e.g. "freivalds, relu by lookup".
    public static func describe(_ choices: LayerChoices) -> String {
        "\(choices.matMul.rawValue)/\(choices.depthwise.rawValue)/\(choices.activation.rawValue)/\(choices.square.rawValue)"
    }

    struct Infeasible: Error {
        let reason: String
    }

    private enum Outcome {
        case candidate(PlanCandidate)
        case tooFewColumns(needed: Int)
        case tooLarge(rows: Int)

        var k: Int? { if case let .candidate(c) = self { c.k } else { nil } }
    }

    /// The physical layouts of one logical layout worth pricing: the fewest ladder columns for each k between the
    /// k at the fewest columns that fit and the k at the most.
    private func search(_ choices: LayerChoices) throws -> [PlanCandidate] {
        var outcomes: [Int: Outcome] = [:]
        func outcome(_ index: Int) throws -> Outcome {
            if let known = outcomes[index] { return known }
            let result = try evaluate(choices, columns: ladder[index])
            outcomes[index] = result
            return result
        }
        // The fewest columns every gadget accepts.
        var low = 0
        var lastReason = "no column count"
        while low < ladder.count, case let .tooFewColumns(needed) = try outcome(low) {
            lastReason = "needs \(needed) columns"
            low = max(low + 1, ladder.firstIndex { $0 >= needed } ?? ladder.count)
        }
        guard low < ladder.count else { throw Infeasible(reason: "\(lastReason), more than \(ladder.last ?? 0)") }
        _ = try outcome(low)
        if freshCountSeconds >= Self.bisectionBudgetSeconds {
            try predictedSearch(choices, low: low, outcome: outcome, outcomes: { outcomes })
            let found = outcomes.values.compactMap { if case let .candidate(c) = $0 { c } else { nil } }
            guard !found.isEmpty else {
                throw Infeasible(reason: "no column count counted fits 2^\(ModelPlanner.maximumK)")
            }
            return found.sorted { $0.columns < $1.columns }
        }
        // The fewest columns whose rows fit the largest k.
        if case let .tooLarge(rows) = try outcome(low) {
            guard case .candidate = try outcome(ladder.count - 1) else {
                let most = outcomes[ladder.count - 1].flatMap { if case let .tooLarge(r) = $0 { r } else { nil } } ?? rows
                throw Infeasible(reason: "\(most) rows at \(ladder.last ?? 0) columns exceed 2^\(ModelPlanner.maximumK)")
            }
            low = try firstIndex(in: low + 1..<(ladder.count - 1), orElse: ladder.count - 1) { try outcome($0).k != nil }
        }
        guard let highestK = try outcome(low).k, let lowestK = try outcome(ladder.count - 1).k else {
            throw Infeasible(reason: "no column count fits")
        }
        var start = low
        if highestK > lowestK {
            for k in stride(from: highestK - 1, through: lowestK, by: -1) {
                func reaches(_ index: Int) throws -> Bool {
                    guard let reached = try outcome(index).k else { return false }
                    return reached <= k
                }
                start = try firstIndex(in: start..<(ladder.count - 1), orElse: ladder.count - 1, reaches)
            }
        }
        return outcomes.values.compactMap { if case let .candidate(c) = $0 { c } else { nil } }
            .sorted { $0.columns < $1.columns }
    }

    /// Above this many seconds per layout counted from scratch, the fewest columns per k are predicted, not bisected.
    public static let bisectionBudgetSeconds = 0.5
    private var countSeconds = 0.0
    private var freshCountsAtStart = 0.0
    /// Seconds one layout takes to count from scratch. Operations cached from earlier layouts make later counts
    /// cheap, so the time is spread over the share of operations actually counted.
    private var freshCountSeconds: Double {
        let fresh = counter.freshCounts - freshCountsAtStart
        return fresh > 0 ? countSeconds / fresh : countSeconds
    }

    /// The first index in `range` where `holds` (which holds on a suffix) does, by bisection; `fallback` when none.
    private func firstIndex(in range: Range<Int>, orElse fallback: Int, _ holds: (Int) throws -> Bool) rethrows -> Int {
        var low = range.lowerBound, high = range.upperBound
        while low < high {
            let middle = (low + high) / 2
            if try holds(middle) { high = middle } else { low = middle + 1 }
        }
        return low < range.upperBound ? low : fallback
    }

    /// One physical layout: counted, fitted and priced.
    private func evaluate(_ choices: LayerChoices, columns: Int) throws -> Outcome {
        let shape = ModelCircuitShape(columns: columns, sizing: sizing, choices: choices)
        var cs = ConstraintSystem<BN254Fr>()
        _ = ModelCircuit<BN254Fr>(graph: graph, shape: shape).configure(&cs)
        let commitsInstances = backend == .ipa
        if choices.activation == .bits && hasReLU {
            let needed = Self.reluBitsColumns(sizing)
            if columns < needed { return .tooFewColumns(needed: needed) }
        }
        let bound = ProductRowsBound.rows(graph: graph, choices: choices, columns: columns)
        if bound > (try ProtocolShape(cs, k: ModelPlanner.maximumK, commitsInstances: commitsInstances).usableRows) {
            return .tooLarge(rows: bound)
        }
        let layout: LayoutCount
        let start = DispatchTime.now().uptimeNanoseconds
        defer { countSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        do {
            layout = try counter.layoutCount(shape)
            counted += 1
        } catch ModelCircuitError.layer(_, _, _, let reason) where Self.neededColumns(reason) != nil {
            return .tooFewColumns(needed: Self.neededColumns(reason) ?? columns + 1)
        }
        floorRows = max(floorRows, layout.tableSizes.values.max() ?? 0,
                        graph.outputs.reduce(0) { $0 + graph.tensors[$1].elementCount })
        guard let candidate = try price(shape, cs: cs, rows: layout.requiredRows, lookups: layout.lookups,
                                        copiedCells: layout.copiedCellsByColumn,
                                        assignedAdviceCells: layout.assignedAdviceCells) else {
            return .tooLarge(rows: layout.requiredRows)
        }
        return .candidate(candidate)
    }

    /// The candidate `shape` (its constraint system `cs`) makes with `rows` rows: the smallest k holding them, the
    /// cheapest degree there and the estimate; nil when no k up to the largest holds them. What COUNT mode found
    /// (lookups, copied and placed cells) is nil for a layout predicted but not counted.
    private func price(_ shape: ModelCircuitShape, cs: ConstraintSystem<BN254Fr>, rows: Int, lookups: Int?,
                       copiedCells: [Column: Int]?, assignedAdviceCells: Int?) throws -> PlanCandidate?
    {
        let fitted: (k: Int, degree: Int)
        do {
            fitted = try ModelPlanner.fit(cs, rows: rows, commitsInstances: backend == .ipa) { k in
                estimator.weights(k: k, witnessBits: witnessBits)
            }
        } catch ModelCircuitError.tooLarge {
            return nil
        }
        var shape = shape, cs = cs
        shape.degree = fitted.degree
        cs.minimumDegree = fitted.degree
        let estimate = try estimator.estimate(cs, k: fitted.k, witnessBits: witnessBits, copiedCells: copiedCells,
                                              assignedAdviceCells: assignedAdviceCells, lookups: lookups)
        return PlanCandidate(shape: shape, k: fitted.k, rows: rows, lookups: lookups ?? 0, estimate: estimate)
    }

    /// For models whose counting is slow: from the cells of the layout counted at `low`, predicts each column
    /// count's rows (rows·columns varies little), prices the fewest columns predicted for each k, and counts only
    /// the `predictedPicks` best of those (stepping up the ladder where the prediction fell short of its k).
    private func predictedSearch(_ choices: LayerChoices, low: Int, outcome: (Int) throws -> Outcome,
                                 outcomes: () -> [Int: Outcome]) throws {
        let cells = predictedCells(outcomes())
        guard cells > 0 else { return }
        var fewestPerK: [Int: (index: Int, score: (Double, Double))] = [:]
        var reachedKs: Set<Int> = []
        for index in low..<ladder.count {
            let shape = ModelCircuitShape(columns: ladder[index], sizing: sizing, choices: choices)
            var cs = ConstraintSystem<BN254Fr>()
            _ = ModelCircuit<BN254Fr>(graph: graph, shape: shape).configure(&cs)
            let rows = max(floorRows, Int((cells / Double(ladder[index])).rounded(.up)))
            // Only the fewest columns reaching each k are priced.
            let k: Int
            do {
                k = try ModelPlanner.smallestK(cs, rows: rows, commitsInstances: backend == .ipa)
            } catch ModelCircuitError.tooLarge {
                continue
            }
            guard reachedKs.insert(k).inserted,
                  // Uncounted, its copies, placed cells and lookups are unknown: products, advice columns and
                  // helpers are priced by their sizes alone until counted.
                  let predicted = try price(shape, cs: cs, rows: rows, lookups: nil, copiedCells: nil,
                                            assignedAdviceCells: nil)
            else { continue }
            fewestPerK[predicted.k] = (index, predicted.score(objective))
        }
        for (k, pick) in fewestPerK.sorted(by: { $0.value.score < $1.value.score }).prefix(Self.predictedPicks) {
            var index = pick.index
            while index < min(ladder.count - 1, pick.index + Self.predictedSteps) {
                if let reached = try outcome(index).k, reached <= k { break }
                index += 1
            }
            _ = try outcome(index)
        }
    }

    /// Layouts counted per logical layout when counting is slow, besides the first, and how far up the ladder
    /// each may step when its prediction fell short.
    public static let predictedPicks = 2
    public static let predictedSteps = 3
    /// The rows no column count goes below: the largest table and the public values, as counted.
    private var floorRows = 0

    /// The most cells (rows × columns) any counted layout used.
    private func predictedCells(_ outcomes: [Int: Outcome]) -> Double {
        outcomes.compactMap { index, outcome -> Double? in
            switch outcome {
            case let .candidate(candidate): Double(candidate.rows) * Double(ladder[index])
            case let .tooLarge(rows): Double(rows) * Double(ladder[index])
            case .tooFewColumns: nil
            }
        }.max() ?? 0
    }

    /// ReLU by bits decomposes its input into columns − 2 bits: the layout is only as good as ReLU by lookup when
    /// those bits cover the tables' input domain (a narrower one would fail on inputs the tables accept).
    static func reluBitsColumns(_ sizing: TableSizing) -> Int {
        let domain = sizing.functionDomain
        var bits = 1
        while -(Int64(1) << (bits - 1)) > domain.lowerBound || (Int64(1) << (bits - 1)) - 1 < domain.upperBound {
            bits += 1
        }
        return bits + 2
    }

    /// The columns a gadget asked for in a layer error ("… needs at least N advice columns …").
    static func neededColumns(_ reason: String) -> Int? {
        guard let range = reason.range(of: "needs at least ") else { return nil }
        let digits = reason[range.upperBound...].prefix { $0.isNumber }
        guard reason[range.upperBound...].dropFirst(digits.count).hasPrefix(" advice columns") else { return nil }
        return Int(digits)
    }

    /// The layout count of a candidate (for pictures and checks).
    public func layoutCount(_ candidate: PlanCandidate) throws -> LayoutCount {
        try counter.layoutCount(candidate.shape)
    }

    /// The rows a candidate's circuit can use at its k (the rest are blinding rows).
    public func usableRows(_ candidate: PlanCandidate) throws -> Int {
        var cs = ConstraintSystem<BN254Fr>()
        _ = ModelCircuit<BN254Fr>(graph: graph, shape: candidate.shape).configure(&cs)
        return try ProtocolShape(cs, k: candidate.k, commitsInstances: backend == .ipa).usableRows
    }
}
