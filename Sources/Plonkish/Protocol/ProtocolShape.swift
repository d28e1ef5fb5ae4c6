/// Everything the prover and the verifier derive from a constraint system and k before any witness exists: the
/// constraint degree, the blinding rows, how the permutation columns are chunked, how lookups are grouped by table
/// and batched into helper columns, the full list of constraints (the circuit's gates and every argument's), and
/// the queries to open. Prover, verifier and cost model all read it, so they cannot disagree.
public struct ProtocolShape<F: FFTField>: Sendable {
    /// Lookups into the same table share one multiplicity column and one running sum (logUp).
    public struct LookupGroup: Sendable {
        public let table: [Column]
        /// Names of the lookups in the group, for messages.
        public let names: [String]
        /// Each lookup's input tuple, compressed with θ.
        public let compressedInputs: [Expression<F>]
        /// The raw input tuples (MockProver and witness generation).
        public let inputs: [[Expression<F>]]
        /// Which inputs each helper column sums: h_b = Σ_{j ∈ batches[b]} 1/(f_j + β).
        public let batches: [[Int]]
        /// The table tuple compressed with θ.
        public let compressedTable: Expression<F>
    }

    public let constraintSystem: ConstraintSystem<F>
    public let k: Int
    public let n: Int
    /// The maximum degree of any constraint; the quotient is committed as degree − 1 pieces.
    public let degree: Int
    /// Random rows at the bottom of every advice-like column (halo2's blinding_factors()).
    public let blindingFactors: Int
    /// Rows [0, usableRows) hold the circuit; row usableRows is the last row, then the blinding rows.
    public let usableRows: Int
    /// Columns of each permutation chunk; column j of the argument (globally numbered) uses the coset δ^j·H.
    public let permutationChunks: [[Column]]
    public let lookupGroups: [LookupGroup]
    /// Every constraint, in the order the quotient combines them with powers of y.
    public let constraints: [(name: String, expression: Expression<F>)]
    /// The queries opened in the proof, in proof order; excludes what the verifier computes itself (the Lagrange
    /// selectors, and instance columns when the scheme does not commit them).
    public let openedQueries: [PolynomialQuery]
    /// Every polynomial with a commitment, in a fixed order: its index is the commitment ID of the openings.
    public let committedPolynomials: [PolynomialID]

