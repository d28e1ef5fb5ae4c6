import Foundation
import Gadgets
import Plonkish

/// Makes plans: sizes the tables, counts a layout to find k and picks the constraint degree. `fixedPlan` is one
/// given configuration at typical prices; `PlanSearch` ranks every configuration with a machine's cost profile.
public enum ModelPlanner {
    /// The scale for float models when none is given: coarse enough to keep the lookup tables (about 4× the
    /// largest value) small, fine enough for the corpus's models to keep their argmax.
    public static let defaultScaleBits = 8
    public static let defaultColumns = 10
    /// Without calibration inputs, the tables cover ±this many real units.
    public static let defaultRealBound: Int64 = 16
    public static let maximumK = 26
    /// How much beyond the calibration runs' spread the tables reach, so that other inputs (whose logits spread
    /// further) still fall inside them: a lookup outside its table cannot be proved.
    public static let tableHeadroom: Int64 = 2

    /// A plan for `graph` (read from `modelURL`) stored at `planURL`: scale `scaleBits` (default: the file's own
    /// scale, else the smallest that the calibration inputs accept, else `defaultScaleBits`); tables covering
    /// `tableHeadroom` times the largest value of the calibration runs (twice that with a softmax); k the smallest
    /// that holds the counted layout.
    public static func fixedPlan(
        graph: Graph, modelURL: URL, planURL: URL, backend: ProofBackend, scaleBits: Int? = nil,
        columns: Int = defaultColumns, calibration: [[DenseTensor<Float>]] = [], choices: LayerChoices = LayerChoices()
    ) throws -> ModelPlan {
        let tables = try tableSizing(graph: graph, scaleBits: scaleBits, calibration: calibration)
        var shape = ModelCircuitShape(columns: columns, sizing: tables.sizing, choices: choices)
        let layout = try measure(graph: graph, shape: &shape, commitsInstances: backend == .ipa)
        return try plan(modelURL: modelURL, planURL: planURL, backend: backend, scaleBits: tables.scaleBits,
                        shape: shape, k: layout.k, rows: layout.rows, lookups: layout.lookups)
    }

    /// The scale and lookup-table size every plan of `graph` uses, whatever its layout: scale `scaleBits`
    /// (default: the file's own scale, else the smallest that the calibration inputs accept, else
    /// `defaultScaleBits`); tables covering `tableHeadroom` times the largest value of the calibration runs (times
    /// `spread`), or `defaultRealBound` real units without calibration.
    /// The one place plans are sized: the fixed plan and the search both call it.
    public static func tableSizing(graph: Graph, scaleBits: Int?, calibration: [[DenseTensor<Float>]])
        throws -> (scaleBits: Int, sizing: TableSizing)
    {
        let bits = try scaleBits ?? graph.fixedPointScaleBits ?? selectedScale(graph: graph, calibration: calibration)
        let interpreter = try QuantizedInterpreter(graph: graph, scaleBits: bits)
        let scaleFactor = Int64(1) << Int64(bits)
        var largest = defaultRealBound * scaleFactor
        if !calibration.isEmpty {
            largest = try calibration.reduce(Int64(1)) { try max($0, interpreter.run(inputs: $1).maxAbsoluteValue) }
        }
        let (bound, overflow) = largest.multipliedReportingOverflow(by: spread(graph) * tableHeadroom)
        guard !overflow, bound < Int64(1) << 40 else { throw ModelCircuitError.tooLarge(rows: Int.max, maximumK: maximumK) }
        return (bits, TableSizing.covering(inputBound: bound, scaleFactor: scaleFactor))
    }

    /// 2 for a graph with a softmax, whose exponential's input x − max spans twice the values' range; else 1.
    static func spread(_ graph: Graph) -> Int64 {
        graph.operations.contains { if case .softmax = $0.op { true } else { false } } ? 2 : 1
    }

