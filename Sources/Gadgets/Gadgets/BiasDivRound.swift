import Plonkish

/// Rescale by the scale factor fused with the bias and an optional activation (the paper's BiasDivRoundRelu6):
/// div = floor((2·x + sf)/(2·sf)) + bias, out = f(div). Each operation is [x, bias, div, mod] or, with an
/// activation, [x, bias, div, mod, out]. The gate 2x + sf = 2sf·(div − bias) + mod with mod ∈ [0, size) and
/// 2sf − 1 − mod ∈ [0, size) proves the rounding (so 2·sf ≤ size); the activation's table lookup of (div, out) also
/// bounds div to the table's domain, and without an activation a range lookup of div − lo does (lo the function
/// tables' lowest input). An unbounded div would let a prover pick another mod and a non-integer field quotient.
public struct BiasDivRound: Sendable, Hashable {
    public let selector: Selector
    public let activation: FunctionTable?
    public let opsPerRow: Int
    let sizing: TableSizing

    public var name: String { Self.name(activation: activation?.function) }
    public static func name(activation: NonlinearFunction?) -> String {
        "BiasDivRound" + (activation.map { "(\($0.rawValue))" } ?? "")
    }
    var width: Int { activation == nil ? 4 : 5 }

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, tables: LookupTables, activation: FunctionTable?
    ) -> BiasDivRound {
        let name = name(activation: activation?.function)
        let selector = cs.selector()
        let width = activation == nil ? 4 : 5
        let perRow = grid.width / width
        let s: Expression<F> = selector.query()
        let sf = F(tables.sizing.scaleFactor)
        let two = F(Int64(2))
        if perRow > 0 {
            cs.createGate(name, slotConstraints(name, "2x + sf = 2sf·(div − bias) + mod", slots: perRow) { slot in
                let base = width * slot
                let (x, bias, div, mod): (Expression<F>, Expression<F>, Expression<F>, Expression<F>) =
                    (grid.cell(base), grid.cell(base + 1), grid.cell(base + 2), grid.cell(base + 3))
                return s * (x * two + sf - (div - bias) * (sf * two) - mod)
            })
        }
        for slot in 0..<perRow {
            let base = width * slot
            let (div, mod): (Expression<F>, Expression<F>) = (grid.cell(base + 2), grid.cell(base + 3))
            cs.lookup("\(name)[\(slot)]: mod ∈ range", inputs: [s * mod], table: [tables.range])
            cs.lookup("\(name)[\(slot)]: 2sf − 1 − mod ∈ range", inputs: [s * (mod * F(-1) + sf * two - F.one)],
                      table: [tables.range])
            if let activation {
                let out: Expression<F> = grid.cell(base + 4)
                cs.lookup("\(name)[\(slot)]: (div, out) ∈ \(activation.name)",
                          inputs: [s * (div - F(activation.domain.lowerBound)), s * (out - F(activation.offset))],
                          table: [tables.range, activation.column])
            } else {
                cs.lookup("\(name)[\(slot)]: div − lo ∈ range", inputs: [s * (div - F(tables.sizing.functionInputMin))],
                          table: [tables.range])
            }
        }
        return BiasDivRound(selector: selector, activation: activation, opsPerRow: perRow, sizing: tables.sizing)
    }

    /// For each x_i: div_i = round_half_up(x_i / sf) + bias_i and, with an activation, out_i = f(div_i) (else
    /// `activated` is `rescaled`). A nil bias adds 0.
    public func apply<F: FFTField>(
        _ x: [CellRef], bias: [CellRef]?, in layouter: Layouter<F>
    ) throws -> (rescaled: [CellRef], activated: [CellRef]) {
        let name = name
        if let bias, bias.count != x.count {
            throw GadgetError.lengthMismatch(layer: layouter.layer, gadget: name, left: x.count, right: bias.count)
        }
        let biases = try bias ?? Array(repeating: layouter.constant(0), count: x.count)
        let sf = sizing.scaleFactor
        let range = sizing.range
        let table = LookupTables.rangeTableName
        var rescaled: [CellRef] = [], activated: [CellRef] = []
        rescaled.reserveCapacity(x.count)
        try layouter.packOperations(name, selector: selector, count: x.count, perRow: opsPerRow,
                                    minimumColumns: width) { row, slot, op in
            let base = width * slot
            let input = try layouter.input(op.map { x[$0] }, column: base, row: row)
            let b = try layouter.input(op.map { biases[$0] }, column: base + 1, row: row)
            let (quotient, remainder) = layouter.computesValues ? RoundingDivision.halfUp(input.value, sf) : (0, 0)
            let div = try layouter.assign(base + 2, row: row,
                                          try layouter.exact(quotient.addingReportingOverflow(b.value), name, "bias"))
            let mod = try layouter.assign(base + 3, row: row, remainder)
            var out = div
            if let activation {
                if op != nil {
                    try layouter.lookup(activation.name, div.value, within: activation.domain, gadget: name)
                }
                out = try layouter.assign(base + 4, row: row, activation.value(div.value))
            }
            guard op != nil else { return }
            if activation == nil {
                try layouter.lookup(table, div.value, within: sizing.functionDomain, gadget: name)
            }
            try layouter.lookup(table, mod.value, within: range, gadget: name)
            try layouter.lookup(table, 2 * sf - 1 - mod.value, within: range, gadget: name)
            rescaled.append(div)
            activated.append(out)
        }
        return (rescaled, activated)
    }
}
