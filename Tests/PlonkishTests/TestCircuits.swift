import Plonkish

// Small circuits that exercise each part of the protocol: gates and copy constraints, lookups, challenges and
// later-phase advice, several lookup tables, several permutation chunks. Each fills a given number of rows (so it
// scales with k) and can be given a broken witness, so tests can check both acceptance and rejection.

/// A test circuit whose shape does not depend on its size, so an instance of any size can configure it.
protocol TestCircuit: Circuit {
    static var prototype: Self { get }
}

/// The usable rows a circuit has at 2^k rows (what its row count must fit in).
func usableRows<C: TestCircuit>(_: C.Type, k: Int) throws -> Int {
    var cs = ConstraintSystem<C.Field>()
    _ = C.prototype.configure(&cs)
    return try ProtocolShape(cs, k: k, commitsInstances: false).usableRows
}

extension FibonacciCircuit: TestCircuit { static var prototype: Self { Self(rows: 1) } }
extension RangeCheckCircuit: TestCircuit { static var prototype: Self { Self(bits: 1, rows: 1) } }
extension ChallengeCircuit: TestCircuit { static var prototype: Self { Self(rows: 1) } }
extension MultiLookupCircuit: TestCircuit { static var prototype: Self { Self(bits: 1, rows: 1) } }
extension ManyColumnsCircuit: TestCircuit { static var prototype: Self { Self(rows: 1) } }
extension MissingSelectorCircuit: TestCircuit { static var prototype: Self { Self(rows: 1) } }
extension RunningSumCircuit: TestCircuit { static var prototype: Self { Self(steps: 1) } }

extension Assignment {
    /// Assigns `value`, or `value + 1` when the cell is the one to corrupt.
    func assignAdvice(_ column: Column, row: Int, _ value: F, corrupting corrupted: Cell?) throws {
        try assignAdvice(column, row: row, corrupted == Cell(column, row) ? value + .one : value)
    }
}

/// f_{i+2} = f_i + f_{i+1}, one step per row: row i holds (a, b, c) = (f_i, f_{i+1}, f_{i+2}), consecutive rows
/// are chained by copy constraints, f_0 and f_1 come from instance rows 0 and 1 and the last c goes to instance
/// row 2. Advice columns: a = 0, b = 1, c = 2.
struct FibonacciCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let a: Column, b: Column, c: Column
        let instance: Column
        let step: Selector
    }

    let rows: Int
    var first = F.one
    var second = F.one
    /// An advice cell written one larger than the honest value.
    var corruptedCell: Cell?
    /// An advice cell left unassigned.
    var skippedCell: Cell?

    init(rows: Int, first: F = .one, second: F = .one) {
        self.rows = rows
        self.first = first
        self.second = second
    }

    /// f_0 … f_{rows+1}.
    var sequence: [F] {
        var f = [first, second]
        for i in 0..<rows { f.append(f[i] + f[i + 1]) }
        return f
    }

    /// The honest public inputs: f_0, f_1 and f_{rows+1}.
    var instances: [[F]] { [[first, second, sequence[rows + 1]]] }

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let a = cs.adviceColumn(), b = cs.adviceColumn(), c = cs.adviceColumn()
        let instance = cs.instanceColumn()
        let step = cs.selector()
        for column in [a, b, c, instance] { cs.enableEquality(column) }
        cs.createGate("fibonacci", [("a + b = c", step.query() * (a.query() + b.query() - c.query()))])
        return Config(a: a, b: b, c: c, instance: instance, step: step)
    }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        let f = sequence
        for row in 0..<rows {
            try assignment.enable(config.step, row: row)
            for (offset, column) in [config.a, config.b, config.c].enumerated() where skippedCell != Cell(column, row) {
                try assignment.assignAdvice(column, row: row, f[row + offset], corrupting: corruptedCell)
            }
            if row > 0 {
                try assignment.copy(Cell(config.b, row - 1), Cell(config.a, row))
                try assignment.copy(Cell(config.c, row - 1), Cell(config.b, row))
            }
        }
        try assignment.copy(Cell(config.instance, 0), Cell(config.a, 0))
        try assignment.copy(Cell(config.instance, 1), Cell(config.b, 0))
        try assignment.copy(Cell(config.c, rows - 1), Cell(config.instance, 2))
    }
}

