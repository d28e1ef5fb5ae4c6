import Plonkish

/// Elementwise squared difference: [a, b, (a − b)²] per operation, at scale sf² (rescaled separately).
public struct SquaredDiff: Sendable, Hashable {
    public static var name: String { "SquaredDiff" }
    let layout: PairwiseLayout

    public var selector: Selector { layout.selector }
    public var opsPerRow: Int { layout.perRow }

    public static func configure<F: FFTField>(_ cs: inout ConstraintSystem<F>, grid: Grid) -> SquaredDiff {
        SquaredDiff(layout: .configure(&cs, grid: grid, name: name, relation: "(a − b)² = c") { a, b, c in
            (a - b) * (a - b) - c
        })
    }

    public func apply<F: FFTField>(_ a: [CellRef], _ b: [CellRef], in layouter: Layouter<F>) throws -> [CellRef] {
        try layout.apply(a, b, in: layouter) { a, b in
            let d = try layouter.exact(a.subtractingReportingOverflow(b), Self.name, "difference")
            return try layouter.exact(d.multipliedReportingOverflow(by: d), Self.name, "square")
        }
    }
}
