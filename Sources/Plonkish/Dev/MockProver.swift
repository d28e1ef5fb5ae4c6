/// Checks a circuit's witness against its constraint system cell by cell, without commitments or a transcript:
/// every gate on every row, every lookup input against its table, every copy constraint. It fails where a real
/// proof would fail, but says where and why.
///
/// The advice cells of the unusable rows (from `usableRows` on) are random in a real proof, so here they are
/// unknown ("poison"): a constraint that reads them must vanish whatever they hold. `verify` tests that with two
/// independent random fillings of those rows.
public struct MockProver<F: FFTField> {
    public let constraintSystem: ConstraintSystem<F>
    public let k: Int
    public let n: Int
    public let usableRows: Int
    /// Advice values by column; the unusable rows hold zero here and are filled randomly by `verify`.
    public let advice: [[F]]
    public let fixed: [[F]]
    /// Instance values by column, padded with zeros to n rows.
    public let instances: [[F]]
    /// The circuit's challenges by index, drawn as halo2's MockProver draws them.
    public let challenges: [F]
    public let copies: [(Cell, Cell)]
    let adviceAssigned: [[Bool]]
    /// Lookup tables as sets and copy constraints by cell, built on first use and shared by the provers
    /// `withWitness(of:)` makes, whose tables and copies are this one's.
    var index = MockProverIndex<F>()

    /// Configures the circuit and synthesizes its witness once per phase, each phase seeing the challenges of the
    /// earlier ones. Throws `PlonkError` for an invalid constraint system, too few rows, instance values of the
    /// wrong shape, or a synthesis error.
    public static func run<C: Circuit>(k: Int, circuit: C, instances: [[F]]) throws -> MockProver<F>
    where C.Field == F {
        var cs = ConstraintSystem<F>()
        let config = circuit.configure(&cs)
        do { try cs.validate() } catch { throw PlonkError.constraintSystem(error) }
        let shape = try ProtocolShape(cs, k: k, commitsInstances: false)
        guard shape.n >= shape.blindingFactors + 3 else {
            throw PlonkError.notEnoughRows(k: k, minimumK: try Keygen.minimumK(for: cs, commitsInstances: false))
        }
        let n = shape.n, u = shape.usableRows
        guard instances.count == cs.instanceCount else {
            throw PlonkError.instanceShape("the circuit has \(cs.instanceCount) instance columns, \(instances.count) given")
        }
        for (index, column) in instances.enumerated() where column.count > u {
            throw PlonkError.instanceShape("instance column \(index) has \(column.count) values, at most \(u) fit")
        }

        let challenges = drawChallenges(count: cs.challengePhases.count)
        let assignment = Assignment<F>(purpose: .everything, cs: cs, n: n, usableRows: u, phase: 0, challenges: [:])
        try synthesizePhases(circuit, config, cs: cs, into: assignment, challenges: challenges)
        do {
            try assignment.fillTableDefaults(cs.tableColumns)
        } catch {
            throw PlonkError.synthesis(error)
        }

        return MockProver(
            constraintSystem: cs, k: k, n: n, usableRows: u, advice: assignment.advice, fixed: assignment.fixed,
            instances: instances.map { $0 + [F](repeating: .zero, count: n - $0.count) },
            challenges: challenges, copies: assignment.copies, adviceAssigned: assignment.adviceAssigned)
    }

    /// halo2's MockProver challenges: h₀ = Blake2b-512("Halo2-MockProver"), h_{i+1} = Blake2b-512(h_i), and
    /// challenge i is h_{i+1} reduced mod p.
    static func drawChallenges(count: Int) -> [F] {
        var hash = Blake2b.hash(Array("Halo2-MockProver".utf8))
        return (0..<count).map { _ in
            hash = Blake2b.hash(hash)
            return F(uniformBytes: hash)
        }
    }

