import Plonkish

/// A dot product with bias: a row holds m = ⌊(width − 2)/2⌋ pairs, a bias and the result,
/// [x_0 … x_{m−1}, w_0 … w_{m−1}, (unused when width is odd), b, z] with z = b + Σ x_i·w_i. A longer vector chains
/// rows, each row's result the next row's bias, so no adder is needed.
public struct DotProductWithBias: Sendable, Hashable {
    public static var name: String { "DotProductWithBias" }
    public let selector: Selector
    public let pairsPerRow: Int
    let width: Int

    public static func configure<F: FFTField>(_ cs: inout ConstraintSystem<F>, grid: Grid) -> DotProductWithBias {
        let selector = cs.selector()
        let m = (grid.width - 2) / 2
        if m >= 1 {
            let products = (0..<m).map { (grid.cell($0) as Expression<F>) * grid.cell(m + $0) }
            let total = products.reduce(grid.cell(grid.width - 2) as Expression<F>, +)
            cs.createGate(name, [("\(name): b + Σ x·w = z", selector.query() * (total - grid.cell(grid.width - 1)))])
        }
        return DotProductWithBias(selector: selector, pairsPerRow: max(m, 0), width: grid.width)
    }

    /// bias + Σ x_i·w_i; with no pairs, the bias itself.
    public func apply<F: FFTField>(
        _ x: [CellRef], _ w: [CellRef], bias: CellRef, in layouter: Layouter<F>
    ) throws -> CellRef {
        guard x.count == w.count else {
            throw GadgetError.lengthMismatch(layer: layouter.layer, gadget: Self.name, left: x.count, right: w.count)
        }
        guard pairsPerRow >= 1 else { throw GadgetError.tooFewColumns(gadget: Self.name, needed: 4, available: width) }
        let m = pairsPerRow
        var accumulator = bias
        for start in stride(from: 0, to: x.count, by: m) {
            let row = try layouter.beginRow(Self.name, selector: selector)
            let b = try layouter.copy(accumulator, to: width - 2, row: row)
            var total = b.value
            for i in 0..<m {
                let op: Int? = start + i < x.count ? start + i : nil
                let a = try layouter.input(op.map { x[$0] }, column: i, row: row)
                let c = try layouter.input(op.map { w[$0] }, column: m + i, row: row)
                if layouter.computesValues {
                    let product = try layouter.exact(a.value.multipliedReportingOverflow(by: c.value),
                                                     Self.name, "product")
                    total = try layouter.exact(total.addingReportingOverflow(product), Self.name, "sum")
                }
            }
            accumulator = try layouter.assign(width - 1, row: row, total)
        }
        return accumulator
    }
}