    /// The plan file's contents for a measured layout of the model at `modelURL`, to be stored at `planURL`.
    public static func plan(modelURL: URL, planURL: URL, backend: ProofBackend, scaleBits: Int,
                            shape: ModelCircuitShape, k: Int, rows: Int, lookups: Int) throws -> ModelPlan {
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: modelURL)) } catch {
            throw ModelCircuitError.planFile(modelURL.path, "the model cannot be read")
        }
        return ModelPlan(model: relativePath(of: modelURL, from: planURL.deletingLastPathComponent()),
                         modelDigest: ModelPlan.digest(of: bytes), backend: backend, scaleBits: scaleBits,
                         columns: shape.columns, k: k, degree: shape.degree ?? 3, tableSize: shape.sizing.size,
                         choices: shape.choices, estimatedRows: rows, lookups: lookups)
    }

    /// How far the dequantized outputs may be from float on the calibration inputs when the scale is chosen.
    public static let scaleTolerance: Float = 0.05
    public static let scaleCandidates = 4...16

    /// The smallest scale that keeps the calibration outputs within `scaleTolerance` of float with the same
    /// argmax (small scales mean small tables); `defaultScaleBits` without calibration or when none qualifies.
    static func selectedScale(graph: Graph, calibration: [[DenseTensor<Float>]]) throws -> Int {
        guard !calibration.isEmpty else { return defaultScaleBits }
        do {
            return try ScaleSelection.smallestScale(graph: graph, calibrationInputs: calibration,
                                                    tolerance: scaleTolerance, candidates: scaleCandidates).scaleBits
        } catch ScaleSelection.SelectionError.noScaleMeetsTolerance {
            return defaultScaleBits
        }
    }

    /// Counts the layout of `shape`, picks the smallest k that holds it and the cheapest degree at that k (set on
    /// `shape`).
    public static func measure(graph: Graph, shape: inout ModelCircuitShape, commitsInstances: Bool) throws
        -> (k: Int, rows: Int, lookups: Int)
    {
        shape.degree = nil
        let circuit = ModelCircuit<BN254Fr>(graph: graph, shape: shape)
        let statistics = try circuit.count()
        let rows = max(statistics.requiredRows, circuit.publicValueCount)
        var cs = ConstraintSystem<BN254Fr>()
        _ = circuit.configure(&cs)
        let fitted = try fit(cs, rows: rows, commitsInstances: commitsInstances) { .typical(k: $0) }
        shape.degree = fitted.degree
        return (fitted.k, rows, statistics.lookupsByTable.values.reduce(0, +))
    }

    /// The smallest k whose usable rows hold `rows` for the constraint system `cs`, and the degree that is
    /// cheapest at that k by `weights`' prices.
    public static func fit<F: FFTField>(
        _ cs: ConstraintSystem<F>, rows: Int, commitsInstances: Bool, weights: (Int) throws -> ProverCostWeights
    ) throws -> (k: Int, degree: Int) {
        let k = try smallestK(cs, rows: rows, commitsInstances: commitsInstances)
        let prices = try weights(k)
        let degree = try ProtocolShape.cheapestDegree(cs, k: k, commitsInstances: commitsInstances) { $0.cost(prices) }
        return (k, degree)
    }

    /// The smallest k whose usable rows hold `rows` for the constraint system `cs`. The blinding rows do not depend
    /// on k, so one protocol shape gives every k's usable rows.
    public static func smallestK<F: FFTField>(_ cs: ConstraintSystem<F>, rows: Int, commitsInstances: Bool) throws -> Int {
        var k = try Keygen.minimumK(for: cs, commitsInstances: commitsInstances)
        let shape = try ProtocolShape(cs, k: k, commitsInstances: commitsInstances)
        let unusable = shape.n - shape.usableRows
        while (1 << k) - unusable < rows {
            k += 1
            if k > maximumK { throw ModelCircuitError.tooLarge(rows: rows, maximumK: maximumK) }
        }
        return k
    }

    /// `target`'s path relative to `directory` (with `..` where needed).
    static func relativePath(of target: URL, from directory: URL) -> String {
        let to = target.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        let from = directory.standardizedFileURL.resolvingSymlinksInPath().pathComponents
        var common = 0
        while common < min(to.count, from.count) && to[common] == from[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        return (ups + to[common...]).joined(separator: "/")
    }
}
