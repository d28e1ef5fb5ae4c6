import Plonkish

/// The maximum of two cells: [a, b, m] per operation, width/3 per row. The gate (a − m)(b − m) = 0 makes m one of
/// the two; the range lookups m − a ∈ [0, size) and m − b ∈ [0, size) make it the larger.
public struct Max: Sendable, Hashable {
    public static var name: String { "Max" }
    public let selector: Selector
    public let opsPerRow: Int
    let sizing: TableSizing

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, tables: LookupTables
    ) -> Max {
        let selector = cs.selector()
        let perRow = grid.width / 3
        let s: Expression<F> = selector.query()
        if perRow > 0 {
            cs.createGate(name, slotConstraints(name, "(a − m)(b − m) = 0", slots: perRow) { slot in
                let (a, b, m): (Expression<F>, Expression<F>, Expression<F>) =
                    (grid.cell(3 * slot), grid.cell(3 * slot + 1), grid.cell(3 * slot + 2))
                return s * (a - m) * (b - m)
            })
        }
        for slot in 0..<perRow {
            let (a, b, m): (Expression<F>, Expression<F>, Expression<F>) =
                (grid.cell(3 * slot), grid.cell(3 * slot + 1), grid.cell(3 * slot + 2))
            cs.lookup("\(name)[\(slot)]: m − a ∈ range", inputs: [s * (m - a)], table: [tables.range])
            cs.lookup("\(name)[\(slot)]: m − b ∈ range", inputs: [s * (m - b)], table: [tables.range])
        }
        return Max(selector: selector, opsPerRow: perRow, sizing: tables.sizing)
    }

    /// max(a_i, b_i) for each i.
    public func pairs<F: FFTField>(_ a: [CellRef], _ b: [CellRef], in layouter: Layouter<F>) throws -> [CellRef] {
        guard a.count == b.count else {
            throw GadgetError.lengthMismatch(layer: layouter.layer, gadget: Self.name, left: a.count, right: b.count)
        }
        let range = sizing.range
        var outputs: [CellRef] = []
        outputs.reserveCapacity(a.count)
        try layouter.packOperations(Self.name, selector: selector, count: a.count, perRow: opsPerRow,
                                    minimumColumns: 3) { row, slot, op in
            let x = try layouter.input(op.map { a[$0] }, column: 3 * slot, row: row)
            let y = try layouter.input(op.map { b[$0] }, column: 3 * slot + 1, row: row)
            let m = try layouter.assign(3 * slot + 2, row: row, Swift.max(x.value, y.value))
            guard op != nil else { return }
            for other in [x, y] {
                try layouter.lookup(LookupTables.rangeTableName,
                                    try layouter.exact(m.value.subtractingReportingOverflow(other.value),
                                                       Self.name, "difference"),
                                    within: range, gadget: Self.name)
            }
            outputs.append(m)
        }
        return outputs
    }

    /// The maximum of a non-empty list, by rounds of pairwise maxima.
    public func maximum<F: FFTField>(_ cells: [CellRef], in layouter: Layouter<F>) throws -> CellRef {
        guard !cells.isEmpty else { throw GadgetError.emptyInput(layer: layouter.layer, gadget: Self.name) }
        var level = cells
        while level.count > 1 {
            let half = level.count / 2
            var next = try pairs(Array(level[0..<half]), Array(level[half..<(2 * half)]), in: layouter)
            if level.count % 2 == 1, let last = level.last { next.append(last) }
            level = next
        }
        return level[0]
    }
}