    /// Every failure, gates first (by gate, then row), then unassigned cells, lookups and copy constraints; empty
    /// when the witness satisfies the circuit.
    public func verify() -> [VerifyFailure<F>] {
        let (first, second) = poisonedAdvice()
        // X on row i is ω^i, for the rare gate that uses X itself.
        let omega = F.rootOfUnity(log2Order: k)
        var xs = [F](repeating: .one, count: n)
        for row in 1..<n { xs[row] = xs[row - 1] * omega }
        return gateFailures(first, second, xs, rows: 0..<n) + unassignedCells() + lookupFailures(first, xs, rows: 0..<usableRows)
            + copyFailures(copies.indices)
    }

    /// The witness twice, its unusable rows filled with two independent random draws (a real proof's blinding).
    func poisonedAdvice() -> (first: [[F]], second: [[F]]) {
        var first = advice, second = advice
        for column in advice.indices {
            for row in usableRows..<n {
                first[column][row] = .random()
                second[column][row] = .random()
            }
        }
        return (first, second)
    }

    /// The same circuit with the advice another circuit of the same layout synthesizes (a perturbed witness, say):
    /// constraint system, fixed columns, copy constraints, instances and challenges stay this prover's. Costs one
    /// witness generation, no fixed columns or tables.
    public func withWitness<C: Circuit>(of circuit: C) throws -> MockProver<F> where C.Field == F {
        var cs = ConstraintSystem<F>()
        let config = circuit.configure(&cs)
        let assignment = Assignment<F>(purpose: .witness, cs: cs, n: n, usableRows: usableRows, phase: 0,
                                       challenges: [:])
        try Self.synthesizePhases(circuit, config, cs: cs, into: assignment, challenges: challenges)
        return withAdvice(assignment.advice)
    }

    /// Synthesizes `circuit` once per phase into `assignment`, each phase seeing the challenges of the earlier ones.
    static func synthesizePhases<C: Circuit>(
        _ circuit: C, _ config: C.Config, cs: ConstraintSystem<F>, into assignment: Assignment<F>, challenges: [F]
    ) throws where C.Field == F {
        let lastPhase = max(cs.advicePhases.max() ?? 0, cs.challengePhases.max() ?? 0)
        do {
            for phase in 0...lastPhase {
                assignment.phase = phase
                var known: [Int: F] = [:]
                for (index, challengePhase) in cs.challengePhases.enumerated() where challengePhase < phase {
                    known[index] = challenges[index]
                }
                assignment.challengeValues = known
                // Every pass records the same copies; keep one pass's worth.
                assignment.copies = []
                try circuit.synthesize(config, assignment)
            }
        } catch let error as SynthesisError {
            throw PlonkError.synthesis(error)
        }
    }

    /// The same circuit with `advice` as its witness.
    public func withAdvice(_ advice: [[F]]) -> MockProver<F> {
        MockProver(constraintSystem: constraintSystem, k: k, n: n, usableRows: usableRows, advice: advice, fixed: fixed,
                   instances: instances, challenges: challenges, copies: copies, adviceAssigned: adviceAssigned,
                   index: index)
    }

    /// The failures `verify()` reports that involve the given advice cells of usable rows: the gates and lookups of
    /// every row that reads one of them, and the copy constraints that hold one. For a witness that differs from a
    /// satisfying one in `cells` only, this is every failure, at a cost proportional to the change rather than to
    /// the circuit.
    public func failures(involving cells: [Cell]) -> [VerifyFailure<F>] {
        let rotations = index.adviceRotations(constraintSystem)
        var rows = Set<Int>()
        var copyIndices = Set<Int>()
        let copiesByCell = index.copiesByCell(copies)
        for cell in cells {
            for rotation in rotations { rows.insert(wrapped(cell.row - rotation)) }
            copyIndices.formUnion(copiesByCell[cell] ?? [])
        }
        let sortedRows = rows.sorted()
        let omega = F.rootOfUnity(log2Order: k)
        let xs = sortedRows.map { omega.pow(UInt64($0)) }
        // The unusable rows are filled at random only when a checked row reads them: a copy of the whole witness
        // per call would cost more than the check.
        let readsUnusable = sortedRows.contains { row in rotations.contains { wrapped(row + $0) >= usableRows } }
        let (first, second) = readsUnusable ? poisonedAdvice() : (advice, advice)
        return gateFailures(first, second, xs, rows: sortedRows)
            + lookupFailures(first, xs, rows: sortedRows.filter { $0 < usableRows })
            + copyFailures(copyIndices.sorted())
    }

