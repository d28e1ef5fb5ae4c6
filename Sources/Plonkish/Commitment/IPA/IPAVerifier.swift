/// The verifier of halo2's IPA multi-opening and inner product argument (zcash `poly/multiopen/verifier.rs` and
/// `poly/commitment/verifier.rs`). Every check folds into one MSM over the 2^k generators plus the proof's points,
/// which must come out as the identity.
public struct IPAVerifierParameters: CommitmentVerifier {
    public typealias Curve = VestaCurve

    public let k: Int
    public let g: [VestaAffine]
    public let w: VestaAffine
    public let u: VestaAffine

    public init(k: Int, g: [VestaAffine], w: VestaAffine, u: VestaAffine) {
        precondition(g.count == 1 << k, "IPA verifier parameters of k = \(k) need \(1 << k) generators")
        self.k = k
        self.g = g
        self.w = w
        self.u = u
    }

    /// k as u32 little-endian: the generators are transparent, derived again from k.
    public func serialized() -> [UInt8] {
        (0..<4).map { UInt8(truncatingIfNeeded: UInt32(k) >> (8 * UInt32($0))) }
    }

    public init(serialized bytes: [UInt8]) throws {
        guard bytes.count == 4 else {
            throw CommitmentError.malformedParameters("IPA verifier parameters are 4 bytes, got \(bytes.count)")
        }
        let k = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        guard k <= 30 else { throw CommitmentError.malformedParameters("IPA parameters of k = \(k) exceed 30") }
        self = IPAParameters(k: k).verifier
    }

    /// The generators are derived from k by hashing, with no secret anyone could know.
    public var isKnownInsecure: Bool { false }

    public func downsized(toK k: Int) throws -> IPAVerifierParameters {
        guard k <= self.k else { throw CommitmentError.parametersTooSmall(requested: k, available: self.k) }
        precondition(k >= 0, "k must be non-negative")
        return IPAVerifierParameters(k: k, g: Array(g.prefix(1 << k)), w: w, u: u)
    }

    /// The instance columns' commitments, which the IPA verifier recomputes from the public values: the values are
    /// interpolated (one field IFFT) and committed over G, plus blind·W.
    public func commitLagrange(_ values: [PastaFp], blind: PastaFp) -> VestaAffine? {
        guard values.count == 1 << k else { return nil }
        var coefficients = values
        EvaluationDomain<PastaFp>(k: k).ifft(&coefficients)
        let body = multiScalarMultiply(points: g, scalars: coefficients)
        return body.adding(Vesta(w).multipliedWindowed(by: blind)).affine
    }

    public func verify(_ queries: [VerifierQuery<VestaCurve>], transcript: inout ProofReader<VestaCurve>) throws
        -> Bool
    {
        let x1 = transcript.squeezeChallenge()
        let x2 = transcript.squeezeChallenge()
        let pointSets = try IPAPointSets(queries.map { ($0.commitmentID, $0.point) })
        let setCount = pointSets.sets.count

        // Per set: the x₁-combination of the claimed values at each of its points, and each commitment's
        // x₁-power within its set (Horner in first-seen order gives the first commitment the highest power).
        var setValues = pointSets.sets.map { [PastaFp](repeating: .zero, count: $0.count) }
        var commitmentPowers = [PastaFp](repeating: .zero, count: pointSets.commitments.count)
        var setPowerOfNext = [PastaFp](repeating: .one, count: setCount)
        for (c, commitment) in pointSets.commitments.enumerated().reversed() {
            commitmentPowers[c] = setPowerOfNext[commitment.setIndex]
            setPowerOfNext[commitment.setIndex] = setPowerOfNext[commitment.setIndex] * x1
        }
        for commitment in pointSets.commitments {
            let s = commitment.setIndex
            for (position, queryIndex) in commitment.queryIndices.enumerated() {
                setValues[s][position] = setValues[s][position] * x1 + queries[queryIndex].evaluation
            }
        }

        let qPrime = try transcript.readPoint()
        let x3 = transcript.squeezeChallenge()
        var qEvaluations: [PastaFp] = []
        for _ in 0..<setCount { qEvaluations.append(try transcript.readScalar()) }

        // q′(x₃) as the prover must have built it: Σ x₂-powers · (q_i(x₃) − r_i(x₃)) / Π(x₃ − z).
        var qPrimeEvaluation = PastaFp.zero
        for s in 0..<setCount {
            guard let term = Self.quotientEvaluation(
                claimed: qEvaluations[s], points: pointSets.sets[s], values: setValues[s], at: x3)
            else { return false }
            qPrimeEvaluation = qPrimeEvaluation * x2 + term
        }

        let x4 = transcript.squeezeChallenge()
        // P = x₄^m·q′ + Σ x₄^(m−1−i)·q_i and v = P(x₃) likewise.
        var v = qPrimeEvaluation
        for evaluation in qEvaluations { v = v * x4 + evaluation }
        var setPowers = [PastaFp](repeating: .one, count: setCount)
        var power = PastaFp.one
        for s in stride(from: setCount - 1, through: 0, by: -1) {
            setPowers[s] = power
            power = power * x4
        }
        var points: [VestaAffine] = [qPrime]
        var scalars: [PastaFp] = [power]
        // Queries that share a commitment ID must name the same commitment, or the claims are not about one
        // polynomial.
        for commitment in pointSets.commitments {
            let first = queries[commitment.queryIndices[0]].commitment
            if commitment.queryIndices.dropFirst().contains(where: { queries[$0].commitment != first }) { return false }
        }
        let commitments = Vesta.batchAffine(pointSets.commitments.map { queries[$0.queryIndices[0]].commitment })
        for (c, commitment) in pointSets.commitments.enumerated() where !commitments[c].isInfinity {
            points.append(commitments[c])
            scalars.append(commitmentPowers[c] * setPowers[commitment.setIndex])
        }

        return try verifyInnerProduct(
            points: points, scalars: scalars, point: x3, value: v, transcript: &transcript)
    }

