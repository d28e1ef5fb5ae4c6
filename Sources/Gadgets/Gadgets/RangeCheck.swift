import Plonkish

/// Proves cells lie in [lowerBound, lowerBound + size): one lookup of x − lowerBound into the range table per
/// cell, `opsPerRow` cells per row (at most the width). The cells are copied in; nothing is output.
public struct RangeCheck: Sendable, Hashable {
    public static var name: String { "RangeCheck" }
    public let selector: Selector
    public let lowerBound: Int64
    public let opsPerRow: Int
    let sizing: TableSizing

    public var range: ClosedRange<Int64> { lowerBound...(lowerBound + sizing.rangeMax) }

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, tables: LookupTables, lowerBound: Int64 = 0, slots: Int? = nil
    ) -> RangeCheck {
        let selector = cs.selector()
        let s: Expression<F> = selector.query()
        let perRow = Swift.max(1, Swift.min(slots ?? grid.width, grid.width))
        for column in 0..<perRow {
            cs.lookup("\(name)[\(column)]: x − \(lowerBound) ∈ range",
                      inputs: [s * (grid.cell(column) - F(lowerBound))], table: [tables.range])
        }
        return RangeCheck(selector: selector, lowerBound: lowerBound, opsPerRow: perRow, sizing: tables.sizing)
    }

    public func check<F: FFTField>(_ cells: [CellRef], in layouter: Layouter<F>) throws {
        let range = range
        try layouter.packOperations(Self.name, selector: selector, count: cells.count, perRow: opsPerRow,
                                    minimumColumns: 1) { row, slot, op in
            let x = try layouter.input(op.map { cells[$0] }, padding: lowerBound, column: slot, row: row)
            guard op != nil else { return }
            // The table holds x − lowerBound; report the value the caller knows.
            try layouter.lookup(LookupTables.rangeTableName, x.value, within: range, gadget: Self.name)
        }
    }
}
