import Gadgets
import Plonkish

/// One gadget operation on given inputs, as the test circuit runs it.
enum GadgetOperation: Sendable {
    case addPairs([Int64], [Int64])
    case subPairs([Int64], [Int64])
    case mulPairs([Int64], [Int64])
    case squaredDiff([Int64], [Int64])
    case square([Int64])
    case sum([Int64])
    case dotProduct([Int64], [Int64])
    case dotProductWithBias([Int64], [Int64], bias: Int64)
    case maxPairs([Int64], [Int64])
    case maximum([Int64])
    case varDivRound([Int64], divisor: Int64)
    case varDivRoundBig([Int64], divisor: Int64, limbs: Int)
    case biasDivRound([Int64], bias: [Int64]?, activation: NonlinearFunction?)
    case function(NonlinearFunction, [Int64])
    case reluBits([Int64])
    case rangeCheck([Int64], lowerBound: Int64)

    /// The function tables the operation needs.
    var functions: Set<NonlinearFunction> {
        switch self {
        case let .function(f, _): [f]
        case let .biasDivRound(_, _, activation?): [activation]
        default: []
        }
    }
}

/// What one synthesis produced: the operation's output cells and the layouter's statistics.
final class GadgetRun: @unchecked Sendable {
    var outputs: [CellRef] = []
    var statistics = LayoutStatistics()
}

