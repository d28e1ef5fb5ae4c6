import Dispatch

/// The prover: halo2's round structure with the log-derivative lookup argument.
///
/// Transcript order: the verifying key's digest; the public values (KZG: as scalars; IPA: as commitments); per
/// advice phase, its commitments and then its challenges; θ; the lookup multiplicities; β, γ; the permutation
/// products; per table group, the lookup helpers and the running sum; the vanishing argument's random polynomial;
/// y; the quotient pieces; x; the evaluations of every opened query in `ProtocolShape.openedQueries` order, then
/// the random polynomial's; and the scheme's multi-point opening.
public enum Prover {
    public static func prove<S: CommitmentScheme, C: Circuit>(
        provingKey pk: ProvingKey<S>, circuit: C, instances: [[S.Scalar]],
        statistics: ProverStatistics? = nil, progress: ((String) -> Void)? = nil
    ) throws -> [UInt8] where C.Field == S.Scalar {
        try prove(provingKey: pk, circuit: circuit, instances: instances, statistics: statistics, progress: progress,
                  stopsAtLookupOutsideTable: true)
    }

    /// `prove`, or, with `stopsAtLookupOutsideTable` false, a malicious prover's proof for soundness tests: a lookup
    /// input outside its table is counted nowhere instead of stopping the proof, so that the verifier must reject it.
    static func prove<S: CommitmentScheme, C: Circuit>(
        provingKey pk: ProvingKey<S>, circuit: C, instances: [[S.Scalar]], statistics: ProverStatistics? = nil,
        progress: ((String) -> Void)? = nil, stopsAtLookupOutsideTable: Bool
    ) throws -> [UInt8] where C.Field == S.Scalar {
        var configured = ConstraintSystem<S.Scalar>()
        let config = circuit.configure(&configured)
        var expected = ByteWriter(), actual = ByteWriter()
        pk.shape.constraintSystem.encode(into: &expected)
        configured.encode(into: &actual)
        guard expected.bytes == actual.bytes else {
            throw PlonkError.malformedKey("the proving key was made for a different circuit configuration")
        }
        return try prove(provingKey: pk, instances: instances, statistics: statistics, progress: progress,
                         stopsAtLookupOutsideTable: stopsAtLookupOutsideTable) {
            assignment in try circuit.synthesize(config, assignment)
        }
    }

