/// The circuit `zkml bench prover` proves: `columns` advice columns filling every usable row, one degree-3 gate
/// (q·(a·b − c) on triples of columns) and one lookup per row (the last column into a range table). Every advice
/// column is enabled for equality, as in ML layouts where any cell may be wired elsewhere, and each row's first
/// cell is copied to the next row's last.
///
/// Witness values are small integers, like the fixed-point values of ML circuits.
public struct BenchmarkCircuit<F: FFTField>: Circuit {
    public typealias Field = F

    public struct Config {
        let advice: [Column]
        let selector: Selector
        let table: Column
    }

    public let columns: Int
    public let k: Int
    public let seed: UInt64
    /// The constraint degree to lay out for (at least 3): a higher degree packs more columns per permutation
    /// product at the price of a larger extended domain.
    public let minimumDegree: Int

    public init(k: Int, columns: Int, minimumDegree: Int = 3, seed: UInt64 = 1) {
        precondition(columns >= 3, "the benchmark circuit needs at least 3 advice columns")
        self.columns = columns
        self.k = k
        self.minimumDegree = minimumDegree
        self.seed = seed
    }

    public func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        cs.minimumDegree = minimumDegree
        let advice = (0..<columns).map { _ in cs.adviceColumn() }
        let selector = cs.selector()
        let table = cs.tableColumn()
        for column in advice { cs.enableEquality(column) }
        let q: Expression<F> = selector.query()
        let constraints = (0..<((columns - 1) / 3)).map { t -> Expression<F> in
            let a: Expression<F> = advice[3 * t].query(), b: Expression<F> = advice[3 * t + 1].query()
            let c: Expression<F> = advice[3 * t + 2].query()
            return q * (a * b - c)
        }
        cs.createGate("multiply", constraints)
        cs.lookup("range", inputs: [advice[columns - 1].query()], table: [table])
        return Config(advice: advice, selector: selector, table: table)
    }

    public func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        let rows = assignment.usableRows
        let tableSize = min(1 << 16, rows)
        for value in 0..<tableSize { try assignment.assignFixed(config.table, row: value, F(word: UInt64(value))) }
        for row in 0..<rows { try assignment.enable(config.selector, row: row) }
        for row in 1..<rows {
            try assignment.copy(Cell(config.advice[0], row - 1), Cell(config.advice[columns - 1], row))
        }
        guard assignment.recordsAdvice else { return }
        var generator = SplitMix64(seed: seed)
        let small = UInt64(min(256, tableSize))
        var values = [[UInt64]](repeating: [UInt64](repeating: 0, count: rows), count: columns)
        for row in 0..<rows {
            for c in 0..<(columns - 1) { values[c][row] = generator.next() % small }
            for t in 0..<((columns - 1) / 3) { values[3 * t + 2][row] = values[3 * t][row] * values[3 * t + 1][row] }
            values[columns - 1][row] = row == 0 ? generator.next() % UInt64(tableSize) : values[0][row - 1]
        }
        for c in 0..<columns {
            try assignment.assignAdvice(config.advice[c], startingAt: 0, values[c].map { F(word: $0) })
        }
    }
}
