import Plonkish

/// Elementwise square: [x, x²] per operation, width/2 per row, at scale sf² (rescaled separately). Every slot of a
/// row is constrained (the paper's code constrained only the first).
public struct Square: Sendable, Hashable {
    public static var name: String { "Square" }
    public let selector: Selector
    public let opsPerRow: Int

    public static func configure<F: FFTField>(_ cs: inout ConstraintSystem<F>, grid: Grid) -> Square {
        let selector = cs.selector()
        let perRow = grid.width / 2
        let s: Expression<F> = selector.query()
        if perRow > 0 {
            cs.createGate(name, slotConstraints(name, "x² = y", slots: perRow) { slot in
                let x: Expression<F> = grid.cell(2 * slot)
                return s * (x * x - grid.cell(2 * slot + 1))
            })
        }
        return Square(selector: selector, opsPerRow: perRow)
    }

    public func apply<F: FFTField>(_ x: [CellRef], in layouter: Layouter<F>) throws -> [CellRef] {
        var outputs: [CellRef] = []
        outputs.reserveCapacity(x.count)
        try layouter.packOperations(Self.name, selector: selector, count: x.count, perRow: opsPerRow,
                                    minimumColumns: 2) { row, slot, op in
            let input = try layouter.input(op.map { x[$0] }, column: 2 * slot, row: row)
            let y = try layouter.assign(2 * slot + 1, row: row,
                                        try layouter.exact(input.value.multipliedReportingOverflow(by: input.value),
                                                           Self.name, "square"))
            if op != nil { outputs.append(y) }
        }
        return outputs
    }
}