    /// The proof itself, generic over the scheme only (the circuit enters as its synthesis step), so that it can be
    /// specialized for each scheme: in unspecialized generic code every field operation of the FFTs, the quotient
    /// and the arguments would go through witness tables, several times slower.
    @_specialize(where S == KZGParameters)
    @_specialize(where S == IPAParameters)
    static func prove<S: CommitmentScheme>(
        provingKey pk: ProvingKey<S>, instances: [[S.Scalar]], statistics: ProverStatistics?,
        progress: ((String) -> Void)?, stopsAtLookupOutsideTable: Bool = true,
        synthesize: (Assignment<S.Scalar>) throws -> Void
    ) throws -> [UInt8] {
        typealias F = S.Scalar
        let shape = pk.shape
        let cs = shape.constraintSystem
        let n = shape.n, u = shape.usableRows
        let base = pk.domain.base

        var transcript = ProofWriter<S.Curve>()
        var randomness = ProverRandomness()
        transcript.commonScalar(pk.vk.digest)
        let instanceValues = try paddedInstances(instances, count: cs.instanceCount, n: n, usableRows: u)
        // The number of public values per column is part of the statement, even where trailing zeros would leave
        // the committed column unchanged.
        for column in instances { transcript.commonScalar(F(word: UInt64(column.count))) }
        if S.commitsInstances {
            statistics?.countMSM(log2Size: shape.k, times: instanceValues.count)
            let points = statistics.time(.msm) {
                Keygen.commitAll(params: pk.params, instanceValues,
                                 blinds: instanceValues.map { _ in instanceBlind(S.self) })
            }
            for point in points { try transcript.commonPoint(point) }
        } else {
            for column in instances {
                for value in column { transcript.commonScalar(value) }
            }
        }

        // Every committed polynomial: values on the domain (where the prover made them), coefficients, blind.
        var store = PolynomialStore<F>(domain: base, statistics: statistics)
        for (i, values) in instanceValues.enumerated() {
            store.add(.instance(i), values: values, blind: instanceBlind(S.self))
        }
        for (i, values) in pk.fixedValues.enumerated() {
            store.add(.fixed(i), values: values, coefficients: pk.fixedPolynomials[i], blind: .zero)
        }
        for (i, values) in pk.sigmaValues.enumerated() {
            store.add(.permutationSigma(i), values: values, coefficients: pk.sigmaPolynomials[i], blind: .zero)
        }

        func commitAndWrite(_ ids: [PolynomialID], _ columns: [[F]]) throws {
            let blinds: [F] = columns.map { _ in S.usesBlinds ? randomness.next() : F.zero }
            statistics?.countMSM(log2Size: shape.k, times: columns.count)
            let points = statistics.time(.msm) { Keygen.commitAll(params: pk.params, columns, blinds: blinds) }
            for (i, id) in ids.enumerated() {
                store.add(id, values: columns[i], blind: blinds[i])
                try transcript.writePoint(points[i])
            }
        }

        // Advice, phase by phase.
        var challenges: [Int: F] = [:]
        let lastPhase = max(cs.advicePhases.max() ?? 0, cs.challengePhases.max() ?? 0)
        for phase in 0...lastPhase {
            progress?("advice phase \(phase)")
            let assignment = Assignment<F>(purpose: .witness, cs: cs, n: n, usableRows: u, phase: phase,
                                           challenges: challenges)
            do {
                try statistics.time(.other) { try synthesize(assignment) }
            } catch let error as SynthesisError {
                throw PlonkError.synthesis(error)
            }
            let columns = cs.advicePhases.indices.filter { cs.advicePhases[$0] == phase }
            try commitAndWrite(columns.map { .advice($0) }, columns.map { i in
                var values = assignment.advice[i]
                randomizeRows(&randomness, &values, from: u)
                return values
            })
            for (index, challengePhase) in cs.challengePhases.enumerated() where challengePhase == phase {
                challenges[index] = transcript.squeezeChallenge()
            }
        }
        let theta = transcript.squeezeChallenge()
        func userChallenge(_ id: ChallengeID) -> F {
            switch id {
            case let .user(i): challenges[i] ?? .zero
            case .theta: theta
            case .beta, .gamma: preconditionFailure("β and γ are not drawn yet")
            }
        }

        // Lookup multiplicities.
        progress?("lookups")
        var lookupInputs: [[[F]]] = []
        var lookupTables: [[F]] = []
        var multiplicities: [[F]] = []
        let lookupStart = DispatchTime.now().uptimeNanoseconds
        for group in shape.lookupGroups {
            let evaluator = ConstraintEvaluator(group.compressedInputs + [group.compressedTable],
                                                challenge: userChallenge)
            // One pass of the program yields every input and the table, row block by row block.
            let rootCount = group.compressedInputs.count + 1
            let flat = UnsafeMutableBufferPointer<F>.allocate(capacity: rootCount * n)
            defer { flat.deallocate() }
            store.withValues(evaluator.slots) { columns in
                evaluator.evaluate(columns: columns, n: n, xStart: .one, xStep: base.omega) { rows, roots in
                    for (r, root) in roots.enumerated() {
                        (flat.baseAddress! + r * n + rows.lowerBound).initialize(from: root, count: rows.count)
                    }
                }
            }
            var values = (0..<rootCount).map { r in Array(flat[(r * n)..<((r + 1) * n)]) }
            let table = values.removeLast()
            var rowOf: [F: Int] = [:]
            rowOf.reserveCapacity(u)
            for r in 0..<u where rowOf[table[r]] == nil { rowOf[table[r]] = r }
            var counts = [UInt64](repeating: 0, count: n)
            for (j, input) in values.enumerated() {
                for r in 0..<u {
                    guard let row = rowOf[input[r]] else {
                        if stopsAtLookupOutsideTable {
                            throw PlonkError.lookupInputNotInTable(lookup: group.names[j], row: r)
                        }
                        continue
                    }
                    counts[row] += 1
                }
            }
            var m = counts.map { F(word: $0) }
            randomizeRows(&randomness, &m, from: u)
            lookupInputs.append(values)
            lookupTables.append(table)
            multiplicities.append(m)
        }
        statistics?.record(.lookup, seconds: Double(DispatchTime.now().uptimeNanoseconds - lookupStart) / 1e9)
        try commitAndWrite(shape.lookupGroups.indices.map { .lookupMultiplicity($0) }, multiplicities)

        let beta = transcript.squeezeChallenge()
        let gamma = transcript.squeezeChallenge()

        // Permutation products.
        progress?("permutation")
        let permutationStart = DispatchTime.now().uptimeNanoseconds
        // Each chunk's running product is computed from 1 on its own thread, then scaled by what the chunks before
        // it carry over (a chunk starts where the previous one ended).
        let chunks = shape.permutationChunks
        let firstColumns = chunks.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1.count) }
        var products = [[F]](repeating: [], count: chunks.count)
        let readableStore = store
        products.withUnsafeMutableBufferPointer { out in
            ParallelRanges.forEachChunk(count: chunks.count, minimumChunk: 1) { range in
                for c in range {
                    out[c] = permutationProduct(
                        columns: chunks[c].enumerated().map { offset, column in
                            (values: readableStore.values(Column.polynomial(column)),
                             sigma: readableStore.values(.permutationSigma(firstColumns[c] + offset)),
                             shift: beta * F.permutationDelta.pow(UInt64(firstColumns[c] + offset)))
                        },
                        domain: base, beta: beta, gamma: gamma, n: n, usableRows: u)
                }
            }
        }
        var carried = F.one
        for c in products.indices {
            if carried != .one {
                let factor = carried
                products[c].withUnsafeMutableBufferPointer { z in
                    ParallelRanges.forEachChunk(count: u + 1, minimumChunk: 1 << 12) { range in
                        for i in range { z[i] *= factor }
                    }
                }
            }
            carried = products[c][u]
            randomizeRows(&randomness, &products[c], from: u + 1)
        }
        statistics?.record(.permutation, seconds: Double(DispatchTime.now().uptimeNanoseconds - permutationStart) / 1e9)
        try commitAndWrite(shape.permutationChunks.indices.map { .permutationProduct($0) }, products)

        // Lookup helpers and running sums.
        var lookupIDs: [PolynomialID] = []
        var lookupColumns: [[F]] = []
        let sumsStart = DispatchTime.now().uptimeNanoseconds
        for (g, group) in shape.lookupGroups.enumerated() {
            // 1/(input + β) for every input, and 1/(table + β) last: independent inversions, one per thread.
            var inverses = (lookupInputs[g] + [lookupTables[g]]).map { column in (0..<u).map { column[$0] + beta } }
            inverses.withUnsafeMutableBufferPointer { columns in
                ParallelRanges.forEachChunk(count: columns.count, minimumChunk: 1) { range in
                    for j in range { batchInvert(&columns[j]) }
                }
            }
            let tableInverse = inverses.removeLast()
            var sum = [F](repeating: .zero, count: n)
            var stepTotal = [F](repeating: .zero, count: u)
            for (b, batch) in group.batches.enumerated() {
                var helper = [F](repeating: .zero, count: n)
                for j in batch { for r in 0..<u { helper[r] += inverses[j][r] } }
                for r in 0..<u { stepTotal[r] += helper[r] }
                randomizeRows(&randomness, &helper, from: u)
                lookupIDs.append(.lookupHelper(group: g, batch: b))
                lookupColumns.append(helper)
            }
            let m = multiplicities[g]
            for r in 0..<u { sum[r + 1] = sum[r] + stepTotal[r] - m[r] * tableInverse[r] }
            randomizeRows(&randomness, &sum, from: u + 1)
            lookupIDs.append(.lookupSum(g))
            lookupColumns.append(sum)
        }
        statistics?.record(.lookup, seconds: Double(DispatchTime.now().uptimeNanoseconds - sumsStart) / 1e9)
        try commitAndWrite(lookupIDs, lookupColumns)

        // Vanishing argument: a random polynomial masks the quotient's evaluation.
        let randomPolynomial: [F] = randomness.elements(n)
        let randomBlind: F = S.usesBlinds ? randomness.next() : F.zero
        statistics?.countMSM(log2Size: shape.k)
        let randomCommitment = statistics.time(.msm) {
            randomPolynomial.withUnsafeBufferPointer { pk.params.commit($0, blind: randomBlind) }
        }
        try transcript.writePoint(randomCommitment.affine)
        let y = transcript.squeezeChallenge()

        progress?("quotient")
        func allChallenges(_ id: ChallengeID) -> F {
            switch id {
            case .beta: beta
            case .gamma: gamma
            default: userChallenge(id)
            }
        }
        let quotient = try quotientPolynomial(pk: pk, store: &store, challenge: allChallenges, y: y,
                                              statistics: statistics)
        let pieceCount = shape.degree - 1
        let pieces = (0..<pieceCount).map { Array(quotient[($0 * n)..<(($0 + 1) * n)]) }
        let pieceBlinds: [F] = pieces.map { _ in S.usesBlinds ? randomness.next() : F.zero }
        statistics?.countMSM(log2Size: shape.k, times: pieces.count)
        let pieceCommitments = statistics.time(.msm) {
            JacobianPoint.batchAffine(zip(pieces, pieceBlinds).map { piece, blind in
                piece.withUnsafeBufferPointer { pk.params.commit($0, blind: blind) }
            })
        }
        for point in pieceCommitments { try transcript.writePoint(point) }
        let x = transcript.squeezeChallenge()

        progress?("openings")
        store.ensureCoefficients(shape.openedQueries.map(\.polynomial))
        var queries: [ProverQuery<F>] = []
        let ids = Dictionary(uniqueKeysWithValues: shape.committedPolynomials.enumerated().map { ($1, $0) })
        let opened = shape.openedQueries
        let points = opened.map { base.element($0.rotation) * x }
        let frozenStore = store
        var values = [F](repeating: .zero, count: opened.count)
        statistics.time(.other) {
            values.withUnsafeMutableBufferPointer { out in
                ParallelRanges.forEachChunk(count: opened.count, minimumChunk: 1) { range in
                    for i in range {
                        out[i] = evaluatePolynomial(frozenStore.existingCoefficients(opened[i].polynomial), at: points[i])
                    }
                }
            }
        }
        for (i, query) in opened.enumerated() {
            transcript.writeScalar(values[i])
            queries.append(ProverQuery(commitmentID: ids[query.polynomial] ?? -1, point: points[i],
                                       polynomial: store.existingCoefficients(query.polynomial),
                                       blind: store.blind(query.polynomial), evaluation: values[i]))
        }
        let randomValue = evaluatePolynomial(randomPolynomial, at: x)
        transcript.writeScalar(randomValue)
        // Σ xⁿⁱ·h_i: the verifier forms the same combination of the piece commitments.
        let xn = x.pow(UInt64(n))
        var combined = [F](repeating: .zero, count: n)
        var combinedBlind = F.zero
        var power = F.one
        for (piece, blind) in zip(pieces, pieceBlinds) {
            for i in 0..<n { combined[i] += power * piece[i] }
            combinedBlind += power * blind
            power *= xn
        }
        queries.append(ProverQuery(commitmentID: ids[.vanishingQuotient] ?? -1, point: x, polynomial: combined,
                                   blind: combinedBlind, evaluation: evaluatePolynomial(combined, at: x)))
        queries.append(ProverQuery(commitmentID: ids[.vanishingRandom] ?? -1, point: x,
                                   polynomial: randomPolynomial, blind: randomBlind, evaluation: randomValue))
        try statistics.time(.opening) { try pk.params.open(queries, transcript: &transcript) }
        return transcript.proof
    }

    /// The quotient (Σ y-combined constraints)/(Xⁿ − 1) as n·(degree − 1) coefficients, evaluated one coset part at
    /// a time.
    static func quotientPolynomial<S: CommitmentScheme>(
        pk: ProvingKey<S>, store: inout PolynomialStore<S.Scalar>, challenge: (ChallengeID) -> S.Scalar,
        y: S.Scalar, statistics: ProverStatistics?
    ) throws -> [S.Scalar] {
        typealias F = S.Scalar
        let shape = pk.shape
        let domain = pk.domain
        let n = shape.n
        let evaluator = ConstraintEvaluator(shape.constraints.map(\.expression), challenge: challenge)
        let slots = evaluator.slots
        store.ensureCoefficients(slots.filter { pk.cosetParts[$0] == nil })
        var parts: [[F]] = []
        let computedSlots = slots.filter { pk.cosetParts[$0] == nil }.count
        for j in 0..<domain.partCount {
            var columns = [[F]](repeating: [], count: slots.count)
            let store = store
            statistics?.countFFT(log2Size: shape.k, times: computedSlots)
            statistics.time(.fft) { columns.withUnsafeMutableBufferPointer { out in
                ParallelRanges.forEachChunk(count: slots.count, minimumChunk: 1) { range in
                    for s in range {
                        if let precomputed = pk.cosetParts[slots[s]] {
                            out[s] = precomputed[j]
                        } else {
                            out[s] = domain.evaluateOnPart(store.existingCoefficients(slots[s]), part: j)
                        }
                    }
                }
            } }
            var numerator = [F](repeating: .zero, count: n)
            let shift = domain.partShift(j)
            statistics.time(.quotient) {
                withUnsafeBuffers(columns) { buffers in
                    numerator.withUnsafeMutableBufferPointer { out in
                        evaluator.combine(columns: buffers, n: n, xStart: shift, xStep: domain.omega, y: y, into: out)
                    }
                }
            }
            guard let vanishingInverse = (shift.pow(UInt64(n)) - .one).inverse() else {
                preconditionFailure("the vanishing polynomial has no zero on the extended coset")
            }
            for i in 0..<n { numerator[i] *= vanishingInverse }
            parts.append(numerator)
        }
        statistics?.countFFT(log2Size: domain.extendedK)
        return statistics.time(.fft) { domain.extendedToCoeff(domain.interleaveParts(parts)) }
    }

    /// One permutation chunk's running product from 1: z[i + 1] = z[i]·Π_j (v_j + shift_j·ωⁱ + γ)/(v_j + β·σ_j + γ)
    /// over the usable rows; the rows after u + 1 are left for blinding.
    static func permutationProduct<F: FFTField>(
        columns: [(values: [F], sigma: [F], shift: F)], domain: EvaluationDomain<F>, beta: F, gamma: F, n: Int,
        usableRows u: Int
    ) -> [F] {
        var numerator = [F](repeating: .one, count: u)
        var denominator = [F](repeating: .one, count: u)
        numerator.withUnsafeMutableBufferPointer { num in
            denominator.withUnsafeMutableBufferPointer { den in
                for column in columns {
                    column.values.withUnsafeBufferPointer { values in
                        column.sigma.withUnsafeBufferPointer { sigma in
                            for i in 0..<u {
                                num[i] *= values[i] + column.shift * domain.element(i) + gamma
                                den[i] *= values[i] + beta * sigma[i] + gamma
                            }
                        }
                    }
                }
            }
        }
        batchInvert(&denominator)
        var z = [F](repeating: .zero, count: n)
        z.withUnsafeMutableBufferPointer { z in
            z[0] = .one
            for i in 0..<u { z[i + 1] = z[i] * numerator[i] * denominator[i] }
        }
        return z
    }

    static func paddedInstances<F: PrimeField>(
        _ instances: [[F]], count: Int, n: Int, usableRows: Int
    ) throws -> [[F]] {
        guard instances.count == count else {
            throw PlonkError.instanceShape("the circuit has \(count) instance columns, \(instances.count) given")
        }
        return try instances.enumerated().map { index, column in
            guard column.count <= usableRows else {
                throw PlonkError.instanceShape(
                    "instance column \(index) has \(column.count) values, at most \(usableRows) fit")
            }
            return column + [F](repeating: .zero, count: n - column.count)
        }
    }

    /// halo2 commits instance columns with the default blind 1, which keeps an all-zero column's commitment off
    /// the point at infinity for schemes with blinds.
    static func instanceBlind<S: CommitmentScheme>(_: S.Type) -> S.Scalar { .one }

    static func randomizeRows<F: PrimeField>(_ randomness: inout ProverRandomness, _ values: inout [F], from start: Int) {
        for i in start..<values.count { values[i] = randomness.next() }
    }
}

