import Plonkish

extension Layouter {
    /// Lays out `count` independent operations `perRow` to a row, each row fresh with `selector` on. `place` fills
    /// slot `slot` of `row` with operation `op`, or with padding that satisfies the gate when `op` is nil (the
    /// gate constrains every slot of an enabled row).
    func packOperations(
        _ gadget: String, selector: Selector, count: Int, perRow: Int, minimumColumns: Int,
        _ place: (_ row: Int, _ slot: Int, _ op: Int?) throws -> Void
    ) throws {
        guard perRow > 0 else {
            throw GadgetError.tooFewColumns(gadget: gadget, needed: minimumColumns, available: grid.width)
        }
        var op = 0
        while op < count {
            let row = try beginRow(gadget, selector: selector)
            for slot in 0..<perRow {
                try place(row, slot, op < count ? op : nil)
                op += 1
            }
        }
    }

    /// Places input `cell` or, for a padding slot, the constant `padding`, copied either way. A padding slot must
    /// never hold a free advice cell: its gate reads it (a Sum row adds it into z, a dot product multiplies it), so a
    /// free cell there would let a prover add any value into a layer's result while every constraint holds.
    func input(_ cell: CellRef?, padding: Int64 = 0, column: Int, row: Int) throws -> CellRef {
        if let cell { return try copy(cell, to: column, row: row) }
        placingPadding = true
        defer { placingPadding = false }
        return try copy(constant(padding), to: column, row: row)
    }
}

/// The selector-gated constraints of one gadget, one per slot, so that a failure names the slot.
func slotConstraints<F: FFTField>(
    _ gadget: String, _ relation: String, slots: Int, _ constraint: (Int) -> Expression<F>
) -> [(String, Expression<F>)] {
    (0..<slots).map { ("\(gadget)[\($0)]: \(relation)", constraint($0)) }
}