    /// The rotation that reaches the last usable row from row 0: −(blindingFactors + 1).
    public var lastRowRotation: Int { -(blindingFactors + 1) }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public init(_ cs: ConstraintSystem<F>, k: Int, commitsInstances: Bool) throws {
        try cs.validate()
        self.constraintSystem = cs
        self.k = k
        self.n = 1 << k

        var rotationsPerAdvice: [Int: Set<Int>] = [:]
        func noteRotations(_ e: Expression<F>) {
            e.visitQueries { q in if case let .advice(i) = q.polynomial { rotationsPerAdvice[i, default: []].insert(q.rotation) } }
        }
        for gate in cs.gates { for c in gate.constraints { noteRotations(c.expression) } }
        for lookup in cs.lookups { for input in lookup.inputs { noteRotations(input) } }
        for column in cs.equalityColumns where column.kind == .advice { rotationsPerAdvice[column.index, default: []].insert(0) }
        let maxAdviceRotations = rotationsPerAdvice.values.map(\.count).max() ?? 0
        // Evaluations revealed per column (at most 3 for the arguments' own columns), one for the multi-opening,
        // one of slack: halo2's rule.
        let blindingFactors = max(3, maxAdviceRotations) + 2
        self.blindingFactors = blindingFactors
        self.usableRows = n - blindingFactors - 1

        let gateDegree = cs.gates.flatMap(\.constraints).map(\.expression.degree).max() ?? 0
        var lookupInputDegree = 0
        for lookup in cs.lookups {
            lookupInputDegree = max(lookupInputDegree, lookup.inputs.map(\.degree).max() ?? 0)
        }
        // l_active · h · (f + β) needs 2 + deg f.
        let degree = max(3, cs.minimumDegree, gateDegree, cs.lookups.isEmpty ? 0 : 2 + lookupInputDegree)
        self.degree = degree

        let chunkSize = degree - 2
        self.permutationChunks = stride(from: 0, to: cs.equalityColumns.count, by: chunkSize).map {
            Array(cs.equalityColumns[$0..<min($0 + chunkSize, cs.equalityColumns.count)])
        }

        var groups: [LookupGroup] = []
        var tables: [[Column]] = []
        var members: [[Lookup<F>]] = []
        for lookup in cs.lookups {
            if let i = tables.firstIndex(of: lookup.table) {
                members[i].append(lookup)
            } else {
                tables.append(lookup.table)
                members.append([lookup])
            }
        }
        let theta = Expression<F>.challenge(.theta)
        func compress(_ parts: [Expression<F>]) -> Expression<F> {
            parts.dropFirst().reduce(parts[0]) { acc, e in acc * theta + e }
        }
        for (table, lookups) in zip(tables, members) {
            let compressed = lookups.map { compress($0.inputs) }
            var batches: [[Int]] = []
            var batchDegree = 0
            for (j, f) in compressed.enumerated() {
                let d = max(1, f.degree)
                if let last = batches.indices.last, 2 + batchDegree + d <= degree {
                    batches[last].append(j)
                    batchDegree += d
                } else {
                    batches.append([j])
                    batchDegree = d
                }
            }
            groups.append(LookupGroup(
                table: table, names: lookups.map(\.name), compressedInputs: compressed,
                inputs: lookups.map(\.inputs), batches: batches,
                compressedTable: compress(table.map { $0.query(0) })))
        }
        self.lookupGroups = groups

        var constraints: [(name: String, expression: Expression<F>)] = []
        for gate in cs.gates {
            for c in gate.constraints { constraints.append(("gate '\(gate.name)': \(c.name)", c.expression)) }
        }
        constraints += Self.permutationConstraints(chunks: permutationChunks, allColumns: cs.equalityColumns,
                                                   lastRowRotation: -(blindingFactors + 1))
        constraints += Self.lookupConstraints(groups)
        self.constraints = constraints

        var queried = Set<PolynomialQuery>()
        for c in constraints { c.expression.visitQueries { queried.insert($0) } }
        self.openedQueries = queried.filter { q in
            switch q.polynomial {
            case .firstRow, .lastRow, .activeRows: false
            case .instance: commitsInstances
            default: true
            }
        }.sorted()

        var committed: [PolynomialID] = []
        if commitsInstances { committed += (0..<cs.instanceCount).map { .instance($0) } }
        committed += (0..<cs.adviceCount).map { .advice($0) }
        committed += (0..<cs.fixedCount).map { .fixed($0) }
        committed += cs.equalityColumns.indices.map { .permutationSigma($0) }
        committed += permutationChunks.indices.map { .permutationProduct($0) }
        for (g, group) in groups.enumerated() {
            committed.append(.lookupMultiplicity(g))
            committed += group.batches.indices.map { .lookupHelper(group: g, batch: $0) }
            committed.append(.lookupSum(g))
        }
        committed += [.vanishingRandom, .vanishingQuotient]
        self.committedPolynomials = committed
    }