/// A circuit with a grid of `columns` advice columns, the lookup tables and the gadgets an operation needs; it
/// lays the operation's inputs out as free witness cells and runs the gadget on them. `corruption` adds a value to
/// one advice cell after the honest assignment, so tests can see the circuit reject it.
struct GadgetTestCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let grid: Grid
        let tables: LookupTables
        let body: (Layouter<F>) throws -> [CellRef]
    }

    let columns: Int
    let sizing: TableSizing
    let operation: GadgetOperation
    var layer = "test layer"
    var corruption: (cell: Cell, delta: F)?
    /// Advice cells set to given values after the honest assignment: a forged witness.
    var overrides: [(cell: Cell, value: F)] = []
    let run = GadgetRun()

    init(columns: Int, sizing: TableSizing, _ operation: GadgetOperation) {
        self.columns = columns
        self.sizing = sizing
        self.operation = operation
    }

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let grid = Grid.configure(&cs, columns: columns)
        let tables = LookupTables.configure(&cs, sizing: sizing, functions: operation.functions)
        let body: (Layouter<F>) throws -> [CellRef]
        func pairwise(_ a: [Int64], _ b: [Int64], _ apply: @escaping ([CellRef], [CellRef], Layouter<F>) throws -> [CellRef])
            -> (Layouter<F>) throws -> [CellRef]
        {
            { layouter in try apply(try layouter.witness(a), try layouter.witness(b), layouter) }
        }
        switch operation {
        case let .addPairs(a, b):
            let gadget = AddPairs.configure(&cs, grid: grid)
            body = pairwise(a, b) { try gadget.apply($0, $1, in: $2) }
        case let .subPairs(a, b):
            let gadget = SubPairs.configure(&cs, grid: grid)
            body = pairwise(a, b) { try gadget.apply($0, $1, in: $2) }
        case let .mulPairs(a, b):
            let gadget = MulPairs.configure(&cs, grid: grid)
            body = pairwise(a, b) { try gadget.apply($0, $1, in: $2) }
        case let .squaredDiff(a, b):
            let gadget = SquaredDiff.configure(&cs, grid: grid)
            body = pairwise(a, b) { try gadget.apply($0, $1, in: $2) }
        case let .maxPairs(a, b):
            let gadget = Max.configure(&cs, grid: grid, tables: tables)
            body = pairwise(a, b) { try gadget.pairs($0, $1, in: $2) }
        case let .dotProduct(x, w):
            let gadget = DotProduct.configure(&cs, grid: grid)
            let adder = Sum.configure(&cs, grid: grid)
            body = pairwise(x, w) { [try gadget.apply($0, $1, adder: adder, in: $2)] }
        case let .dotProductWithBias(x, w, bias):
            let gadget = DotProductWithBias.configure(&cs, grid: grid)
            body = { layouter in
                let (xs, ws) = (try layouter.witness(x), try layouter.witness(w))
                return [try gadget.apply(xs, ws, bias: try layouter.witness([bias])[0], in: layouter)]
            }
        case let .square(x):
            let gadget = Square.configure(&cs, grid: grid)
            body = { try gadget.apply(try $0.witness(x), in: $0) }
        case let .sum(x):
            let gadget = Sum.configure(&cs, grid: grid)
            body = { [try gadget.sum(try $0.witness(x), in: $0)] }
        case let .maximum(x):
            let gadget = Max.configure(&cs, grid: grid, tables: tables)
            body = { [try gadget.maximum(try $0.witness(x), in: $0)] }
        case let .varDivRound(a, divisor):
            let gadget = VarDivRound.configure(&cs, grid: grid, tables: tables)
            body = { layouter in
                let cells = try layouter.witness(a)
                return try gadget.divide(cells, by: try layouter.witness([divisor])[0], in: layouter)
            }
        case let .varDivRoundBig(a, divisor, limbs):
            let gadget = VarDivRoundBig.configure(&cs, grid: grid, tables: tables, limbs: limbs)
            body = { layouter in
                let cells = try layouter.witness(a)
                return try gadget.divide(cells, by: try layouter.witness([divisor])[0], in: layouter)
            }
        case let .biasDivRound(x, bias, activation):
            let gadget = BiasDivRound.configure(&cs, grid: grid, tables: tables,
                                                activation: activation.flatMap { tables.table($0) })
            body = { layouter in
                let cells = try layouter.witness(x)
                let biases = try bias.map { try layouter.witness($0) }
                let (rescaled, activated) = try gadget.apply(cells, bias: biases, in: layouter)
                return activation == nil ? rescaled : activated
            }
        case let .function(f, x):
            // The operation's `functions` put f's table in `tables`.
            let gadget = tables.table(f).map { FunctionLookup.configure(&cs, grid: grid, tables: tables, table: $0) }
            body = { layouter in try gadget?.apply(try layouter.witness(x), in: layouter) ?? [] }
        case let .reluBits(x):
            let gadget = ReluBits.configure(&cs, grid: grid)
            body = { try gadget.apply(try $0.witness(x), in: $0) }
        case let .rangeCheck(x, lowerBound):
            let gadget = RangeCheck.configure(&cs, grid: grid, tables: tables, lowerBound: lowerBound)
            body = { layouter in
                let cells = try layouter.witness(x)
                try gadget.check(cells, in: layouter)
                return cells
            }
        }
        return Config(grid: grid, tables: tables, body: body)
    }

    /// Loads the tables and runs the operation through `layouter`.
    func layOut(_ config: Config, _ layouter: Layouter<F>) throws -> [CellRef] {
        layouter.layer = layer
        try config.tables.load(layouter)
        return try config.body(layouter)
    }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        let layouter = Layouter(assigningInto: assignment, grid: config.grid)
        run.outputs = try layOut(config, layouter)
        run.statistics = layouter.statistics
        if let (cell, delta) = corruption {
            try assignment.assignAdvice(cell.column, row: cell.row, assignment.advice[cell.column.index][cell.row] + delta)
        }
        for (cell, value) in overrides { try assignment.assignAdvice(cell.column, row: cell.row, value) }
    }

    /// The same layout in count mode: output positions (values 0) and statistics, with no field values.
    func count() throws -> (outputs: [CellRef], statistics: LayoutStatistics) {
        var cs = ConstraintSystem<F>()
        let config = configure(&cs)
        let layouter = Layouter<F>(counting: config.grid)
        let outputs = try layOut(config, layouter)
        return (outputs, layouter.statistics)
    }
}