    @inline(__always)
    func wrapped(_ row: Int) -> Int { ((row % n) + n) % n }

    func value(_ query: PolynomialQuery, row: Int, advice: [[F]]) -> F {
        let r = wrapped(row + query.rotation)
        switch query.polynomial {
        case let .advice(i): return advice[i][r]
        case let .fixed(i): return fixed[i][r]
        case let .instance(i): return instances[i][r]
        case .firstRow: return r == 0 ? .one : .zero
        case .lastRow: return r == usableRows ? .one : .zero
        case .activeRows: return r < usableRows ? .one : .zero
        default: return .zero
        }
    }

    func evaluate(_ expression: Expression<F>, row: Int, advice: [[F]], x: F) -> F {
        expression.evaluate(
            query: { value($0, row: row, advice: advice) },
            challenge: { challenge in
                if case let .user(index) = challenge { return challenges[index] }
                return .zero
            },
            x: x)
    }

    /// Gate failures on `rows`; `xs[i]` is X on the i-th of them.
    func gateFailures<R: Collection<Int>>(_ first: [[F]], _ second: [[F]], _ xs: [F], rows: R) -> [VerifyFailure<F>] {
        var failures: [VerifyFailure<F>] = []
        for gate in constraintSystem.gates {
            for constraint in gate.constraints {
                let queries = constraint.expression.queries
                let adviceRotations = Set(queries.compactMap { q -> Int? in
                    if case .advice = q.polynomial { return q.rotation }
                    return nil
                })
                for (position, row) in rows.enumerated() {
                    let a = evaluate(constraint.expression, row: row, advice: first, x: xs[position])
                    let readsPoison = adviceRotations.contains { wrapped(row + $0) >= usableRows }
                    if !readsPoison {
                        if !a.isZero {
                            failures.append(.constraintNotSatisfied(
                                gate: gate.name, constraint: constraint.name, row: row,
                                cells: cells(queries, row: row)))
                        }
                        continue
                    }
                    let b = evaluate(constraint.expression, row: row, advice: second, x: xs[position])
                    if a.isZero && b.isZero { continue }
                    // A value that moves with the unknown cells depends on them; one that does not is simply wrong.
                    let cells = cells(queries, row: row)
                    failures.append(a == b
                        ? .constraintNotSatisfied(gate: gate.name, constraint: constraint.name, row: row, cells: cells)
                        : .constraintPoisoned(gate: gate.name, constraint: constraint.name, row: row, cells: cells))
                }
            }
        }
        return failures
    }

    func cells(_ queries: [PolynomialQuery], row: Int) -> [QueriedCell<F>] {
        queries.compactMap { query in
            let r = wrapped(row + query.rotation)
            let column: Column
            switch query.polynomial {
            case let .advice(i): column = Column(.advice, i)
            case let .fixed(i): column = Column(.fixed, i)
            case let .instance(i): column = Column(.instance, i)
            default: return nil
            }
            let known = column.kind != .advice || r < usableRows
            return QueriedCell(column: column, rotation: query.rotation, row: r,
                               value: known ? value(query, row: row, advice: advice) : nil)
        }
    }

