import Plonkish

/// Elementwise raw product of two equally long cell lists: [a, b, a·b] per operation. The product is at scale sf²;
/// rescaling is a separate gadget (VarDivRound by the scale factor, or BiasDivRound).
public struct MulPairs: Sendable, Hashable {
    public static var name: String { "MulPairs" }
    let layout: PairwiseLayout

    public var selector: Selector { layout.selector }
    public var opsPerRow: Int { layout.perRow }

    public static func configure<F: FFTField>(_ cs: inout ConstraintSystem<F>, grid: Grid) -> MulPairs {
        MulPairs(layout: .configure(&cs, grid: grid, name: name, relation: "a · b = c") { a, b, c in a * b - c })
    }

    public func apply<F: FFTField>(_ a: [CellRef], _ b: [CellRef], in layouter: Layouter<F>) throws -> [CellRef] {
        try layout.apply(a, b, in: layouter) { a, b in
            try layouter.exact(a.multipliedReportingOverflow(by: b), Self.name, "multiplication")
        }
    }
}
