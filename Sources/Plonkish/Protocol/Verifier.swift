/// The verifier: replays the prover's transcript, evaluates every constraint at x from the claimed evaluations,
/// checks that their y-combination equals the quotient times (xⁿ − 1) through the opening of Σ xⁿⁱ·h_i, and
/// hands all openings to the commitment scheme.
public enum Verifier {
    /// True if the proof is valid for these public values, with the verifier parameters the key carries.
    public static func verify<S: CommitmentScheme>(
        vk: VerifyingKey<S>, instances: [[S.Scalar]], proof: [UInt8]
    ) throws -> Bool {
        try verify(verifier: vk.verifier, vk: vk, instances: instances, proof: proof)
    }

    /// True if the proof is valid for these public values. Throws for malformed proofs (wrong length, invalid
    /// encodings), which are equally rejections.
    @_specialize(where S == KZGParameters)
    @_specialize(where S == IPAParameters)
    public static func verify<S: CommitmentScheme>(
        verifier params: S.Verifier, vk: VerifyingKey<S>, instances: [[S.Scalar]], proof: [UInt8]
    ) throws -> Bool {
        typealias F = S.Scalar
        let shape = vk.shape
        let cs = shape.constraintSystem
        let n = shape.n, u = shape.usableRows
        guard params.k >= vk.k else {
            throw PlonkError.parameters(.parametersTooSmall(requested: vk.k, available: params.k))
        }
        let params = params.k == vk.k ? params : try params.downsized(toK: vk.k)
        let domain = vk.domain
        var transcript = ProofReader<S.Curve>(proof: proof)
        transcript.commonScalar(vk.digest)

        let padded = try Prover.paddedInstances(instances, count: cs.instanceCount, n: n, usableRows: u)
        var commitments: [PolynomialID: JacobianPoint<S.Curve>] = [:]
        for column in instances { transcript.commonScalar(F(word: UInt64(column.count))) }
        if S.commitsInstances {
            // The verifier recomputes the instance commitments; it needs the scheme's Lagrange basis for that,
            // which the IPA verifier parameters carry.
            for (i, column) in padded.enumerated() {
                let point = try instanceCommitment(params, column)
                commitments[.instance(i)] = point.jacobian
                try transcript.commonPoint(point)
            }
        } else {
            for column in instances {
                for value in column { transcript.commonScalar(value) }
            }
        }
        for (i, point) in vk.fixedCommitments.enumerated() { commitments[.fixed(i)] = point.jacobian }
        for (i, point) in vk.permutationCommitments.enumerated() { commitments[.permutationSigma(i)] = point.jacobian }

        var challenges: [Int: F] = [:]
        let lastPhase = max(cs.advicePhases.max() ?? 0, cs.challengePhases.max() ?? 0)
        for phase in 0...lastPhase {
            for i in cs.advicePhases.indices where cs.advicePhases[i] == phase {
                commitments[.advice(i)] = try transcript.readPoint().jacobian
            }
            for (index, challengePhase) in cs.challengePhases.enumerated() where challengePhase == phase {
                challenges[index] = transcript.squeezeChallenge()
            }
        }
        let theta = transcript.squeezeChallenge()
        for g in shape.lookupGroups.indices {
            commitments[.lookupMultiplicity(g)] = try transcript.readPoint().jacobian
        }
        let beta = transcript.squeezeChallenge()
        let gamma = transcript.squeezeChallenge()
        for i in shape.permutationChunks.indices {
            commitments[.permutationProduct(i)] = try transcript.readPoint().jacobian
        }
        for (g, group) in shape.lookupGroups.enumerated() {
            for b in group.batches.indices {
                commitments[.lookupHelper(group: g, batch: b)] = try transcript.readPoint().jacobian
            }
            commitments[.lookupSum(g)] = try transcript.readPoint().jacobian
        }
        let randomCommitment = try transcript.readPoint()
        let y = transcript.squeezeChallenge()
        var pieces: [AffinePoint<S.Curve>] = []
        for _ in 0..<(shape.degree - 1) { pieces.append(try transcript.readPoint()) }
        let x = transcript.squeezeChallenge()

        var evaluations: [PolynomialQuery: F] = [:]
        for query in shape.openedQueries { evaluations[query] = try transcript.readScalar() }
        let randomEvaluation = try transcript.readScalar()

        // Values the verifier computes itself: the Lagrange selectors and (KZG) the instance columns.
        let xn = x.pow(UInt64(n))
        let lagrange = LagrangeEvaluator(domain: domain, x: x, xn: xn)
        let firstRow = lagrange.value(row: 0)
        let lastRow = lagrange.value(row: u)
        var blindingRows = F.zero
        for row in (u + 1)..<n { blindingRows += lagrange.value(row: row) }
        let activeRows = F.one - lastRow - blindingRows
        func value(_ query: PolynomialQuery) -> F {
            switch query.polynomial {
            case .firstRow: return firstRow
            case .lastRow: return lastRow
            case .activeRows: return activeRows
            case let .instance(i) where !S.commitsInstances:
                return LagrangeEvaluator(domain: domain, x: domain.element(query.rotation) * x, xn: xn)
                    .combination(instances[i])
            default: return evaluations[query] ?? .zero
            }
        }
        func challenge(_ id: ChallengeID) -> F {
            switch id {
            case let .user(i): challenges[i] ?? .zero
            case .theta: theta
            case .beta: beta
            case .gamma: gamma
            }
        }
        var combined = F.zero
        for constraint in shape.constraints {
            combined = combined * y + constraint.expression.evaluate(query: value, challenge: challenge, x: x)
        }
        guard let vanishingInverse = (xn - .one).inverse() else { return false }
        let quotientValue = combined * vanishingInverse

        let ids = Dictionary(uniqueKeysWithValues: shape.committedPolynomials.enumerated().map { ($1, $0) })
        var queries: [VerifierQuery<S.Curve>] = []
        for query in shape.openedQueries {
            guard let commitment = commitments[query.polynomial], let id = ids[query.polynomial],
                  let evaluation = evaluations[query] else {
                throw PlonkError.malformedKey("no commitment for \(query.polynomial)")
            }
            queries.append(VerifierQuery(commitmentID: id, point: domain.element(query.rotation) * x,
                                         commitment: commitment, evaluation: evaluation))
        }
        var quotientCommitment = JacobianPoint<S.Curve>.infinity
        for piece in pieces.reversed() { quotientCommitment = quotientCommitment.multiplied(by: xn) + piece.jacobian }
        queries.append(VerifierQuery(commitmentID: ids[.vanishingQuotient] ?? -1, point: x,
                                     commitment: quotientCommitment, evaluation: quotientValue))
        queries.append(VerifierQuery(commitmentID: ids[.vanishingRandom] ?? -1, point: x,
                                     commitment: randomCommitment.jacobian, evaluation: randomEvaluation))
        let accepted = try params.verify(queries, transcript: &transcript)
        try transcript.finish()
        return accepted
    }

