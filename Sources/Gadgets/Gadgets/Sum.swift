import Plonkish

/// The adder: one row holds up to width − 1 summands and their sum, [x_0 … x_{n−1}, z] with z = Σ x_i. Longer
/// sums reduce as a tree of such rows.
public struct Sum: Sendable, Hashable {
    public static var name: String { "Sum" }
    public let selector: Selector
    /// Summands per row: width − 1.
    public let inputsPerRow: Int

    public static func configure<F: FFTField>(_ cs: inout ConstraintSystem<F>, grid: Grid) -> Sum {
        let selector = cs.selector()
        let n = grid.width - 1
        if n >= 2 {
            let total = (1..<n).reduce(grid.cell(0) as Expression<F>) { $0 + grid.cell($1) }
            cs.createGate(name, [("\(name): Σ x = z", selector.query() * (total - grid.cell(n)))])
        }
        return Sum(selector: selector, inputsPerRow: max(n, 0))
    }

    func requireColumns() throws {
        guard inputsPerRow >= 2 else {
            throw GadgetError.tooFewColumns(gadget: Self.name, needed: 3, available: inputsPerRow + 1)
        }
    }

    /// One adder row over at most `inputsPerRow` cells.
    public func sumRow<F: FFTField>(_ cells: ArraySlice<CellRef>, in layouter: Layouter<F>) throws -> CellRef {
        try requireColumns()
        let row = try layouter.beginRow(Self.name, selector: selector)
        var total: Int64 = 0
        for column in 0..<inputsPerRow {
            let index = cells.startIndex + column
            let placed = try layouter.input(index < cells.endIndex ? cells[index] : nil, column: column, row: row)
            if layouter.computesValues {
                total = try layouter.exact(total.addingReportingOverflow(placed.value), Self.name, "sum")
            }
        }
        return try layouter.assign(inputsPerRow, row: row, total)
    }

    /// The sum of any number of cells: a single cell is its own sum, an empty list sums to the zero constant.
    public func sum<F: FFTField>(_ cells: [CellRef], in layouter: Layouter<F>) throws -> CellRef {
        guard !cells.isEmpty else { return try layouter.constant(0) }
        var level = cells
        while level.count > 1 {
            try requireColumns()
            level = try stride(from: 0, to: level.count, by: inputsPerRow).map { start in
                try sumRow(level[start..<min(start + inputsPerRow, level.count)], in: layouter)
            }
        }
        return level[0]
    }
}