    /// (claimed − r(x)) / Π(x − z) where r interpolates `values` at `points`; nil when x is one of the points.
    static func quotientEvaluation(claimed: PastaFp, points: [PastaFp], values: [PastaFp], at x: PastaFp)
        -> PastaFp?
    {
        var interpolant = PastaFp.zero
        for (j, zj) in points.enumerated() {
            var numerator = values[j]
            var denominator = PastaFp.one
            for (l, zl) in points.enumerated() where l != j {
                numerator = numerator * (x - zl)
                denominator = denominator * (zj - zl)
            }
            guard let inverse = denominator.inverse() else { return nil }
            interpolant = interpolant + numerator * inverse
        }
        var vanishing = PastaFp.one
        for z in points { vanishing = vanishing * (x - z) }
        guard let vanishingInverse = vanishing.inverse() else { return nil }
        return (claimed - interpolant) * vanishingInverse
    }

    /// Checks the inner product argument for the commitment Σ scalars_i·points_i opened to `value` at x:
    /// P − v·G₀ + ξ·S + Σ(u_j⁻¹·L_j + u_j·R_j) − c·⟨s, G⟩ − c·b·z·U − f·W = 0, with s and b from the round
    /// challenges u_j.
    func verifyInnerProduct(
        points extraPoints: [VestaAffine], scalars extraScalars: [PastaFp], point x: PastaFp, value v: PastaFp,
        transcript: inout ProofReader<VestaCurve>
    ) throws -> Bool {
        let n = 1 << k
        let s = try transcript.readPoint()
        let xi = transcript.squeezeChallenge()
        let z = transcript.squeezeChallenge()
        var rounds: [(l: VestaAffine, r: VestaAffine)] = []
        var challenges: [PastaFp] = []
        for _ in 0..<k {
            let l = try transcript.readPoint()
            let r = try transcript.readPoint()
            rounds.append((l, r))
            challenges.append(transcript.squeezeChallenge())
        }
        let c = try transcript.readScalar()
        let f = try transcript.readScalar()
        var inverses = challenges
        batchInvert(&inverses)
        if challenges.contains(where: \.isZero) { return false }

        // s_i = Π_j u_j^(bit of i for round j), round 0 owning the top bit, scaled by −c.
        var gScalars = [PastaFp](repeating: .zero, count: n)
        gScalars[0] = -c
        for (round, challenge) in challenges.reversed().enumerated() {
            let length = 1 << round
            for i in 0..<length { gScalars[length + i] = gScalars[i] * challenge }
        }
        gScalars[0] = gScalars[0] - v
        // b = Π_j (1 + u_j·x^(2^(k−1−j))) = ⟨s, (1, x, x², …)⟩.
        var b = PastaFp.one
        var xPower = x
        for challenge in challenges.reversed() {
            b = b * (.one + challenge * xPower)
            xPower = xPower.squared()
        }

        var points = g + [w, u, s] + extraPoints
        var scalars = gScalars + [-f, -(c * b * z), xi] + extraScalars
        for (round, (l, r)) in rounds.enumerated() {
            points += [l, r]
            scalars += [inverses[round], challenges[round]]
        }
        return multiScalarMultiply(points: points, scalars: scalars).isInfinity
    }
}