    static func instanceCommitment<V: CommitmentVerifier>(_ params: V, _ values: [V.Curve.Scalar]) throws
        -> AffinePoint<V.Curve>
    {
        guard let point = params.commitLagrange(values, blind: .one) else {
            throw PlonkError.parameters(.malformedParameters("these verifier parameters cannot commit instances"))
        }
        return point
    }
}

/// Lagrange basis polynomials of the domain at one point: L_i(x) = ω^i·(xⁿ − 1) / (n·(x − ω^i)).
struct LagrangeEvaluator<F: PrimeField> {
    let domain: EvaluationDomain<F>
    let x: F
    let xn: F

    func value(row: Int) -> F {
        let w = domain.element(row)
        guard let inverse = (F(word: UInt64(domain.n)) * (x - w)).inverse() else {
            return .one  // x is ω^row itself
        }
        return w * (xn - .one) * inverse
    }

    /// Σ values[i]·L_i(x).
    func combination(_ values: [F]) -> F {
        if values.isEmpty { return .zero }
        var denominators = values.indices.map { F(word: UInt64(domain.n)) * (x - domain.element($0)) }
        if denominators.contains(where: \.isZero) {
            return values.indices.reduce(F.zero) { $0 + values[$1] * value(row: $1) }
        }
        batchInvert(&denominators)
        let scale = xn - .one
        var sum = F.zero
        for i in values.indices { sum += values[i] * domain.element(i) * denominators[i] }
        return sum * scale
    }
}
