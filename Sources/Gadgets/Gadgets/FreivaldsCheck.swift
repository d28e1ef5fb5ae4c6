import Plonkish

/// Freivalds' check of a matrix product Y = X·W (X m×n, W n×p, Y m×p) whose Y the prover placed as free witness
/// cells: far fewer rows than computing Y by dot products (about (m·n + m·p + n·p)/width instead of m·n·p/width).
///
/// After phase 0 (which commits X, Y and W, or holds W in fixed columns) the verifier draws two challenges, d for
/// rows and c for columns. Phase-1 advice then carries
///   a_k = Σ_i d^(m−1−i)·X_ik,  g_j = Σ_i d^(m−1−i)·Y_ij,  u_k = Σ_j c^(p−1−j)·W_kj,
/// each a Horner chain over one column of X or Y (challenge d) or one row of W (challenge c), and the circuit
/// proves Σ_j c^(p−1−j)·g_j − Σ_k a_k·u_k = 0. That sum is P(c, d) = Σ_ij d^(m−1−i)·c^(p−1−j)·(Y − X·W)_ij, a
/// polynomial fixed before c and d are drawn, of total degree at most m + p − 2. If Y ≠ X·W it is not the zero
/// polynomial, so by Schwartz–Zippel it vanishes at the random (c, d) with probability at most (m + p − 2)/|F|
/// (about 2^−240 for BN254 and any realistic layer). Every phase-1 cell is fixed by a gate given c and d, so the
/// prover has no freedom after the challenges; the chains' zero padding and starting values are copies of the zero
/// constant.
///
/// Layout: four phase-1 advice columns [acc_in, acc_out, x, y], all equality-enabled, beside the grid.
/// - Horner rows (one selector per challenge z): the grid's w cells v_0 … v_{w−1} and
///   acc_out = (…((acc_in·z + v_0)·z + v_1)…)·z + v_{w−1}; a chain of L values takes ⌈L/w⌉ rows, its first row
///   padded with leading zeros (which leave the Horner value unchanged).
/// - Fold rows: acc_out = acc_in·c + x, over the g_j.
/// - Accumulate rows: acc_out = acc_in − x·y, over the pairs (a_k, u_k); the last is a finish row, acc_in = x·y.
public struct FreivaldsCheck: Sendable, Hashable {
    public static var name: String { "Freivalds" }
    /// The phase-1 columns acc_in, acc_out, x, y.
    public let columns: [Column]
    public let rowChallenge: Challenge
    public let columnChallenge: Challenge
    let rowHorner: Selector
    let columnHorner: Selector
    let fold: Selector
    let accumulate: Selector
    let finish: Selector
    let width: Int

    public static func configure<F: FFTField>(_ cs: inout ConstraintSystem<F>, grid: Grid) -> FreivaldsCheck {
        let columns = (0..<4).map { _ in cs.adviceColumn(phase: 1) }
        for column in columns { cs.enableEquality(column) }
        let d = cs.challenge(usableAfter: 0), c = cs.challenge(usableAfter: 0)
        let (accIn, accOut, x, y): (Expression<F>, Expression<F>, Expression<F>, Expression<F>) =
            (columns[0].query(0), columns[1].query(0), columns[2].query(0), columns[3].query(0))
        func horner(_ challenge: Challenge, _ label: String) -> Selector {
            let selector = cs.selector()
            let z: Expression<F> = challenge.expression()
            let value = (0..<grid.width).reduce(accIn) { acc, s in acc * z + grid.cell(s) }
            cs.createGate("\(name) horner(\(label))",
                          [("\(name) horner(\(label)): acc_out = Horner(acc_in, v; \(label))",
                            selector.query() * (accOut - value))])
            return selector
        }
        let rowHorner = horner(d, "d"), columnHorner = horner(c, "c")
        let fold = cs.selector(), accumulate = cs.selector(), finish = cs.selector()
        let cz: Expression<F> = c.expression()
        cs.createGate("\(name) fold", [("\(name) fold: acc_out = acc_in·c + x", fold.query() * (accOut - accIn * cz - x))])
        cs.createGate("\(name) accumulate",
                      [("\(name) accumulate: acc_out = acc_in − x·y", accumulate.query() * (accOut - accIn + x * y))])
        cs.createGate("\(name) finish", [("\(name) finish: acc_in = x·y", finish.query() * (accIn - x * y))])
        return FreivaldsCheck(columns: columns, rowChallenge: d, columnChallenge: c, rowHorner: rowHorner,
                              columnHorner: columnHorner, fold: fold, accumulate: accumulate, finish: finish,
                              width: grid.width)
    }

