import Plonkish

/// Rounded division by a divisor cell b (a witness, e.g. a constant or a computed sum): q = floor((2a + b)/(2b)).
/// Each operation is [a, q, r] and the row's last column holds b, so (width − 1)/3 operations share one divisor.
/// The gate 2a + b = 2b·q + r with range lookups r ∈ [0, size), 2b − 1 − r ∈ [0, size) and b ∈ [0, size) proves
/// 0 ≤ r < 2b, hence the rounding. The divisor must therefore be at most size/2; larger divisors need
/// `VarDivRoundBig`.
///
/// q is range-checked too (q − lo ∈ [0, size), lo the function tables' lowest input; the paper omits this): without
/// it a prover could pick any other r in [0, 2b) and the field quotient (2a + b − r)/(2b), which is no integer. With
/// q, r and b small integers, 2b·q + r = 2a + b holds over the integers (no wrap modulo p), and integer division with
/// a remainder in [0, 2b) is unique.
public struct VarDivRound: Sendable, Hashable {
    public static var name: String { "VarDivRound" }
    public let selector: Selector
    public let opsPerRow: Int
    let divisorColumn: Int
    let sizing: TableSizing

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, tables: LookupTables
    ) -> VarDivRound {
        let selector = cs.selector()
        let perRow = (grid.width - 1) / 3
        let s: Expression<F> = selector.query()
        let b: Expression<F> = grid.cell(grid.width - 1)
        let two = F(Int64(2))
        if perRow > 0 {
            cs.createGate(name, slotConstraints(name, "2a + b = 2b·q + r", slots: perRow) { slot in
                let (a, q, r): (Expression<F>, Expression<F>, Expression<F>) =
                    (grid.cell(3 * slot), grid.cell(3 * slot + 1), grid.cell(3 * slot + 2))
                return s * (a * two + b - b * q * two - r)
            })
            cs.lookup("\(name): b ∈ range", inputs: [s * b], table: [tables.range])
        }
        for slot in 0..<perRow {
            let (q, r): (Expression<F>, Expression<F>) = (grid.cell(3 * slot + 1), grid.cell(3 * slot + 2))
            cs.lookup("\(name)[\(slot)]: r ∈ range", inputs: [s * r], table: [tables.range])
            cs.lookup("\(name)[\(slot)]: q − lo ∈ range", inputs: [s * (q - F(tables.sizing.functionInputMin))],
                      table: [tables.range])
            cs.lookup("\(name)[\(slot)]: 2b − 1 − r ∈ range", inputs: [s * (b * two - r - F.one)],
                      table: [tables.range])
        }
        return VarDivRound(selector: selector, opsPerRow: perRow, divisorColumn: grid.width - 1, sizing: tables.sizing)
    }

    /// round_half_up(a_i / b) for each i.
    public func divide<F: FFTField>(_ a: [CellRef], by divisor: CellRef, in layouter: Layouter<F>) throws -> [CellRef] {
        if layouter.computesValues && divisor.value <= 0 {
            throw GadgetError.divisorNotPositive(layer: layouter.layer, gadget: Self.name, divisor: divisor.value)
        }
        let range = sizing.range, quotientRange = sizing.functionDomain
        let table = LookupTables.rangeTableName
        var outputs: [CellRef] = []
        outputs.reserveCapacity(a.count)
        var b = divisor
        try layouter.packOperations(Self.name, selector: selector, count: a.count, perRow: opsPerRow,
                                    minimumColumns: 4) { row, slot, op in
            if slot == 0 {
                b = try layouter.copy(divisor, to: divisorColumn, row: row)
                try layouter.lookup(table, b.value, within: range, gadget: Self.name)
            }
            let x = try layouter.input(op.map { a[$0] }, column: 3 * slot, row: row)
            let (quotient, remainder) = layouter.computesValues ? RoundingDivision.halfUp(x.value, b.value) : (0, 0)
            let q = try layouter.assign(3 * slot + 1, row: row, quotient)
            let r = try layouter.assign(3 * slot + 2, row: row, remainder)
            guard op != nil else { return }
            try layouter.lookup(table, r.value, within: range, gadget: Self.name)
            try layouter.lookup(table, 2 * b.value - 1 - r.value, within: range, gadget: Self.name)
            try layouter.lookup(table, q.value, within: quotientRange, gadget: Self.name)
            outputs.append(q)
        }
        return outputs
    }
}
