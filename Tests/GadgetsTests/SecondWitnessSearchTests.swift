import Gadgets
import Plonkish
import Testing

/// Second-witness searches (issue 20): for each gadget that computes a value, its input cells (the copied inputs,
/// the divisor, the bias) are fixed and every other cell of an operation's row is searched for an assignment that
/// satisfies every gate and lookup of the row with an output other than the honest one. None may exist.
///
/// The search (`SecondWitnessSearch`) evaluates the configured constraint system's own expressions and lookup
/// inputs on the row. Unless a test says otherwise it runs with propagation, which makes it complete over the whole
/// field for every searched cell: each cell is either pinned by a lookup (its candidates are the preimages of every
/// table tuple) or determined by a gate once the others are chosen (the root of a linear constraint, the roots of a
/// quadratic one). The tests require that no cell fell back to the finite window. Each test first checks, on one
/// row, that the evaluator and the MockProver agree (both accept the honest row, both reject a changed output with
/// the same failures), so an evaluator that accepted everything could not pass.
///
/// Tables: 64 entries at scale factor 8 (range 0…63, function domain −32…31) unless a test says otherwise.
struct SecondWitnessSearchTests {
    static let sizing = TableSizing(size: 64, scaleFactor: 8)
    static let k = 9

    /// Totals of one test's searches, printed for the record.
    struct Tally {
        var searches = 0, candidates = 0, solutions = 0

        mutating func add(_ result: SecondWitnessSearch.Result) {
            searches += 1
            candidates += result.candidates
            solutions += result.solutionCount
        }

        func report(_ name: String) {
            print("second-witness search \(name): \(searches) searches, \(candidates) candidates, \(solutions) solutions")
        }
    }