    /// halo2's permutation argument over chunks of columns: z_0 starts at 1, each chunk continues where the
    /// previous one ended on the last usable row, the last ends at 0 or 1, and within a chunk
    /// z(ωX)·Π(v + β·σ + γ) = z(X)·Π(v + β·δ^j·X + γ) on the active rows.
    static func permutationConstraints(
        chunks: [[Column]], allColumns: [Column], lastRowRotation: Int
    ) -> [(name: String, expression: Expression<F>)] {
        guard !chunks.isEmpty else { return [] }
        let l0 = Expression<F>.query(PolynomialQuery(.firstRow, 0))
        let lLast = Expression<F>.query(PolynomialQuery(.lastRow, 0))
        let active = Expression<F>.query(PolynomialQuery(.activeRows, 0))
        let beta = Expression<F>.challenge(.beta), gamma = Expression<F>.challenge(.gamma)
        func z(_ i: Int, _ rotation: Int = 0) -> Expression<F> { .query(PolynomialQuery(.permutationProduct(i), rotation)) }
        var out: [(name: String, expression: Expression<F>)] = []
        out.append(("permutation: first product starts at 1", l0 * (.one - z(0))))
        let last = chunks.count - 1
        out.append(("permutation: last product ends at 0 or 1", lLast * (z(last) * z(last) - z(last))))
        for i in 1..<chunks.count {
            out.append(("permutation: chunk \(i) continues chunk \(i - 1)", l0 * (z(i) - z(i - 1, lastRowRotation))))
        }
        let delta = F.permutationDelta
        var j = 0
        for (i, chunk) in chunks.enumerated() {
            var left = z(i, 1)
            var right = z(i)
            for column in chunk {
                let value: Expression<F> = column.query(0)
                let sigma = Expression<F>.query(PolynomialQuery(.permutationSigma(j), 0))
                left = left * (value + beta * sigma + gamma)
                right = right * (value + beta * (Expression.x * delta.pow(UInt64(j))) + gamma)
                j += 1
            }
            out.append(("permutation: chunk \(i) product step", active * (left - right)))
        }
        return out
    }

    /// The log-derivative lookup argument per table group: helper columns h_b = Σ 1/(f_j + β) over their batch,
    /// a running sum φ from 0 on row 0 to 0 on the last row, stepping by Σ_b h_b − m/(t + β) on active rows.
    static func lookupConstraints(_ groups: [LookupGroup]) -> [(name: String, expression: Expression<F>)] {
        let l0 = Expression<F>.query(PolynomialQuery(.firstRow, 0))
        let lLast = Expression<F>.query(PolynomialQuery(.lastRow, 0))
        let active = Expression<F>.query(PolynomialQuery(.activeRows, 0))
        let beta = Expression<F>.challenge(.beta)
        var out: [(name: String, expression: Expression<F>)] = []
        for (g, group) in groups.enumerated() {
            let phi = Expression<F>.query(PolynomialQuery(.lookupSum(g), 0))
            let phiNext = Expression<F>.query(PolynomialQuery(.lookupSum(g), 1))
            let m = Expression<F>.query(PolynomialQuery(.lookupMultiplicity(g), 0))
            let label = group.names.joined(separator: ", ")
            out.append(("lookup '\(label)': running sum starts at 0", l0 * phi))
            out.append(("lookup '\(label)': running sum ends at 0", lLast * phi))
            var helpers = Expression<F>.zero
            for b in group.batches.indices {
                helpers = helpers + .query(PolynomialQuery(.lookupHelper(group: g, batch: b), 0))
            }
            out.append(("lookup '\(label)': running sum step",
                        active * ((phiNext - phi - helpers) * (group.compressedTable + beta) + m)))
            for (b, batch) in group.batches.enumerated() {
                let h = Expression<F>.query(PolynomialQuery(.lookupHelper(group: g, batch: b), 0))
                let shifted = batch.map { group.compressedInputs[$0] + beta }
                let product = shifted.dropFirst().reduce(shifted[0], *)
                var sumOfOthers = Expression<F>.zero
                for skip in shifted.indices {
                    let others = shifted.indices.filter { $0 != skip }.map { shifted[$0] }
                    sumOfOthers = sumOfOthers + (others.isEmpty ? .one : others.dropFirst().reduce(others[0], *))
                }
                out.append(("lookup '\(label)': helper \(b) inverts its inputs", active * (h * product - sumOfOthers)))
            }
        }
        return out
    }
}

extension PrimeField {
    /// δ = g^(2^S), a generator of the odd-order part of the multiplicative group: the cosets δ^j·H are disjoint,
    /// so (column j, row i) ↦ δ^j·ω^i names every cell of the permutation uniquely.
    public static var permutationDelta: Self {
        var value = multiplicativeGenerator
        for _ in 0..<twoAdicity { value = value.squared() }
        return value
    }
}