/// Range checks by lookup: advice a (column 0) holds values in [offset, offset + 2^bits), many of them repeated,
/// and the lookup `q·a ∈ table` checks them on the rows where q is on. With a non-zero offset the table lacks 0,
/// so the rows where q is off fail: that shows the table's unassigned rows repeat its first entry, not zero.
struct RangeCheckCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let value: Column
        let check: Selector
        let table: Column
    }

    let bits: Int
    let rows: Int
    var offset = 0
    /// A row whose value is offset + 2^bits, just out of range.
    var outOfRangeRow: Int?

    init(bits: Int, rows: Int) {
        self.bits = bits
        self.rows = rows
    }

    var tableSize: Int { 1 << bits }

    func value(row: Int) -> Int { offset + (row == outOfRangeRow ? tableSize : (row * row + 3) % tableSize) }

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let value = cs.adviceColumn()
        let check = cs.selector()
        let table = cs.tableColumn()
        cs.lookup("range", inputs: [check.query() * value.query()], table: [table])
        return Config(value: value, check: check, table: table)
    }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        for row in 0..<tableSize { try assignment.assignFixed(config.table, row: row, F(Int64(offset + row))) }
        for row in 0..<rows {
            try assignment.enable(config.check, row: row)
            try assignment.assignAdvice(config.value, row: row, F(Int64(value(row: row))))
        }
    }
}

/// A gate that uses a challenge: phase-0 advice a, b (columns 0, 1), the challenge r drawn after phase 0, and
/// phase-1 advice c = a + r·b (column 2), which the circuit can only compute once r is known.
struct ChallengeCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let a: Column, b: Column, c: Column
        let r: Challenge
        let combine: Selector
    }

    let rows: Int
    /// A row whose c is one larger than a + r·b.
    var corruptedRow: Int?

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let a = cs.adviceColumn(), b = cs.adviceColumn()
        let r = cs.challenge(usableAfter: 0)
        let c = cs.adviceColumn(phase: 1)
        let combine = cs.selector()
        let rb: Expression<F> = r.expression() * b.query()
        cs.createGate("linear combination", [("c = a + r·b", combine.query() * (c.query() - (a.query() + rb)))])
        return Config(a: a, b: b, c: c, r: r, combine: combine)
    }

    func a(_ row: Int) -> F { F(Int64(row + 1)) }
    func b(_ row: Int) -> F { F(Int64(2 * row + 3)) }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        for row in 0..<rows {
            try assignment.enable(config.combine, row: row)
            try assignment.assignAdvice(config.a, row: row, a(row))
            try assignment.assignAdvice(config.b, row: row, b(row))
            if let r = assignment.challenge(config.r) {
                let c = a(row) + r * b(row)
                try assignment.assignAdvice(config.c, row: row, row == corruptedRow ? c + .one : c)
            }
        }
    }
}

/// Several lookups: two range checks ("range a", "range b") into one table T1 = [0, 2^bits), and a tuple lookup
/// ("square") of (x, y) into a table T2 of pairs (i, i²). Advice columns: a = 0, b = 1, x = 2, y = 3.
struct MultiLookupCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let a: Column, b: Column, x: Column, y: Column
        let range: Selector, square: Selector
        let t1: Column, t2Root: Column, t2Square: Column
    }

    let bits: Int
    let rows: Int
    /// A row whose b is 2^bits, out of range.
    var badRangeRow: Int?
    /// A row whose y is x² + 1.
    var badSquareRow: Int?

    var tableSize: Int { 1 << bits }

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let a = cs.adviceColumn(), b = cs.adviceColumn(), x = cs.adviceColumn(), y = cs.adviceColumn()
        let range = cs.selector(), square = cs.selector()
        let t1 = cs.tableColumn(), t2Root = cs.tableColumn(), t2Square = cs.tableColumn()
        cs.lookup("range a", inputs: [range.query() * a.query()], table: [t1])
        cs.lookup("range b", inputs: [range.query() * b.query()], table: [t1])
        cs.lookup("square", inputs: [square.query() * x.query(), square.query() * y.query()], table: [t2Root, t2Square])
        return Config(a: a, b: b, x: x, y: y, range: range, square: square, t1: t1, t2Root: t2Root, t2Square: t2Square)
    }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        for i in 0..<tableSize {
            try assignment.assignFixed(config.t1, row: i, F(Int64(i)))
            try assignment.assignFixed(config.t2Root, row: i, F(Int64(i)))
            try assignment.assignFixed(config.t2Square, row: i, F(Int64(i * i)))
        }
        for row in 0..<rows {
            try assignment.enable(config.range, row: row)
            try assignment.enable(config.square, row: row)
            let x = (5 * row + 1) % tableSize
            try assignment.assignAdvice(config.a, row: row, F(Int64(row % tableSize)))
            try assignment.assignAdvice(config.b, row: row, F(Int64(row == badRangeRow ? tableSize : (3 * row) % tableSize)))
            try assignment.assignAdvice(config.x, row: row, F(Int64(x)))
            try assignment.assignAdvice(config.y, row: row, F(Int64(x * x + (row == badSquareRow ? 1 : 0))))
        }
    }
}