/// Runs `body` with unsafe buffers over every array (kept alive for the call).
func withUnsafeBuffers<F, R>(_ arrays: [[F]], _ body: ([UnsafeBufferPointer<F>]) -> R) -> R {
    func nest(_ index: Int, _ acc: [UnsafeBufferPointer<F>]) -> R {
        if index == arrays.count { return body(acc) }
        return arrays[index].withUnsafeBufferPointer { nest(index + 1, acc + [$0]) }
    }
    return nest(0, [])
}

/// The prover's committed polynomials by ID, values on the domain with coefficients computed on demand.
struct PolynomialStore<F: FFTField> {
    let domain: EvaluationDomain<F>
    private var valueTable: [PolynomialID: [F]] = [:]
    private var coefficientTable: [PolynomialID: [F]] = [:]
    private var blinds: [PolynomialID: F] = [:]

    let statistics: ProverStatistics?

    init(domain: EvaluationDomain<F>, statistics: ProverStatistics?) {
        self.domain = domain
        self.statistics = statistics
    }

    mutating func add(_ id: PolynomialID, values: [F], coefficients: [F]? = nil, blind: F) {
        valueTable[id] = values
        if let coefficients { coefficientTable[id] = coefficients }
        blinds[id] = blind
    }

    func values(_ id: PolynomialID) -> [F] {
        guard let v = valueTable[id] else { preconditionFailure("no values for \(id)") }
        return v
    }

