import Plonkish

/// A dot product without bias: a row holds m = ⌊(width − 1)/2⌋ pairs and their partial sum,
/// [x_0 … x_{m−1}, w_0 … w_{m−1}, (unused when width is even), z] with z = Σ x_i·w_i. Longer vectors take one row
/// per m pairs; the partial sums are then added by the `Sum` gadget.
public struct DotProduct: Sendable, Hashable {
    public static var name: String { "DotProduct" }
    public let selector: Selector
    public let pairsPerRow: Int
    let output: Int

    public static func configure<F: FFTField>(_ cs: inout ConstraintSystem<F>, grid: Grid) -> DotProduct {
        let selector = cs.selector()
        let m = (grid.width - 1) / 2
        if m >= 1 {
            let products = (0..<m).map { (grid.cell($0) as Expression<F>) * grid.cell(m + $0) }
            let total = products.dropFirst().reduce(products[0], +)
            cs.createGate(name, [("\(name): Σ x·w = z", selector.query() * (total - grid.cell(grid.width - 1)))])
        }
        return DotProduct(selector: selector, pairsPerRow: max(m, 0), output: grid.width - 1)
    }

    /// One partial sum per row of `pairsPerRow` pairs.
    public func partialSums<F: FFTField>(
        _ x: [CellRef], _ w: [CellRef], in layouter: Layouter<F>
    ) throws -> [CellRef] {
        guard x.count == w.count else {
            throw GadgetError.lengthMismatch(layer: layouter.layer, gadget: Self.name, left: x.count, right: w.count)
        }
        guard pairsPerRow >= 1 else {
            throw GadgetError.tooFewColumns(gadget: Self.name, needed: 3, available: output + 1)
        }
        let m = pairsPerRow
        return try stride(from: 0, to: x.count, by: m).map { start in
            let row = try layouter.beginRow(Self.name, selector: selector)
            var total: Int64 = 0
            for i in 0..<m {
                let op: Int? = start + i < x.count ? start + i : nil
                let a = try layouter.input(op.map { x[$0] }, column: i, row: row)
                let b = try layouter.input(op.map { w[$0] }, column: m + i, row: row)
                if layouter.computesValues {
                    let product = try layouter.exact(a.value.multipliedReportingOverflow(by: b.value),
                                                     Self.name, "product")
                    total = try layouter.exact(total.addingReportingOverflow(product), Self.name, "sum")
                }
            }
            return try layouter.assign(output, row: row, total)
        }
    }

    /// Σ x_i·w_i: partial sums by row, added by `adder`.
    public func apply<F: FFTField>(
        _ x: [CellRef], _ w: [CellRef], adder: Sum, in layouter: Layouter<F>
    ) throws -> CellRef {
        try adder.sum(try partialSums(x, w, in: layouter), in: layouter)
    }
}