/// Five equality-enabled advice columns and an instance column: six permutation columns, so at the default
/// degree 3 (chunk size 1) six permutation chunks. Row i holds (acc_i, x_i, x_i, x_{i+1}, acc_{i+1}) with
/// x_i = i + 1 and the gate a0 + a1 + a2 + a3 = a4; copies chain a4(i) = a0(i+1), a1(i) = a2(i), a3(i) = a1(i+1),
/// and bind acc_0 and the final sum to instance rows 0 and 1. Advice columns a0…a4 are 0…4.
struct ManyColumnsCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let columns: [Column]
        let instance: Column
        let sum: Selector
    }

    let rows: Int
    var start = F(Int64(7))
    /// An advice cell written one larger than the honest value.
    var corruptedCell: Cell?

    init(rows: Int) { self.rows = rows }

    func x(_ i: Int) -> F { F(Int64(i + 1)) }

    /// acc_0 … acc_rows.
    var accumulators: [F] {
        var acc = [start]
        for i in 0..<rows { acc.append(acc[i] + x(i) + x(i) + x(i + 1)) }
        return acc
    }

    var instances: [[F]] { [[start, accumulators[rows]]] }

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let columns = (0..<5).map { _ in cs.adviceColumn() }
        let instance = cs.instanceColumn()
        let sum = cs.selector()
        for column in columns + [instance] { cs.enableEquality(column) }
        let total: Expression<F> = columns[0].query() + columns[1].query() + columns[2].query() + columns[3].query()
        cs.createGate("sum", [("a0 + a1 + a2 + a3 = a4", sum.query() * (total - columns[4].query()))])
        return Config(columns: columns, instance: instance, sum: sum)
    }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        let acc = accumulators
        let c = config.columns
        for row in 0..<rows {
            try assignment.enable(config.sum, row: row)
            let values = [acc[row], x(row), x(row), x(row + 1), acc[row + 1]]
            for (column, value) in zip(c, values) {
                try assignment.assignAdvice(column, row: row, value, corrupting: corruptedCell)
            }
            try assignment.copy(Cell(c[1], row), Cell(c[2], row))
            if row + 1 < rows {
                try assignment.copy(Cell(c[4], row), Cell(c[0], row + 1))
                try assignment.copy(Cell(c[3], row), Cell(c[1], row + 1))
            }
        }
        try assignment.copy(Cell(config.instance, 0), Cell(c[0], 0))
        try assignment.copy(Cell(c[4], rows - 1), Cell(config.instance, 1))
    }
}

/// A gate with no selector, a·b − c = 0 (advice columns 0, 1, 2): satisfied on the usable rows, but active on
/// the unusable rows too, where the advice is unknown, so it cannot hold in a real proof.
struct MissingSelectorCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let a: Column, b: Column, c: Column
    }

    let rows: Int

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let a = cs.adviceColumn(), b = cs.adviceColumn(), c = cs.adviceColumn()
        cs.createGate("product", [("a·b = c", a.query() * b.query() - c.query())])
        return Config(a: a, b: b, c: c)
    }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        for row in 0..<rows {
            let a = F(Int64(row + 2)), b = F(Int64(row + 3))
            try assignment.assignAdvice(config.a, row: row, a)
            try assignment.assignAdvice(config.b, row: row, b)
            try assignment.assignAdvice(config.c, row: row, a * b)
        }
    }
}

/// A running sum across rows: a(i+1) = a(i) + b(i) under a selector on rows 0..<steps (advice a = 0, b = 1). The
/// gate reads the next row, so it needs steps + 1 rows: enabled on the last usable row it reads an unusable one.
struct RunningSumCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let a: Column, b: Column
        let step: Selector
    }

    let steps: Int

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let a = cs.adviceColumn(), b = cs.adviceColumn()
        let step = cs.selector()
        cs.createGate("running sum", [("a' = a + b", step.query() * (a.query(1) - a.query() - b.query()))])
        return Config(a: a, b: b, step: step)
    }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        var sum = F(Int64(3))
        try assignment.assignAdvice(config.a, row: 0, sum)
        for row in 0..<steps {
            let b = F(Int64(row * row + 1))
            try assignment.enable(config.step, row: row)
            try assignment.assignAdvice(config.b, row: row, b)
            sum = sum + b
            if row + 1 < assignment.usableRows { try assignment.assignAdvice(config.a, row: row + 1, sum) }
        }
    }
}