    func blind(_ id: PolynomialID) -> F { blinds[id] ?? .zero }

    /// Computes the missing coefficient forms, several polynomials at once.
    mutating func ensureCoefficients(_ ids: [PolynomialID]) {
        let missing = Array(Set(ids.filter { coefficientTable[$0] == nil }))
        if missing.isEmpty { return }
        var results = missing.map { values($0) }
        let domain = self.domain
        statistics?.countFFT(log2Size: domain.k, times: missing.count)
        statistics.time(.fft) {
            results.withUnsafeMutableBufferPointer { slots in
                ParallelRanges.forEachChunk(count: slots.count, minimumChunk: 1) { range in
                    for i in range { domain.ifft(&slots[i]) }
                }
            }
        }
        for (id, c) in zip(missing, results) { coefficientTable[id] = c }
    }

    mutating func coefficients(_ id: PolynomialID) -> [F] {
        ensureCoefficients([id])
        return coefficientTable[id] ?? []
    }

    func existingCoefficients(_ id: PolynomialID) -> [F] {
        guard let c = coefficientTable[id] else { preconditionFailure("no coefficients for \(id)") }
        return c
    }

    func withValues<R>(_ ids: [PolynomialID], _ body: ([UnsafeBufferPointer<F>]) -> R) -> R {
        withUnsafeBuffers(ids.map { values($0) }, body)
    }
}
