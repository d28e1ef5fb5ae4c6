import Plonkish

/// `VarDivRound` for divisors and quotients beyond the range table (softmax divides by sums of exponentials): every
/// bounded value is split into `limbs` limbs in radix size, each limb range-checked, so values reach size^L (L the
/// limb count). Each operation is [a, q, r_0 … r_{L−1}, t_0 … t_{L−1}, u_0 … u_{L−1}]; the row ends with
/// [b_0 … b_{L−1}, b], the divisor shared by the row's operations. With R = Σ r_j·size^j and likewise T, U, B, the
/// gate proves 2a + b = 2b·q + R, 2b − 1 − R = T, q + h = U and b = B, where h = ⌊size/2⌋·size^(L−1) centres the
/// quotient's range on 0.
///
/// Soundness: b, R and T lie in [0, size^L), so 2b = R + T + 1 holds over the integers and 0 ≤ R < 2b. The quotient
/// lies in [−h, size^L − h), so for small integer a the identity 2a + b = 2b·q + R cannot wrap modulo p and names
/// the unique integer division. Without the ranges of q and b (both missing in the paper), a prover could choose
/// another R and a non-integer field quotient, or an odd R + T + 1 and the field's "half" of it as divisor.
public struct VarDivRoundBig: Sendable, Hashable {
    public let selector: Selector
    public let limbs: Int
    public let opsPerRow: Int
    let divisorColumn: Int
    let sizing: TableSizing

    public var name: String { Self.name(limbs: limbs) }
    public static func name(limbs: Int) -> String { "VarDivRoundBig\(limbs)" }