    /// Rows the check takes for an m×n by n×p product.
    public func rows(m: Int, n: Int, p: Int) -> Int {
        let chain = { (length: Int) in max(1, (length + width - 1) / width) }
        return (n + p) * chain(m) + n * chain(p) + p + n
    }

    /// Proves y = x·w for row-major x (m×n), w (n×p) and y (m×p).
    public func check<F: FFTField>(
        x: [CellRef], w: [CellRef], y: [CellRef], m: Int, n: Int, p: Int, in layouter: Layouter<F>
    ) throws {
        guard m > 0, n > 0, p > 0, x.count == m * n, w.count == n * p, y.count == m * p else {
            throw GadgetError.invalidShape(layer: layouter.layer, operation: Self.name,
                                           reason: "x \(x.count), w \(w.count), y \(y.count) cells for \(m)×\(n)·\(n)×\(p)")
        }
        let zero = try layouter.constant(0)
        let d = layouter.challenge(rowChallenge), c = layouter.challenge(columnChallenge)
        func column(_ cells: [CellRef], _ index: Int, stride: Int, count: Int) -> [CellRef] {
            (0..<count).map { cells[$0 * stride + index] }
        }
        let a = try (0..<n).map { k in
            try chain(column(x, k, stride: n, count: m), rowHorner, d, zero: zero, in: layouter)
        }
        let g = try (0..<p).map { j in
            try chain(column(y, j, stride: p, count: m), rowHorner, d, zero: zero, in: layouter)
        }
        let u = try (0..<n).map { k in try chain(Array(w[(k * p)..<((k + 1) * p)]), columnHorner, c, zero: zero, in: layouter) }

        var acc: (cell: CellRef, value: F?) = (zero, c == nil ? nil : .zero)
        for term in g {
            let row = try layouter.beginRow(Self.name, selector: fold)
            try link(acc.cell, acc.value, to: 0, row: row, in: layouter)
            try link(term.cell, term.value, to: 2, row: row, in: layouter)
            let next: F? = if let c, let v = acc.value, let t = term.value { v * c + t } else { nil }
            acc = (try layouter.assignField(columns[1], row: row, next), next)
        }
        for k in 0..<n {
            let last = k == n - 1
            let row = try layouter.beginRow(Self.name, selector: last ? finish : accumulate)
            try link(acc.cell, acc.value, to: 0, row: row, in: layouter)
            try link(a[k].cell, a[k].value, to: 2, row: row, in: layouter)
            try link(u[k].cell, u[k].value, to: 3, row: row, in: layouter)
            guard !last else { break }
            let next: F? = if let v = acc.value, let x = a[k].value, let y = u[k].value { v - x * y } else { nil }
            acc = (try layouter.assignField(columns[1], row: row, next), next)
        }
    }

    /// Copies a phase-1 (or constant) cell into phase-1 column `index` of `row`.
    func link<F: FFTField>(_ cell: CellRef, _ value: F?, to index: Int, row: Int, in layouter: Layouter<F>) throws {
        let placed = try layouter.assignField(columns[index], row: row, value)
        try layouter.constrainEqual(cell, placed)
    }

    /// The Horner value Σ_t z^(L−1−t)·v_t of `cells` by rows of `width`, its first row padded in front with zeros.
    func chain<F: FFTField>(
        _ cells: [CellRef], _ selector: Selector, _ z: F?, zero: CellRef, in layouter: Layouter<F>
    ) throws -> (cell: CellRef, value: F?) {
        let rows = max(1, (cells.count + width - 1) / width)
        let lead = rows * width - cells.count
        var acc: (cell: CellRef, value: F?) = (zero, z == nil ? nil : .zero)
        for r in 0..<rows {
            let row = try layouter.beginRow(Self.name, selector: selector)
            try link(acc.cell, acc.value, to: 0, row: row, in: layouter)
            var value = acc.value
            for s in 0..<width {
                let index = r * width + s - lead
                let placed = try layouter.copy(index >= 0 ? cells[index] : zero, to: s, row: row)
                if let z, let v = value { value = v * z + F(placed.value) }
            }
            acc = (try layouter.assignField(columns[1], row: row, value), value)
        }
        return acc
    }
}
