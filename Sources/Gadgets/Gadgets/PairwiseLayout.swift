import Plonkish

/// The layout shared by the two-input gadgets: each operation takes three columns [a, b, c], width/3 operations per
/// row, one polynomial relation per slot.
struct PairwiseLayout: Sendable, Hashable {
    let name: String
    let selector: Selector
    let perRow: Int

    static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, name: String, relation: String,
        _ constraint: (_ a: Expression<F>, _ b: Expression<F>, _ c: Expression<F>) -> Expression<F>
    ) -> PairwiseLayout {
        let selector = cs.selector()
        let perRow = grid.width / 3
        let s: Expression<F> = selector.query()
        if perRow > 0 {
            cs.createGate(name, slotConstraints(name, relation, slots: perRow) { slot in
                s * constraint(grid.cell(3 * slot), grid.cell(3 * slot + 1), grid.cell(3 * slot + 2))
            })
        }
        return PairwiseLayout(name: name, selector: selector, perRow: perRow)
    }

    func apply<F: FFTField>(
        _ a: [CellRef], _ b: [CellRef], in layouter: Layouter<F>,
        _ compute: (Int64, Int64) throws -> Int64
    ) throws -> [CellRef] {
        guard a.count == b.count else {
            throw GadgetError.lengthMismatch(layer: layouter.layer, gadget: name, left: a.count, right: b.count)
        }
        var outputs: [CellRef] = []
        outputs.reserveCapacity(a.count)
        try layouter.packOperations(name, selector: selector, count: a.count, perRow: perRow, minimumColumns: 3) {
            row, slot, op in
            let x = try layouter.input(op.map { a[$0] }, column: 3 * slot, row: row)
            let y = try layouter.input(op.map { b[$0] }, column: 3 * slot + 1, row: row)
            let z = try layouter.assign(3 * slot + 2, row: row, try compute(x.value, y.value))
            if op != nil { outputs.append(z) }
        }
        return outputs
    }
}
