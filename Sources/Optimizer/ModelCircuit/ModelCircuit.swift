import Gadgets
import Plonkish

/// The layout parameters of a model circuit: what `configure` depends on, besides the graph.
public struct ModelCircuitShape: Equatable, Sendable {
    public var columns: Int
    public var sizing: TableSizing
    public var choices: LayerChoices
    /// The constraint degree to lay the protocol out for (`ConstraintSystem.minimumDegree`); nil: the gates' own.
    public var degree: Int?
    /// Whether the graph inputs are range-checked (`GadgetKind.inputRange`): always for a model; off only where the
    /// optimizer counts one operation in a graph of its own, whose inputs are another operation's outputs.
    public var checksInputs = true

    public init(columns: Int, sizing: TableSizing, choices: LayerChoices, degree: Int? = nil) {
        self.columns = columns
        self.sizing = sizing
        self.choices = choices
        self.degree = degree
    }

    public init(plan: ModelPlan) {
        self.init(columns: plan.columns, sizing: plan.sizing, choices: plan.choices, degree: plan.degree)
    }
}

/// What the last synthesis of a model circuit produced (the circuit is a value; this box is shared).
public final class ModelCircuitRun: @unchecked Sendable {
    public internal(set) var statistics = LayoutStatistics()
    /// The graph outputs' cells, in `Graph.outputs` order.
    public internal(set) var outputs: [CellTensor] = []
    /// Every advice cell assigned, in assignment order (the ordinals of `WitnessTamper`), when the circuit's
    /// `recordsAssignedCells` is set.
    public internal(set) var assignedCells: [AssignedCell] = []
}

/// A model as a Plonkish circuit: the grid, the lookup tables and every gadget the graph's operations need; the
/// inputs as private advice, the weights as constants (so the verifying key binds the model), each operation laid
/// out by its layer, and the graph's outputs copied onto the one instance column, in order, row-major.
///
/// With an execution (the quantized interpreter's integers for the input being proved), synthesis also checks
/// every operation's output against the interpreter's tensor; without one it lays out keygen's fixed columns (or,
/// in `count()`, only counts).
public struct ModelCircuit<F: FFTField>: Circuit {
    public typealias Field = F

    public struct Config {
        public let gadgets: GadgetSet
        public let instance: Column
    }

    public let graph: Graph
    public let shape: ModelCircuitShape
    public let execution: QuantizedExecution?
    public let run = ModelCircuitRun()
    /// Soundness tooling: a malicious prover's changes to advice cells, carried through the rest of the witness
    /// (which then no longer matches the interpreter's, so that check is skipped). Never set when proving honestly.
    public var tamper: WitnessTamper?
    /// Whether synthesis logs every assigned advice cell in `run.assignedCells` (soundness tooling).
    public var recordsAssignedCells = false

    public init(graph: Graph, shape: ModelCircuitShape, execution: QuantizedExecution? = nil) {
        self.graph = graph
        self.shape = shape
        self.execution = execution
    }

    public init(graph: Graph, plan: ModelPlan, execution: QuantizedExecution? = nil) {
        self.init(graph: graph, shape: ModelCircuitShape(plan: plan), execution: execution)
    }

    public func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        // The kinds were checked when the plan was made; an unsupported op fails again, with its name, in synthesis.
        let kinds = (try? ModelLayout<F>.gadgetKinds(graph: graph, shape: shape)) ?? []
        let gadgets = GadgetSet.configure(&cs, columns: shape.columns, sizing: shape.sizing, kinds: kinds)
        let instance = cs.instanceColumn()
        cs.enableEquality(instance)
        if let degree = shape.degree { cs.minimumDegree = degree }
        return Config(gadgets: gadgets, instance: instance)
    }

    public func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        if assignment.recordsAdvice && execution == nil { throw ModelCircuitError.missingExecution }
        // An operation without a layer is reported by name, not as the gadget `configure` could not add for it.
        _ = try ModelLayout<F>.gadgetKinds(graph: graph, shape: shape)
        let layouter = Layouter(assigningInto: assignment, grid: config.gadgets.grid)
        layouter.tamper = tamper
        layouter.recordsCells = recordsAssignedCells
        try layOut(config, layouter)
        if recordsAssignedCells { run.assignedCells = layouter.assignedCells }
    }

    /// The layout in count mode: rows, lookups, table sizes and constants, with no field values.
    public func count() throws -> LayoutStatistics {
        var cs = ConstraintSystem<F>()
        let config = configure(&cs)
        // Unsupported operations are reported here, by name, rather than as a missing gadget later.
        _ = try ModelLayout<F>.gadgetKinds(graph: graph, shape: shape)
        let layouter = Layouter<F>(counting: config.gadgets.grid)
        try layOut(config, layouter)
        return layouter.statistics
    }

    /// The number of public values: every element of every graph output.
    public var publicValueCount: Int { graph.outputs.reduce(0) { $0 + graph.tensors[$1].elementCount } }

    /// The instance column for these output integers (negative values as p − |x|).
    public static func instances(outputs: [DenseTensor<Int64>]) -> [[F]] {
        [outputs.flatMap(\.scalars).map { F($0) }]
    }

    private func layOut(_ config: Config, _ layouter: Layouter<F>) throws {
        try config.gadgets.tables.load(layouter)
        var layout = try ModelLayout(graph: graph, shape: shape, gadgets: config.gadgets, layouter: layouter,
                                     execution: layouter.computesValues ? execution : nil,
                                     checksWitness: tamper == nil)
        let outputs = try layout.run()
        var row = 0
        for output in outputs {
            for cell in output.elements {
                try layouter.constrainEqual(cell, CellRef(column: config.instance, row: row, value: cell.value))
                row += 1
            }
        }
        run.outputs = outputs
        run.statistics = layouter.statistics
    }
}
