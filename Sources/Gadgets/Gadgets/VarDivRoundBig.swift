import Plonkish

/// `VarDivRound` for divisors beyond the range table (softmax divides by sums of exponentials): the remainder r and
/// 2b − 1 − r are each split into `limbs` limbs in radix size, each limb range-checked, so the divisor may reach
/// size^limbs / 2. Each operation is [a, q, r, r_0 … r_{L−1}, t_0 … t_{L−1}], the row's last column holds b, and
/// the gate proves 2a + b = 2b·q + r, r = Σ r_j·size^j and 2b − 1 − r = Σ t_j·size^j.
public struct VarDivRoundBig: Sendable, Hashable {
    public let selector: Selector
    public let limbs: Int
    public let opsPerRow: Int
    let divisorColumn: Int
    let sizing: TableSizing

    public var name: String { Self.name(limbs: limbs) }
    public static func name(limbs: Int) -> String { "VarDivRoundBig\(limbs)" }

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, tables: LookupTables, limbs: Int
    ) -> VarDivRoundBig {
        let name = name(limbs: limbs)
        let selector = cs.selector()
        let width = 3 + 2 * limbs
        let perRow = (grid.width - 1) / width
        let s: Expression<F> = selector.query()
        let b: Expression<F> = grid.cell(grid.width - 1)
        let two = F(Int64(2))
        let radix = F(Int64(tables.sizing.size))
        var powers = [F.one]
        for _ in 1..<max(limbs, 1) { powers.append(powers[powers.count - 1] * radix) }
        func composed(_ first: Int) -> Expression<F> {
            (1..<limbs).reduce(grid.cell(first) as Expression<F>) { sum, j in
                sum + (grid.cell(first + j) as Expression<F>) * powers[j]
            }
        }
        var constraints: [(String, Expression<F>)] = []
        for slot in 0..<perRow {
            let base = width * slot
            let (a, q, r): (Expression<F>, Expression<F>, Expression<F>) =
                (grid.cell(base), grid.cell(base + 1), grid.cell(base + 2))
            constraints.append(("\(name)[\(slot)]: 2a + b = 2b·q + r", s * (a * two + b - b * q * two - r)))
            constraints.append(("\(name)[\(slot)]: r = Σ r_j·size^j", s * (r - composed(base + 3))))
            constraints.append(("\(name)[\(slot)]: 2b − 1 − r = Σ t_j·size^j",
                                s * (b * two - r - F.one - composed(base + 3 + limbs))))
            for limb in 0..<(2 * limbs) {
                let cell: Expression<F> = grid.cell(base + 3 + limb)
                cs.lookup("\(name)[\(slot)]: limb \(limb) ∈ range", inputs: [s * cell], table: [tables.range])
            }
        }
        if perRow > 0 { cs.createGate(name, constraints) }
        return VarDivRoundBig(selector: selector, limbs: limbs, opsPerRow: perRow, divisorColumn: grid.width - 1,
                              sizing: tables.sizing)
    }

    /// size^limbs, saturated at Int64.max: the bound on r and 2b − 1 − r.
    var capacity: Int64 {
        var value: Int64 = 1
        for _ in 0..<limbs {
            let (next, overflow) = value.multipliedReportingOverflow(by: Int64(sizing.size))
            if overflow { return Int64.max }
            value = next
        }
        return value
    }

    /// round_half_up(a_i / b) for each i.
    public func divide<F: FFTField>(_ a: [CellRef], by divisor: CellRef, in layouter: Layouter<F>) throws -> [CellRef] {
        let name = name
        if layouter.computesValues && divisor.value <= 0 {
            throw GadgetError.divisorNotPositive(layer: layouter.layer, gadget: name, divisor: divisor.value)
        }
        let width = 3 + 2 * limbs
        let capacity = capacity
        let bound: ClosedRange<Int64> = 0...(capacity == Int64.max ? capacity : capacity - 1)
        let boundName = "range^\(limbs)"
        if layouter.computesValues {
            // r < 2b, so 2b − 1 bounds both decomposed values.
            let top = try layouter.exact(divisor.value.multipliedReportingOverflow(by: 2), name, "2b") - 1
            if top > bound.upperBound {
                throw GadgetError.outsideTable(layer: layouter.layer, gadget: name, table: boundName, value: top,
                                               range: bound)
            }
        }
        let radix = Int64(sizing.size)
        let range = sizing.range
        var outputs: [CellRef] = []
        outputs.reserveCapacity(a.count)
        var b = divisor
        try layouter.packOperations(name, selector: selector, count: a.count, perRow: opsPerRow,
                                    minimumColumns: width + 1) { row, slot, op in
            if slot == 0 { b = try layouter.copy(divisor, to: divisorColumn, row: row) }
            let base = width * slot
            let x = try layouter.input(op.map { a[$0] }, column: base, row: row)
            let (quotient, remainder) = layouter.computesValues ? RoundingDivision.halfUp(x.value, b.value) : (0, 0)
            let q = try layouter.assign(base + 1, row: row, quotient)
            _ = try layouter.assign(base + 2, row: row, remainder)
            let slack = layouter.computesValues ? 2 * b.value - 1 - remainder : 0
            var power: Int64 = 1
            for j in 0..<limbs {
                let r = try layouter.assign(base + 3 + j, row: row, (remainder / power) % radix)
                let t = try layouter.assign(base + 3 + limbs + j, row: row, (slack / power) % radix)
                if op != nil {
                    try layouter.lookup(LookupTables.rangeTableName, r.value, within: range, gadget: name)
                    try layouter.lookup(LookupTables.rangeTableName, t.value, within: range, gadget: name)
                }
                power = power.multipliedReportingOverflow(by: radix).overflow ? Int64.max : power * radix
            }
            if op != nil { outputs.append(q) }
        }
        return outputs
    }
}
