import Plonkish

/// A pointwise nonlinearity by table lookup: [x, y] per operation, width/2 per row, each pair looked up in the
/// function's table (see `FunctionTable` for the encoding). An input outside the table's domain is an error.
public struct FunctionLookup: Sendable, Hashable {
    public let selector: Selector
    public let table: FunctionTable
    public let opsPerRow: Int

    public var name: String { Self.name(table.function) }
    public static func name(_ function: NonlinearFunction) -> String { "Lookup(\(function.rawValue))" }

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, tables: LookupTables, table: FunctionTable
    ) -> FunctionLookup {
        let selector = cs.selector()
        let perRow = grid.width / 2
        let s: Expression<F> = selector.query()
        let lo = F(table.domain.lowerBound), offset = F(table.offset)
        for slot in 0..<perRow {
            let (x, y): (Expression<F>, Expression<F>) = (grid.cell(2 * slot), grid.cell(2 * slot + 1))
            cs.lookup("\(name(table.function))[\(slot)]: (x, y) ∈ \(table.name)",
                      inputs: [s * (x - lo), s * (y - offset)], table: [tables.range, table.column])
        }
        return FunctionLookup(selector: selector, table: table, opsPerRow: perRow)
    }

    /// f(x_i) for each i.
    public func apply<F: FFTField>(_ x: [CellRef], in layouter: Layouter<F>) throws -> [CellRef] {
        let name = name
        var outputs: [CellRef] = []
        outputs.reserveCapacity(x.count)
        // Padding inputs must lie in the domain too: its lower end does.
        let padding = table.domain.lowerBound
        try layouter.packOperations(name, selector: selector, count: x.count, perRow: opsPerRow,
                                    minimumColumns: 2) { row, slot, op in
            let input = try layouter.input(op.map { x[$0] }, padding: padding, column: 2 * slot, row: row)
            if op != nil { try layouter.lookup(table.name, input.value, within: table.domain, gadget: name) }
            let y = try layouter.assign(2 * slot + 1, row: row, table.value(input.value))
            if op != nil { outputs.append(y) }
        }
        return outputs
    }
}