    /// Columns of one operation.
    var opWidth: Int { 2 + 3 * limbs }

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, tables: LookupTables, limbs: Int
    ) -> VarDivRoundBig {
        let limbs = max(limbs, 1)
        let name = name(limbs: limbs)
        let selector = cs.selector()
        let width = 2 + 3 * limbs
        let perRow = max(grid.width - limbs - 1, 0) / width
        let s: Expression<F> = selector.query()
        let b: Expression<F> = grid.cell(grid.width - 1)
        let two = F(Int64(2))
        let radix = F(Int64(tables.sizing.size))
        var powers = [F.one]
        for _ in 1..<limbs { powers.append(powers[powers.count - 1] * radix) }
        let h = F(-tables.sizing.functionInputMin) * powers[limbs - 1]
        func composed(_ first: Int) -> Expression<F> {
            (1..<limbs).reduce(grid.cell(first) as Expression<F>) { sum, j in
                sum + (grid.cell(first + j) as Expression<F>) * powers[j]
            }
        }
        func rangeCheck(_ column: Int, _ what: String) {
            cs.lookup("\(name)\(what)", inputs: [s * grid.cell(column)], table: [tables.range])
        }
        var constraints: [(String, Expression<F>)] = []
        for slot in 0..<perRow {
            let base = width * slot
            let (a, q): (Expression<F>, Expression<F>) = (grid.cell(base), grid.cell(base + 1))
            let r = composed(base + 2), t = composed(base + 2 + limbs), u = composed(base + 2 + 2 * limbs)
            constraints.append(("\(name)[\(slot)]: 2a + b = 2b·q + r", s * (a * two + b - b * q * two - r)))
            constraints.append(("\(name)[\(slot)]: 2b − 1 − r = t", s * (b * two - r - F.one - t)))
            constraints.append(("\(name)[\(slot)]: q + h = u", s * (q + h - u)))
            for limb in 0..<(3 * limbs) { rangeCheck(base + 2 + limb, "[\(slot)]: limb \(limb) ∈ range") }
        }
        if perRow > 0 {
            let divisorLimbs = grid.width - 1 - limbs
            constraints.append(("\(name): b = Σ b_j·size^j", s * (b - composed(divisorLimbs))))
            for limb in 0..<limbs { rangeCheck(divisorLimbs + limb, ": b limb \(limb) ∈ range") }
            cs.createGate(name, constraints)
        }
        return VarDivRoundBig(selector: selector, limbs: limbs, opsPerRow: perRow, divisorColumn: grid.width - 1,
                              sizing: tables.sizing)
    }

    /// size^L, saturated at Int64.max: every decomposed value lies in [0, size^L).
    var capacity: Int64 {
        var value: Int64 = 1
        for _ in 0..<limbs {
            let (next, overflow) = value.multipliedReportingOverflow(by: Int64(sizing.size))
            if overflow { return Int64.max }
            value = next
        }
        return value
    }

    /// The quotient's offset h = ⌊size/2⌋·size^(L−1), saturated at Int64.max.
    var quotientOffset: Int64 {
        let (h, overflow) = (capacity / Int64(sizing.size)).multipliedReportingOverflow(by: -sizing.functionInputMin)
        return overflow ? Int64.max : h
    }

    /// Places the L radix-size limbs of `value` (≥ 0) from column `first` of `row`, range-checked when `checked`.
    func placeLimbs<F: FFTField>(
        _ value: Int64, first: Int, row: Int, checked: Bool, in layouter: Layouter<F>
    ) throws {
        let radix = Int64(sizing.size)
        var rest = value
        for j in 0..<limbs {
            let limb = rest % radix
            rest /= radix
            _ = try layouter.assign(first + j, row: row, limb)
            if checked { try layouter.lookup(LookupTables.rangeTableName, limb, within: sizing.range, gadget: name) }
        }
    }

    /// round_half_up(a_i / b) for each i.
    public func divide<F: FFTField>(_ a: [CellRef], by divisor: CellRef, in layouter: Layouter<F>) throws -> [CellRef] {
        let name = name
        if layouter.computesValues && divisor.value <= 0 {
            throw GadgetError.divisorNotPositive(layer: layouter.layer, gadget: name, divisor: divisor.value)
        }
        let boundName = "range^\(limbs)"
        let capacity = capacity, h = quotientOffset
        // The Int64 bookkeeping below mirrors the field constants only while size^L fits.
        if capacity == Int64.max { throw GadgetError.overflow(layer: layouter.layer, gadget: name, operation: "size^limbs") }
        if layouter.computesValues {
            // r < 2b, so 2b − 1 bounds both decomposed values.
            let top = try layouter.exact(divisor.value.multipliedReportingOverflow(by: 2), name, "2b") - 1
            if top >= capacity {
                throw GadgetError.outsideTable(layer: layouter.layer, gadget: name, table: boundName, value: top,
                                               range: 0...(capacity - 1))
            }
        }
        let width = opWidth
        var outputs: [CellRef] = []
        outputs.reserveCapacity(a.count)
        var b = divisor
        try layouter.packOperations(name, selector: selector, count: a.count, perRow: opsPerRow,
                                    minimumColumns: width + limbs + 1) { row, slot, op in
            if slot == 0 {
                b = try layouter.copy(divisor, to: divisorColumn, row: row)
                try placeLimbs(b.value, first: divisorColumn - limbs, row: row, checked: true, in: layouter)
            }
            let base = width * slot
            let x = try layouter.input(op.map { a[$0] }, column: base, row: row)
            let (quotient, remainder) = layouter.computesValues ? RoundingDivision.halfUp(x.value, b.value) : (0, 0)
            let q = try layouter.assign(base + 1, row: row, quotient)
            // r < 2b and 2b − 1 < capacity (checked above): neither overflows.
            let slack = layouter.computesValues ? 2 * b.value - 1 - remainder : 0
            let shifted = layouter.computesValues ? quotient.addingReportingOverflow(h) : (partialValue: 0, overflow: false)
            if layouter.computesValues && op != nil && (shifted.overflow || shifted.partialValue < 0
                || shifted.partialValue >= capacity) {
                throw GadgetError.outsideTable(layer: layouter.layer, gadget: name, table: boundName, value: quotient,
                                               range: -h...(capacity - 1 - h))
            }
            let checked = op != nil
            try placeLimbs(remainder, first: base + 2, row: row, checked: checked, in: layouter)
            try placeLimbs(slack, first: base + 2 + limbs, row: row, checked: checked, in: layouter)
            try placeLimbs(shifted.partialValue, first: base + 2 + 2 * limbs, row: row, checked: checked, in: layouter)
            if op != nil { outputs.append(q) }
        }
        return outputs
    }
}
