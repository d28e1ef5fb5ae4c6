import Gadgets
import Plonkish
import Testing

/// Tables for the layer tests: 1024 entries (function domain −512…511) at scale factor 16; k = 11 holds them.
let layerSizing = TableSizing(size: 1024, scaleFactor: 16)
let layerK = 11

/// What one synthesis of a layer produced.
final class LayerRun: @unchecked Sendable {
    var output: CellTensor?
    var statistics = LayoutStatistics()
}

/// A circuit configuring the gadgets `kinds` on a `columns`-wide grid and running `body` (which places its inputs as
/// witness cells and applies a layer). `corruption` adds a value to one advice cell after the honest assignment.
struct LayerTestCircuit: Circuit {
    typealias Field = Fr
    typealias Body = @Sendable (GadgetSet, Layouter<Fr>) throws -> CellTensor

    let columns: Int
    let kinds: Set<GadgetKind>
    let body: Body
    var sizing = layerSizing
    var corruption: (cell: Cell, delta: Fr)?
    let run = LayerRun()

    func configure(_ cs: inout ConstraintSystem<Fr>) -> GadgetSet {
        GadgetSet.configure(&cs, columns: columns, sizing: sizing, kinds: kinds)
    }

    func layOut(_ gadgets: GadgetSet, _ layouter: Layouter<Fr>) throws -> CellTensor {
        layouter.layer = "test layer"
        try gadgets.tables.load(layouter)
        return try body(gadgets, layouter)
    }

    func synthesize(_ config: GadgetSet, _ assignment: Assignment<Fr>) throws {
        let layouter = Layouter(assigningInto: assignment, grid: config.grid)
        run.output = try layOut(config, layouter)
        run.statistics = layouter.statistics
        if let (cell, delta) = corruption {
            try assignment.assignAdvice(cell.column, row: cell.row, assignment.advice[cell.column.index][cell.row] + delta)
        }
    }

    /// Count mode: the layout's statistics and output positions without values.
    func count() throws -> (output: CellTensor, statistics: LayoutStatistics) {
        var cs = ConstraintSystem<Fr>()
        let gadgets = configure(&cs)
        let layouter = Layouter<Fr>(counting: gadgets.grid)
        return (try layOut(gadgets, layouter), layouter.statistics)
    }

    /// Evaluate mode: the output integers without a circuit.
    func evaluate() throws -> (output: CellTensor, statistics: LayoutStatistics) {
        var cs = ConstraintSystem<Fr>()
        let gadgets = configure(&cs)
        let layouter = Layouter<Fr>(evaluating: gadgets.grid)
        return (try layOut(gadgets, layouter), layouter.statistics)
    }
}

/// Runs a layer and checks what every layer alternative must satisfy: the MockProver accepts the honest witness;
/// the output equals `expected` (an independent Int64 reference) in shape and values, in assign and evaluate mode;
/// count, evaluate and assign report the same statistics and output positions; and adding 1 to the first output
/// cell (unless `corrupts` is false) makes the MockProver reject.
func checkLayer(
    columns: Int, kinds: Set<GadgetKind>, expected: Tensor<Int64>, corrupts: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: @escaping LayerTestCircuit.Body
) throws {
    let circuit = LayerTestCircuit(columns: columns, kinds: kinds, body: body)
    let prover = try MockProver.run(k: layerK, circuit: circuit, instances: [])
    let failures = prover.verify()
    #expect(failures.isEmpty, "honest witness rejected: \(failures.prefix(3))", sourceLocation: sourceLocation)
    let output = try #require(circuit.run.output, sourceLocation: sourceLocation)
    #expect(output.values == expected, sourceLocation: sourceLocation)

    let (counted, statistics) = try circuit.count()
    #expect(statistics == circuit.run.statistics, sourceLocation: sourceLocation)
    #expect(counted.elements.map(\.cell) == output.elements.map(\.cell), sourceLocation: sourceLocation)
    #expect(statistics.requiredRows <= prover.usableRows, sourceLocation: sourceLocation)
    let (evaluated, evaluatedStatistics) = try circuit.evaluate()
    #expect(evaluated.values == expected && evaluatedStatistics == statistics, sourceLocation: sourceLocation)

    guard corrupts, let first = output.elements.first(where: { $0.column.kind == .advice }) else { return }
    var corrupted = LayerTestCircuit(columns: columns, kinds: kinds, body: body)
    corrupted.corruption = (first.cell, .one)
    let rejected = try MockProver.run(k: layerK, circuit: corrupted, instances: []).verify()
    #expect(!rejected.isEmpty, "corrupting \(first.cell) was accepted", sourceLocation: sourceLocation)
}

/// A witness tensor of the given values.
func placed(_ values: Tensor<Int64>, _ layouter: Layouter<Fr>) throws -> CellTensor {
    try Tensor(shape: values.shape, elements: try layouter.witness(values.elements))
}

func randomTensor(_ shape: [Int], in range: ClosedRange<Int64>, _ rng: inout SplitMix64) throws -> Tensor<Int64> {
    try Tensor(shape: shape, elements: randomValues(Tensor<Int64>.count(shape), in: range, &rng))
}

/// round_half_up(a / sf) at the layer tests' scale factor.
func rescaled(_ a: Int64) -> Int64 { expectedRoundedDivision(a, layerSizing.scaleFactor) }

func activated(_ x: Int64, _ activation: FusedActivation) -> Int64 {
    switch activation {
    case .none: x
    case .relu: max(x, 0)
    case .relu6: min(max(x, 0), 6 * layerSizing.scaleFactor)
    }
}