    /// Advice cells of usable rows read by a gate whose selectors are all on, but never assigned. Gates without a
    /// selector are skipped: nothing says where they are meant to be active.
    func unassignedCells() -> [VerifyFailure<F>] {
        let selectors = Set(constraintSystem.selectorColumns)
        var failures: [VerifyFailure<F>] = []
        for gate in constraintSystem.gates {
            var selectorQueries: [PolynomialQuery] = []
            var adviceQueries: [(column: Int, rotation: Int)] = []
            var seen = Set<PolynomialQuery>()
            for constraint in gate.constraints {
                constraint.expression.visitQueries { query in
                    guard seen.insert(query).inserted else { return }
                    switch query.polynomial {
                    case let .fixed(i) where selectors.contains(Column(.fixed, i)): selectorQueries.append(query)
                    case let .advice(i): adviceQueries.append((i, query.rotation))
                    default: break
                    }
                }
            }
            if selectorQueries.isEmpty { continue }
            for row in 0..<usableRows {
                guard selectorQueries.allSatisfy({ !value($0, row: row, advice: advice).isZero }) else { continue }
                for (column, rotation) in adviceQueries {
                    let r = wrapped(row + rotation)
                    if r < usableRows && !adviceAssigned[column][r] {
                        failures.append(.cellNotAssigned(gate: gate.name, row: row, cell: Cell(Column(.advice, column), r)))
                    }
                }
            }
        }
        return failures
    }

    /// Each lookup's input tuple on each of `rows` (usable ones) must be one of its table's tuples on the usable
    /// rows; `xs[i]` is X on the i-th row.
    func lookupFailures<R: Collection<Int>>(_ advice: [[F]], _ xs: [F], rows: R) -> [VerifyFailure<F>] {
        var failures: [VerifyFailure<F>] = []
        for lookup in constraintSystem.lookups {
            let table = index.table(lookup.table) {
                Set((0..<usableRows).map { row in lookup.table.map { fixed[$0.index][row] } })
            }
            for (position, row) in rows.enumerated() {
                let input = lookup.inputs.map { evaluate($0, row: row, advice: advice, x: xs[position]) }
                if !table.contains(input) {
                    failures.append(.lookupInputNotInTable(lookup: lookup.name, row: row, input: input))
                }
            }
        }
        return failures
    }

    func copyFailures<R: Sequence<Int>>(_ indices: R) -> [VerifyFailure<F>] {
        func value(_ cell: Cell) -> F {
            switch cell.column.kind {
            case .advice: advice[cell.column.index][cell.row]
            case .fixed: fixed[cell.column.index][cell.row]
            case .instance: instances[cell.column.index][cell.row]
            }
        }
        return indices.compactMap { i in
            let (a, b) = copies[i]
            let (x, y) = (value(a), value(b))
            return x == y ? nil : .copyMismatch(a: a, aValue: x, b: b, bValue: y)
        }
    }
}

/// What `MockProver` derives from its fixed part once: lookup tables as sets, copy constraints by cell, the rotations
/// at which gates and lookups read advice. A class so that provers sharing the fixed part share it.
final class MockProverIndex<F: FFTField>: @unchecked Sendable {
    private var tables: [[Column]: Set<[F]>] = [:]
    private var copies: [Cell: [Int]]?
    private var rotations: [Int]?

    func table(_ columns: [Column], _ build: () -> Set<[F]>) -> Set<[F]> {
        if let known = tables[columns] { return known }
        let table = build()
        tables[columns] = table
        return table
    }

    func copiesByCell(_ list: [(Cell, Cell)]) -> [Cell: [Int]] {
        if let copies { return copies }
        var byCell: [Cell: [Int]] = [:]
        for (i, (a, b)) in list.enumerated() {
            byCell[a, default: []].append(i)
            byCell[b, default: []].append(i)
        }
        copies = byCell
        return byCell
    }

    /// Every rotation at which a gate or lookup reads an advice column.
    func adviceRotations(_ cs: ConstraintSystem<F>) -> [Int] {
        if let rotations { return rotations }
        var found = Set<Int>()
        let expressions = cs.gates.flatMap { $0.constraints.map(\.expression) } + cs.lookups.flatMap(\.inputs)
        for expression in expressions {
            expression.visitQueries { query in
                if case .advice = query.polynomial { found.insert(query.rotation) }
            }
        }
        rotations = found.sorted()
        return rotations ?? []
    }
}
