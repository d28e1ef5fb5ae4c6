import Plonkish

/// A circuit whose proof exercises every term of the proof size: an instance column (committed by IPA), a fixed
/// column, a gate reading the next row (so one column is opened at two points), two lookups sharing a table and a
/// third into another table, and a copy from the instance into the advice.
///
/// Row r holds a = x_r, b = x_{r+1}, c = a·b + f with f = r mod 16 fixed; x_r < 16.
struct CostModelTestCircuit<F: FFTField>: Circuit {
    typealias Field = F

    struct Config {
        let a: Column, b: Column, c: Column
        let f: Column
        let instance: Column
        let step: Selector
        let small: Column, byte: Column
    }

    let rows: Int

    var values: [UInt64] { (0...rows).map { UInt64(($0 * 7 + 3) % 16) } }
    var instances: [[F]] { [[F(word: values[0])]] }

    func configure(_ cs: inout ConstraintSystem<F>) -> Config {
        let a = cs.adviceColumn(), b = cs.adviceColumn(), c = cs.adviceColumn()
        let f = cs.fixedColumn()
        let instance = cs.instanceColumn()
        let step = cs.selector()
        let small = cs.tableColumn(), byte = cs.tableColumn()
        cs.enableEquality(a)
        cs.enableEquality(instance)
        let q: Expression<F> = step.query()
        let aNext: Expression<F> = a.query(1)
        let aNow: Expression<F> = a.query(), bNow: Expression<F> = b.query(), cNow: Expression<F> = c.query()
        let fNow: Expression<F> = f.query()
        cs.createGate("chain", [("next a is b", q * (aNext - bNow)), ("c = a·b + f", q * (cNow - aNow * bNow - fNow))])
        cs.lookup("a is small", inputs: [aNow], table: [small])
        cs.lookup("b is small", inputs: [bNow], table: [small])
        cs.lookup("c is a byte", inputs: [cNow], table: [byte])
        return Config(a: a, b: b, c: c, f: f, instance: instance, step: step, small: small, byte: byte)
    }

    func synthesize(_ config: Config, _ assignment: Assignment<F>) throws {
        for v in 0..<16 { try assignment.assignFixed(config.small, row: v, F(word: UInt64(v))) }
        for v in 0..<256 { try assignment.assignFixed(config.byte, row: v, F(word: UInt64(v))) }
        let x = values
        for r in 0..<rows {
            try assignment.enable(config.step, row: r)
            let f = UInt64(r % 16)
            try assignment.assignFixed(config.f, row: r, F(word: f))
            try assignment.assignAdvice(config.a, row: r, F(word: x[r]))
            try assignment.assignAdvice(config.b, row: r, F(word: x[r + 1]))
            try assignment.assignAdvice(config.c, row: r, F(word: x[r] * x[r + 1] + f))
        }
        try assignment.assignAdvice(config.a, row: rows, F(word: x[rows]))
        try assignment.copy(Cell(config.instance, 0), Cell(config.a, 0))
    }
}