    /// Runs `operation`, checks its outputs against `expected`, checks the evaluator against the MockProver on the
    /// first output's row, then searches the slot of every output. `slot` names, from an output cell's column, the
    /// columns searched and the output columns among them.
    @discardableResult
    static func searchOutputs(
        _ name: String, _ operation: GadgetOperation, columns: Int, sizing: TableSizing = sizing, expected: [Int64],
        slot: (Int) -> (variables: [Int], outputs: [Int]), sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Tally {
        let circuit = GadgetTestCircuit<Fr>(columns: columns, sizing: sizing, operation)
        let searched = try SearchedCircuit(circuit, k: k)
        #expect(searched.prover.verify().isEmpty, "\(name): honest witness rejected", sourceLocation: sourceLocation)
        let outputs = circuit.run.outputs
        #expect(outputs.map(\.value) == expected, "\(name)", sourceLocation: sourceLocation)
        let first = try #require(outputs.first)
        try searched.expectEvaluatorAgrees(row: first.row, moving: first.column.index, sourceLocation: sourceLocation)
        var tally = Tally()
        let window = SecondWitnessSearch.window(sizing)
        for (index, output) in outputs.enumerated() {
            let (variables, outputColumns) = slot(output.column.index)
            tally.add(try searched.expectNoSecondWitness(
                row: output.row, variables: variables, outputs: outputColumns, window: window,
                "\(name), operation \(index) (output \(output.value))", sourceLocation: sourceLocation))
        }
        return tally
    }

    /// Runs `operation` and searches the last column of every gadget row (the row's sum or dot product).
    static func searchRows(
        _ name: String, _ operation: GadgetOperation, columns: Int, expected: [Int64],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Tally {
        let circuit = GadgetTestCircuit<Fr>(columns: columns, sizing: sizing, operation)
        let searched = try SearchedCircuit(circuit, k: k)
        #expect(searched.prover.verify().isEmpty, "\(name): honest witness rejected", sourceLocation: sourceLocation)
        #expect(circuit.run.outputs.map(\.value) == expected, "\(name)", sourceLocation: sourceLocation)
        let rows = searched.checks.gadgetRows
        let z = columns - 1
        if let row = rows.first { try searched.expectEvaluatorAgrees(row: row, moving: z, sourceLocation: sourceLocation) }
        var tally = Tally()
        for row in rows {
            tally.add(try searched.expectNoSecondWitness(
                row: row, variables: [z], outputs: [z], window: SecondWitnessSearch.window(sizing), "\(name), row \(row)",
                sourceLocation: sourceLocation))
        }
        return tally
    }

    /// Numerators for division by b: zero, ±1, the ties ±b/2 and ±3b/2, and the extremes whose rounded quotient is
    /// the lowest and highest of `quotients`; only those whose quotient lies in `quotients`.
    static func numerators(_ b: Int64, quotients: ClosedRange<Int64>) -> [Int64] {
        let lowest = -(b * (2 * -quotients.lowerBound + 1)) / 2  // smallest a with q = lower bound
        let highest = (b * (2 * quotients.upperBound + 1) - 1) / 2  // largest a with q = upper bound
        let values: [Int64] = [0, 1, -1, b / 2, -(b / 2), 3 * b / 2, -(3 * b / 2), lowest, highest, lowest + 1,
                               highest - 1, lowest - 1, highest + 1]
        var seen = Set<Int64>()
        return values.filter { quotients.contains(expectedRoundedDivision($0, b)) && seen.insert($0).inserted }
    }

    // MARK: Division and rescaling

    /// VarDivRound, 7 columns (two operations and the divisor per row), divisors 1, 2, 3, 7, 16 and 32 (the largest
    /// the 64-entry table allows), numerators from `numerators` (ties, both ends of the quotient's range −32…31).
    /// Searched: q and r of each operation, over all of F (r pinned by its lookup, q then by the gate).
    @Test("VarDivRound: no second (q, r) for any numerator, divisor, tie or range end")
    func varDivRound() throws {
        var tally = Tally()
        for b: Int64 in [1, 2, 3, 7, 16, 32] {
            let a = Self.numerators(b, quotients: Self.sizing.functionDomain)
            let t = try Self.searchOutputs("VarDivRound b = \(b)", .varDivRound(a, divisor: b), columns: 7,
                                           expected: a.map { expectedRoundedDivision($0, b) }) { q in ([q, q + 1], [q]) }
            tally.searches += t.searches
            tally.candidates += t.candidates
            tally.solutions += t.solutions
        }
        tally.report("VarDivRound")
    }

    /// VarDivRound by plain enumeration, no propagation (the DivisionSoundnessTests forgery, generalized): q ranges
    /// over the window (integers −128…128, ±½·(1, 3, 5, 7), ±(2^63 − 1)) plus the field quotient (2a + b − r')/(2b)
    /// for every r' in −128…128; r over the window. Cross-checks the propagating search.
    @Test("VarDivRound: plain enumeration of q × r, field quotients included, finds only the honest pair",
          arguments: [(Int64(5), Int64(3)), (-3, 2), (-5, 2), (100, 7), (-1040, 32), (1007, 32)])
    func varDivRoundPlain(a: Int64, b: Int64) throws {
        let circuit = GadgetTestCircuit<Fr>(columns: 4, sizing: Self.sizing, .varDivRound([a], divisor: b))
        let searched = try SearchedCircuit(circuit, k: Self.k)
        let q = try #require(circuit.run.outputs.first)
        #expect(q.value == expectedRoundedDivision(a, b))
        let window = SecondWitnessSearch.window(Self.sizing)
        let size = Int64(Self.sizing.size)
        let quotients = (-2 * size...2 * size).map { DivisionSoundnessTests.fieldQuotient(a, b, $0) }
        let result = try searched.expectNoSecondWitness(
            row: q.row, variables: [q.column.index, q.column.index + 1], outputs: [q.column.index], window: window,
            windows: [q.column.index: window + quotients], propagate: false, "VarDivRound \(a)/\(b) plain")
        #expect(result.solutionCount == 1)
        Tally(searches: 1, candidates: result.candidates, solutions: result.solutionCount).report("VarDivRound \(a)/\(b) plain")
    }

    /// VarDivRoundBig with 1, 2 and 3 limbs, two operations per row. Tables: 64 entries for one limb (divisors 1, 2,
    /// 5, 32; quotients −32…31), 16 for two (divisors 1, 7, 17, 128; quotients −128…127), 4 for three (divisors 1,
    /// 3, 17, 32; quotients −32…31), small enough that every limb ranges over its whole table. Searched: q, every
    /// limb of r, t and u, and the divisor's limbs, over all of F.
    @Test("VarDivRoundBig: no second quotient, remainder or limb decomposition", arguments: [1, 2, 3])
    func varDivRoundBig(limbs: Int) throws {
        let size = [1: 64, 2: 16, 3: 4][limbs] ?? 4
        let sizing = TableSizing(size: size, scaleFactor: 2)
        let divisors: [Int64] = [1: [1, 2, 5, 32], 2: [1, 7, 17, 128], 3: [1, 3, 17, 32]][limbs] ?? []
        let capacity = (0..<limbs).reduce(Int64(1)) { acc, _ in acc * Int64(size) }
        let h = capacity / Int64(size) * Int64(size / 2)
        let opWidth = 2 + 3 * limbs, columns = 2 * opWidth + limbs + 1
        let divisorLimbs = Array((columns - 1 - limbs)..<(columns - 1))
        var tally = Tally()
        for b in divisors {
            let a = Self.numerators(b, quotients: -h...(capacity - 1 - h))
            let t = try Self.searchOutputs("VarDivRoundBig\(limbs) b = \(b)", .varDivRoundBig(a, divisor: b, limbs: limbs),
                                           columns: columns, sizing: sizing,
                                           expected: a.map { expectedRoundedDivision($0, b) }) { q in
                (Array(q..<(q + 1 + 3 * limbs)) + divisorLimbs, [q])
            }
            tally.searches += t.searches
            tally.candidates += t.candidates
            tally.solutions += t.solutions
        }
        tally.report("VarDivRoundBig\(limbs)")
    }

    /// BiasDivRound at sf = 8 without activation and with ReLU, ReLU6 and tanh, two operations per row; x at the
    /// ties ±4, ±12, ±1, 0 and at both ends of the function domain after the bias (−3, 0 or 5). Searched: div, mod
    /// and the activation's output, over all of F.
    @Test("BiasDivRound: no second (div, mod, out)", arguments: [nil, NonlinearFunction.relu, .relu6, .tanh])
    func biasDivRound(activation: NonlinearFunction?) throws {
        let sf = Self.sizing.scaleFactor, domain = Self.sizing.functionDomain
        var pairs: [(x: Int64, bias: Int64)] = []
        for bias: Int64 in [-3, 0, 5] {
            let quotients = (domain.lowerBound - bias)...(domain.upperBound - bias)
            for x in Self.numerators(sf, quotients: quotients) + [4, -4, 12, -12] { pairs.append((x, bias)) }
        }
        pairs = pairs.filter { domain.contains(expectedRoundedDivision($0.x, sf) + $0.bias) }
        let expected = pairs.map { pair in
            let div = expectedRoundedDivision(pair.x, sf) + pair.bias
            return activation.map { $0.value(div, scaleFactor: sf) } ?? div
        }
        let width = activation == nil ? 4 : 5
        let tally = try Self.searchOutputs(
            BiasDivRound.name(activation: activation), .biasDivRound(pairs.map(\.x), bias: pairs.map(\.bias),
                                                                     activation: activation),
            columns: 2 * width, expected: expected) { out in
            let base = out - (activation == nil ? 2 : 4)
            let cells = Array((base + 2)..<(base + width))
            return (cells, activation == nil ? [base + 2] : [base + 2, base + 4])
        }
        tally.report(BiasDivRound.name(activation: activation))
    }

    // MARK: Max, ReLU, function tables, range checks

    /// Max of pairs, two per row: distinct values both ways round, ties, zero, and differences of 0 and 63 (the
    /// range's ends). Searched: m over all of F (pinned by the lookup of m − a).
    @Test("Max: no second maximum")
    func max() throws {
        let pairs: [(Int64, Int64)] = [(-5, 3), (3, -5), (0, 0), (7, 7), (-20, -20), (-32, 31), (31, -32), (0, 63),
                                       (63, 0), (-1, 0), (1000, 990)]
        try Self.searchOutputs("Max", .maxPairs(pairs.map(\.0), pairs.map(\.1)), columns: 6,
                               expected: pairs.map { Swift.max($0.0, $0.1) }) { m in ([m], [m]) }
            .report("Max")
    }

    /// ReluBits with 6 bits (8 columns, domain −32…31): both ends of the domain, −1, 0, 1 and a few inside.
    /// Searched: y and all six bits over all of F (each bit by the roots of b(b − 1), the last by the composition).
    @Test("ReluBits: no second output or bit decomposition")
    func reluBits() throws {
        let x: [Int64] = [-32, -31, -7, -1, 0, 1, 12, 30, 31]
        try Self.searchOutputs("ReluBits", .reluBits(x), columns: 8, expected: x.map { Swift.max($0, 0) }) { y in
            (Array(y..<(y + 7)), [y])
        }.report("ReluBits")
    }

    /// Every function the code has a table for, at every input of the domain (−32…31), two operations per row.
    /// Searched: y over all of F (its candidates are the table's tuples whose input matches).
    @Test("FunctionLookup: no second output at any input of any table", arguments: NonlinearFunction.allCases)
    func functionLookup(function: NonlinearFunction) throws {
        let x = Array(Self.sizing.functionDomain)
        try Self.searchOutputs("Lookup(\(function))", .function(function, x), columns: 4,
                               expected: x.map { function.value($0, scaleFactor: Self.sizing.scaleFactor) }) { y in
            ([y], [y])
        }.report("Lookup(\(function))")
    }

    /// RangeCheck has no output: its claim is the set of values it accepts. The checked cell itself is searched,
    /// over all of F by the lookup's preimages and, separately, over the window (integers −128…128, ±½·(1, 3, 5, 7),
    /// ±(2^63 − 1)) by plain enumeration; both must find exactly [lo, lo + 64).
    @Test("RangeCheck accepts exactly its range", arguments: [Int64(0), -32, 7])
    func rangeCheck(lowerBound: Int64) throws {
        let circuit = GadgetTestCircuit<Fr>(columns: 3, sizing: Self.sizing, .rangeCheck([lowerBound + 5], lowerBound: lowerBound))
        let searched = try SearchedCircuit(circuit, k: Self.k)
        #expect(searched.prover.verify().isEmpty)
        let row = try #require(searched.checks.gadgetRows.first)
        // The checked cell is copied from the witness cell; here it is the variable.
        try searched.expectEvaluatorAgrees(row: row, moving: 0, by: Fr(Int64(100)))
        let accepted = Set((lowerBound..<(lowerBound + Int64(Self.sizing.size))).map { Fr($0) })
        var tally = Tally()
        for propagate in [true, false] {
            let search = SecondWitnessSearch(evaluator: searched.checks.row(row), variables: [0], outputs: [],
                                             window: SecondWitnessSearch.window(Self.sizing), propagate: propagate)
            let result = search.run()
            tally.add(result)
            #expect(Set(result.solutions.map { $0[0] }) == accepted, "propagate \(propagate)")
            #expect(result.solutionCount == accepted.count)
            if propagate { #expect(result.windowed.isEmpty) }
        }
        tally.report("RangeCheck lo = \(lowerBound)")
    }

    // MARK: Arithmetic

    static let operands: [(Int64, Int64)] = [(0, 0), (1, -1), (-7, 3), (31, -32), (-32, -32), (63, 1), (1000, -999),
                                             (3_037_000_499, -3), (-3_037_000_499, 2)]

    /// Square (4 columns), and AddPairs, SubPairs, MulPairs, SquaredDiff (6 columns): negative, zero, positive and
    /// large operands (squares near 2^63). Searched: the result over all of F (the gate is linear in it).
    @Test("Square and the pairwise gadgets: no second result")
    func arithmetic() throws {
        let a = Self.operands.map(\.0), b = Self.operands.map(\.1)
        let x = a + b.filter { $0 != -3 && $0 != 2 }
        try Self.searchOutputs("Square", .square(x), columns: 4, expected: x.map { $0 * $0 }) { y in ([y], [y]) }
            .report("Square")
        let pairwise: [(String, GadgetOperation, [Int64])] = [
            ("AddPairs", .addPairs(a, b), zip(a, b).map { $0 + $1 }),
            ("SubPairs", .subPairs(a, b), zip(a, b).map { $0 - $1 }),
            ("MulPairs", .mulPairs(a, b), zip(a, b).map { $0 * $1 }),
            ("SquaredDiff", .squaredDiff(Array(a.prefix(7)), Array(b.prefix(7))),
             zip(a.prefix(7), b.prefix(7)).map { ($0 - $1) * ($0 - $1) }),
        ]
        for (name, operation, expected) in pairwise {
            try Self.searchOutputs(name, operation, columns: 6, expected: expected) { c in ([c], [c]) }.report(name)
        }
    }

    /// Sum on 4 columns (three summands a row): one full row, a padded row, and a tree of rows whose last row is
    /// padded. Searched: z of every row over all of F, with any uncopied cell the row's gate reads (a padding slot
    /// written as a free cell would be one, and would be found).
    @Test("Sum: no second sum on any row, padded rows included")
    func sum() throws {
        for x: [Int64] in [[3, -4, 5], [7, -7], [1, 2, 3, 4, 5, 6, 7], [Int64(1) << 40, -1, 0, 9]] {
            try Self.searchRows("Sum \(x)", .sum(x), columns: 4, expected: [x.reduce(0, +)]).report("Sum \(x.count)")
        }
    }

    /// DotProduct on 8 columns (three pairs a row, column 6 unused, partial sums added by Sum rows) and
    /// DotProductWithBias on 8 and 9 columns (three pairs, bias, result; column 6 unused on 9). Lengths 2, 3 and 7
    /// (padded rows, chains). Searched: the result of every row over all of F, with any uncopied cell the gate reads.
    @Test("DotProduct and DotProductWithBias: no second result on any row")
    func dotProducts() throws {
        var rng = SplitMix64(seed: 2020)
        for length in [2, 3, 7] {
            let x = randomValues(length, in: -100...100, &rng), w = randomValues(length, in: -100...100, &rng)
            let dot = zip(x, w).map { $0 * $1 }.reduce(0, +)
            try Self.searchRows("DotProduct \(length)", .dotProduct(x, w), columns: 8, expected: [dot])
                .report("DotProduct \(length)")
            for columns in [8, 9] {
                try Self.searchRows("DotProductWithBias \(length)/\(columns)", .dotProductWithBias(x, w, bias: -17),
                                    columns: columns, expected: [dot - 17])
                    .report("DotProductWithBias \(length) on \(columns) columns")
            }
        }
    }

    // MARK: Freivalds

    static let freivaldsShape = (m: 3, n: 4, p: 2)

    /// X (m×n) and Y = X·W as witnesses, W as constants, and the circuit's Freivalds gadget and constraint system.
    static func freivaldsCircuit(_ yDelta: (index: Int, delta: Int64)? = nil) throws
        -> (circuit: LayerTestCircuit, check: FreivaldsCheck, cs: ConstraintSystem<Fr>, grid: Grid, x: Tensor<Int64>, w: Tensor<Int64>)
    {
        var rng = SplitMix64(seed: 4711)
        let (m, n, p) = freivaldsShape
        let x = try randomTensor([m, n], in: -50...50, &rng), w = try randomTensor([n, p], in: -50...50, &rng)
        var y = try Tensor<Int64>(shape: [m, p]) { i in (0..<n).reduce(0) { $0 + x[[i[0], $1]] * w[[$1, i[1]]] } }.elements
        if let (index, delta) = yDelta { y[index] += delta }
        let circuit = MatrixLayerTests.freivalds(x, w, try Tensor(shape: [m, p], elements: y))
        var cs = ConstraintSystem<Fr>()
        let gadgets = circuit.configure(&cs)
        return (circuit, try #require(gadgets.freivalds), cs, gadgets.grid, x, w)
    }

    /// The challenges d, c are drawn after phase 0 and every cell of X, Y and W is committed (or fixed) by then;
    /// every cell the gadget computes from the challenges is in a phase-1 column, and on every Freivalds row the
    /// computed cell (acc_out) is the only value a gate allows once c and d are known (searched over all of F).
    @Test("Freivalds: challenges follow the phase-0 columns; every phase-1 cell is determined")
    func freivaldsPhases() throws {
        let (circuit, check, cs, grid, _, _) = try Self.freivaldsCircuit()
        #expect(cs.challengePhases == [0, 0])
        #expect([check.rowChallenge.phase, check.columnChallenge.phase] == [0, 0])
        for column in grid.advice { #expect(cs.advicePhases[column.index] == 0, "grid \(column)") }
        for column in check.columns {
            #expect(cs.advicePhases[column.index] == 1, "\(column)")
            #expect(cs.equalityColumns.contains(column))
        }
        // Every gate that uses a challenge reads grid cells (X, Y, W's copies) of a phase at most the challenge's.
        for gate in cs.gates {
            for constraint in gate.constraints {
                for case let .user(index) in constraint.expression.challenges {
                    for query in constraint.expression.queries {
                        guard case let .advice(column) = query.polynomial else { continue }
                        let isGrid = grid.advice.contains(Column(.advice, column))
                        #expect(isGrid ? cs.advicePhases[column] <= cs.challengePhases[index]
                                : cs.advicePhases[column] > cs.challengePhases[index], "\(constraint.name)")
                    }
                }
            }
        }
        let searched = try SearchedCircuit(circuit, k: layerK)
        #expect(searched.prover.verify().isEmpty)
        let accOut = check.columns[1].index
        var tally = Tally()
        var agreed = false
        for row in searched.checks.gadgetRows {
            let evaluator = searched.checks.row(row)
            guard evaluator.checks.checks.contains(where: { evaluator.isSensitive($0, to: accOut) }) else { continue }
            if !agreed {
                try searched.expectEvaluatorAgrees(row: row, moving: accOut)
                agreed = true
            }
            let result = try searched.expectNoSecondWitness(row: row, variables: [accOut], outputs: [accOut],
                                                            window: SecondWitnessSearch.window(layerSizing),
                                                            "Freivalds row \(row)")
            #expect(result.solutionCount == 1)
            tally.add(result)
        }
        let (m, n, p) = Self.freivaldsShape
        #expect(tally.searches == (n + p) + n + p + (n - 1))  // chains, folds, accumulates (the finish row has no acc_out)
        tally.report("Freivalds rows (m, n, p) = (\(m), \(n), \(p))")
    }

    /// Schwartz–Zippel made concrete: for a product wrong by e in entry (i, j) alone, the finish constraint's value
    /// is P(c, d) = e·d^(m−1−i)·c^(p−1−j) at the MockProver's challenges, never zero for e ≠ 0 (c, d ≠ 0), so every
    /// such forgery fails, and only the finish gate fails. Every entry, e ∈ {1, −1, 1000}.
    @Test("Freivalds: a product wrong in any one entry fails, with P(c, d) as the finish constraint's value")
    func freivaldsSchwartzZippel() throws {
        let (m, _, p) = Self.freivaldsShape
        var forgeries = 0
        for entry in 0..<(m * p) {
            for e: Int64 in [1, -1, 1000] {
                let (circuit, check, _, _, _, _) = try Self.freivaldsCircuit((entry, e))
                let prover = try MockProver.run(k: layerK, circuit: circuit, instances: [])
                let failures = prover.verify()
                #expect(failures.map(\.gate) == ["Freivalds finish"], "\(failures.prefix(3))")
                let d = prover.challenges[check.rowChallenge.index], c = prover.challenges[check.columnChallenge.index]
                let (i, j) = (entry / p, entry % p)
                let expected = Fr(e) * d.pow(UInt64(m - 1 - i)) * c.pow(UInt64(p - 1 - j))
                let checks = try ConstraintChecks(prover)
                let finish = try #require(checks.checks.first { $0.name.hasPrefix("Freivalds finish") })
                let values = checks.gadgetRows.map { row in
                    let evaluator = checks.row(row)
                    return evaluator.value(finish.expressions[0], evaluator.honest)
                }.filter { !$0.isZero }
                #expect(values == [expected], "entry \(entry), e = \(e)")
                forgeries += 1
            }
        }
        print("second-witness search Freivalds: \(forgeries) one-entry forgeries, each rejected with P(c, d) ≠ 0")
    }
}
