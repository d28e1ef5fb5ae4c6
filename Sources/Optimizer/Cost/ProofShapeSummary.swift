import Plonkish

/// What the cost model needs to know about one proof, read off its protocol shape: the prover's heavy operations
/// (`ProverWorkload`) and the counts that size the lighter work, the proof and the prover's memory. Independent of
/// the field, so that plans for either backend can be compared and stored.
public struct ProofShapeSummary: Equatable, Sendable {
    public let workload: ProverWorkload
    public let degree: Int
    public let usableRows: Int
    /// Advice, fixed and instance columns of the circuit.
    public let adviceColumns: Int
    public let fixedColumns: Int
    public let instanceColumns: Int
    /// Columns in the permutation argument, and the columns each permutation product covers.
    public let permutationColumns: Int
    public let permutationChunks: [[Column]]
    /// Per column, the copied cells the layout places in it (one per end of each copy constraint, each constant
    /// once: `LayoutStatistics.copiedCellsByColumn`), when known: a permutation product changes value only on rows
    /// holding a copied cell of its columns. Nil prices every product as full-size values.
    public var copiedCellsByColumn: [Column: Int]?
    /// Advice cells the layout places, when known: an advice column's commitment skips its empty cells, and wide
    /// layouts leave most of theirs empty. Nil prices every advice column as full.
    public var assignedAdviceCells: Int?
    /// Lookups the layout performs (padding slots excluded), when known: a lookup helper changes value only on rows
    /// where one of its inputs is a real lookup, so it holds at most one value more than its inputs' lookups. Nil
    /// bounds a helper's values by its inputs' bit widths alone.
    public var lookups: Int?
    /// Lookup tables (one multiplicity column and running sum each) and lookups into them (input columns).
    public let lookupTables: Int
    public let lookupInputs: Int
    /// Per lookup helper column, how many inputs it sums.
    public let lookupHelperInputs: [Int]
    /// Evaluations the proof carries for opened queries (the vanishing argument's random polynomial not counted).
    public let openedQueries: Int
    /// Distinct sets of rotations at which committed polynomials are opened, the quotient's {0} included (IPA's
    /// multi-opening sends one evaluation per set).
    public let openingPointSets: Int
    /// Polynomials the quotient evaluation reads (computed ones and the key's fixed, σ and selector polynomials).
    public let quotientInputs: Int
    public let commitsInstances: Bool

    public init<F: FFTField>(shape: ProtocolShape<F>, commitsInstances: Bool) {
        let cs = shape.constraintSystem
        workload = ProverWorkload(shape: shape, commitsInstances: commitsInstances)
        degree = shape.degree
        usableRows = shape.usableRows
        adviceColumns = cs.adviceCount
        fixedColumns = cs.fixedCount
        instanceColumns = cs.instanceCount
        permutationColumns = cs.equalityColumns.count
        permutationChunks = shape.permutationChunks
        lookupTables = shape.lookupGroups.count
        lookupInputs = shape.lookupGroups.reduce(0) { $0 + $1.compressedInputs.count }
        lookupHelperInputs = shape.lookupGroups.flatMap { $0.batches.map(\.count) }
        openedQueries = shape.openedQueries.count
        self.commitsInstances = commitsInstances

        var rotations: [PolynomialID: Set<Int>] = [:]
        for query in shape.openedQueries { rotations[query.polynomial, default: []].insert(query.rotation) }
        var sets = Set(rotations.values)
        sets.insert([0])
        openingPointSets = sets.count

        var inputs = Set<PolynomialID>()
        for constraint in shape.constraints {
            constraint.expression.visitQueries { inputs.insert($0.polynomial) }
        }
        quotientInputs = inputs.count
    }

    /// The summary of a circuit's constraint system laid out at 2^k rows.
    public init<F: FFTField>(_ cs: ConstraintSystem<F>, k: Int, backend: ProvingBackend) throws {
        let commits = backend.commitsInstances
        self.init(shape: try ProtocolShape(cs, k: k, commitsInstances: commits), commitsInstances: commits)
    }

    public var k: Int { workload.k }

    /// Full-size commitments made from values on the domain (permutation products, lookup helpers and sums), as
    /// opposed to the random polynomial and quotient pieces, committed from coefficients.
    public var lagrangeFullCommitments: Int { workload.fullCommitments - degree }

    /// `lagrangeFullCommitments` less the lookup helpers and permutation products, whose values repeat (see
    /// `CostEstimator.repeatedValueCommitmentSeconds`): the lookups' running sums.
    public var distinctValuedCommitments: Int {
        lagrangeFullCommitments - lookupHelperInputs.count - permutationChunks.count
    }

    /// About how many distinct values each permutation product holds: one more than the rows where its columns hold
    /// a copied cell. Layouts copy whole gadget rows' inputs and outputs, so the copied cells of neighbouring
    /// columns share rows and the busiest column's count stands for the chunk's (at 7, 14 and 64 columns of
    /// digits-cnn it came within 6% of the chunks' true distinct rows). Every row when copies are unknown.
    public var permutationProductDistinctValues: [Double] {
        let rows = Double(usableRows)
        guard let copied = copiedCellsByColumn else { return permutationChunks.map { _ in rows } }
        return permutationChunks.map { chunk in
            min(rows, 1 + Double(chunk.map { copied[$0] ?? 0 }.max() ?? 0))
        }
    }
}

extension ProvingBackend {
    /// Whether the backend commits instance columns (IPA) rather than letting the verifier evaluate them (KZG).
    public var commitsInstances: Bool {
        switch self {
        case .kzg: KZGParameters.commitsInstances
        case .ipa: IPAParameters.commitsInstances
        }
    }
}
