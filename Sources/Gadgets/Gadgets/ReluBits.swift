import Plonkish

/// ReLU by bit decomposition, no table: [x, y, b_0 … b_{B−1}] per operation with x + 2^(B−1) = Σ b_j·2^j, each
/// b_j boolean, and y = b_{B−1}·x (the top bit is set exactly when x ≥ 0). Inputs must lie in
/// [−2^(B−1), 2^(B−1)); B defaults to width − 2, one operation per row.
public struct ReluBits: Sendable, Hashable {
    public static var name: String { "ReluBits" }
    public let selector: Selector
    public let bits: Int
    public let opsPerRow: Int

    public var domain: ClosedRange<Int64> { -(Int64(1) << (bits - 1))...((Int64(1) << (bits - 1)) - 1) }

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, grid: Grid, bits requested: Int? = nil
    ) -> ReluBits {
        let bits = min(max(requested ?? grid.width - 2, 1), 62)
        let selector = cs.selector()
        let width = bits + 2
        let perRow = grid.width / width
        let s: Expression<F> = selector.query()
        var constraints: [(String, Expression<F>)] = []
        for slot in 0..<perRow {
            let base = width * slot
            let (x, y): (Expression<F>, Expression<F>) = (grid.cell(base), grid.cell(base + 1))
            var composed: Expression<F> = .zero
            for j in 0..<bits {
                let bit: Expression<F> = grid.cell(base + 2 + j)
                constraints.append(("\(name)[\(slot)]: b\(j) ∈ {0, 1}", s * bit * (bit - F.one)))
                composed = composed + bit * F(Int64(1) << j)
            }
            constraints.append(("\(name)[\(slot)]: x + 2^\(bits - 1) = Σ b·2^j",
                                s * (x + F(Int64(1) << (bits - 1)) - composed)))
            let top: Expression<F> = grid.cell(base + 1 + bits)
            constraints.append(("\(name)[\(slot)]: y = b\(bits - 1)·x", s * (y - top * x)))
        }
        if perRow > 0 { cs.createGate(name, constraints) }
        return ReluBits(selector: selector, bits: bits, opsPerRow: perRow)
    }

    /// max(x_i, 0) for each i.
    public func apply<F: FFTField>(_ x: [CellRef], in layouter: Layouter<F>) throws -> [CellRef] {
        let bits = bits, width = bits + 2, domain = domain
        var outputs: [CellRef] = []
        outputs.reserveCapacity(x.count)
        try layouter.packOperations(Self.name, selector: selector, count: x.count, perRow: opsPerRow,
                                    minimumColumns: 3) { row, slot, op in
            let base = width * slot
            let input = try layouter.input(op.map { x[$0] }, column: base, row: row)
            if layouter.computesValues && !domain.contains(input.value) {
                throw GadgetError.outsideTable(layer: layouter.layer, gadget: Self.name,
                                               table: "\(bits)-bit decomposition", value: input.value, range: domain)
            }
            let y = try layouter.assign(base + 1, row: row, max(input.value, 0))
            let shifted = UInt64(bitPattern: input.value &+ (Int64(1) << (bits - 1)))
            for j in 0..<bits {
                _ = try layouter.assign(base + 2 + j, row: row, Int64((shifted >> UInt64(j)) & 1))
            }
            if op != nil { outputs.append(y) }
        }
        return outputs
    }
}
