/// Key generation: runs the circuit's synthesis for its fixed columns and copy constraints, builds the
/// permutation's σ polynomials, and commits to both.
public enum Keygen {
    /// The smallest k whose rows hold the blinding rows and at least a few usable ones (halo2: n ≥ bf + 3).
    public static func minimumK<F: FFTField>(for cs: ConstraintSystem<F>, commitsInstances: Bool) throws -> Int {
        var k = 1
        while true {
            let shape = try ProtocolShape(cs, k: k, commitsInstances: commitsInstances)
            if shape.n >= shape.blindingFactors + 3 { return k }
            k += 1
        }
    }

    /// The keys of `circuit` at 2^k rows; the verifying key binds `statement` (see `VerifyingKey.statement`).
    public static func provingKey<S: CommitmentScheme, C: Circuit>(
        params: S, circuit: C, k: Int, statement: [UInt8] = []
    ) throws -> ProvingKey<S> where C.Field == S.Scalar {
        typealias F = S.Scalar
        var cs = ConstraintSystem<F>()
        let config = circuit.configure(&cs)
        do { try cs.validate() } catch { throw PlonkError.constraintSystem(error) }
        let shape = try ProtocolShape(cs, k: k, commitsInstances: S.commitsInstances)
        guard shape.n >= shape.blindingFactors + 3 else {
            throw PlonkError.notEnoughRows(k: k, minimumK: try minimumK(for: cs, commitsInstances: S.commitsInstances))
        }
        guard params.k >= k else {
            throw PlonkError.parameters(.parametersTooSmall(requested: k, available: params.k))
        }
        let params = params.k == k ? params : try params.downsized(toK: k)

        let assignment = Assignment<F>(purpose: .keygen, cs: cs, n: shape.n, usableRows: shape.usableRows,
                                       phase: 0, challenges: [:])
        do {
            try circuit.synthesize(config, assignment)
            try assignment.fillTableDefaults(cs.tableColumns)
        } catch let error as SynthesisError {
            throw PlonkError.synthesis(error)
        }
        return try provingKey(params: params, cs: cs, k: k, assignment: assignment, statement: statement)
    }

    /// The key from a finished keygen assignment, specialized per scheme like the prover (see `Prover.prove`).
    @_specialize(where S == KZGParameters)
    @_specialize(where S == IPAParameters)
    static func provingKey<S: CommitmentScheme>(
        params: S, cs: ConstraintSystem<S.Scalar>, k: Int, assignment: Assignment<S.Scalar>, statement: [UInt8]
    ) throws -> ProvingKey<S> {
        typealias F = S.Scalar
        let domain = EvaluationDomain<F>(k: k)
        let sigmaValues = permutationSigmas(columns: cs.equalityColumns, copies: assignment.copies, domain: domain)
        let fixedValues = assignment.fixed

        let commitments = commitAll(params: params, fixedValues + sigmaValues)
        let vk = try VerifyingKey<S>(
            k: k, constraintSystem: cs, fixedCommitments: Array(commitments[0..<fixedValues.count]),
            permutationCommitments: Array(commitments[fixedValues.count...]), verifier: params.verifier,
            statement: statement)
        return ProvingKey(vk: vk, params: params, fixedValues: fixedValues, sigmaValues: sigmaValues)
    }

    /// Commits each column given by its values on the domain, with its blind (zero when none is given).
    static func commitAll<S: CommitmentScheme>(
        params: S, _ columns: [[S.Scalar]], blinds: [S.Scalar]? = nil
    ) -> [AffinePoint<S.Curve>] {
        let points = columns.indices.map { i in
            columns[i].withUnsafeBufferPointer { params.commitLagrange($0, blind: blinds?[i] ?? .zero) }
        }
        return JacobianPoint.batchAffine(points)
    }

    /// σ_j(ω^i) = δ^j′·ω^i′ where (j′, i′) is the next cell after (j, i) in its copy cycle. Cycles are built by
    /// merging: each copy joins two cycles by swapping the successors of its two cells, smaller cycle relabelled
    /// into the larger, so every cell ends up in the cycle of exactly the cells it is copied to.
    static func permutationSigmas<F: FFTField>(
        columns: [Column], copies: [(Cell, Cell)], domain: EvaluationDomain<F>
    ) -> [[F]] {
        let n = domain.n
        let count = columns.count
        if count == 0 { return [] }
        var columnIndex: [Column: Int] = [:]
        for (j, c) in columns.enumerated() { columnIndex[c] = j }
        // Cells are numbered j·n + i.
        var next = [Int](0..<(count * n))
        var cycleOf = [Int](0..<(count * n))
        var cycleSize = [Int](repeating: 1, count: count * n)
        for (a, b) in copies {
            guard let ja = columnIndex[a.column], let jb = columnIndex[b.column] else { continue }
            var left = ja * n + a.row, right = jb * n + b.row
            if cycleOf[left] == cycleOf[right] { continue }
            if cycleSize[cycleOf[left]] < cycleSize[cycleOf[right]] { swap(&left, &right) }
            let keep = cycleOf[left], absorbed = cycleOf[right]
            cycleSize[keep] += cycleSize[absorbed]
            var cell = right
            repeat {
                cycleOf[cell] = keep
                cell = next[cell]
            } while cell != right
            next.swapAt(left, right)
        }
        let labels = PermutationLabels(columns: count, domain: domain)
        return (0..<count).map { j in
            (0..<n).map { i in
                let target = next[j * n + i]
                return labels.label(column: target / n, row: target % n)
            }
        }
    }
}

/// The labels the permutation argument gives cells: δ^j·ωⁱ for permutation column j, row i. σ maps each cell's
/// label to the next cell's in its copy cycle, so a cell σ leaves on its own label takes part in no copy.
struct PermutationLabels<F: FFTField> {
    private let deltaPowers: [F]
    private let omegaPowers: [F]

    init(columns: Int, domain: EvaluationDomain<F>) {
        var deltaPowers = [F.one]
        for _ in 1..<max(1, columns) { deltaPowers.append(deltaPowers[deltaPowers.count - 1] * F.permutationDelta) }
        self.deltaPowers = deltaPowers
        omegaPowers = (0..<domain.n).map { domain.element($0) }
    }

    func label(column j: Int, row i: Int) -> F { deltaPowers[j] * omegaPowers[i] }
}
