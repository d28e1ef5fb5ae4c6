/// The prover's half of halo2's IPA multi-point opening (zcash `poly/multiopen/prover.rs`): all claims are reduced
/// to one polynomial P opened at one random point x₃, which the inner product argument then proves.
extension IPAParameters {
    public func open(_ queries: [ProverQuery<PastaFp>], transcript: inout ProofWriter<VestaCurve>) throws {
        for query in queries where query.polynomial.count > n {
            throw CommitmentError.parametersTooSmall(
                requested: Int.bitWidth - (query.polynomial.count - 1).leadingZeroBitCount, available: k)
        }
        let x1 = transcript.squeezeChallenge()
        let x2 = transcript.squeezeChallenge()
        let pointSets = try IPAPointSets(queries.map { ($0.commitmentID, $0.point) })

        // q_i = Σ x₁-powers · (the polynomials opened at set i), by Horner in first-seen order; blinds alike.
        var qPolynomials = [[PastaFp]](repeating: [], count: pointSets.sets.count)
        var qBlinds = [PastaFp](repeating: .zero, count: pointSets.sets.count)
        for commitment in pointSets.commitments {
            let query = queries[commitment.queryIndices[0]]
            let s = commitment.setIndex
            if qPolynomials[s].isEmpty { qPolynomials[s] = [PastaFp](repeating: .zero, count: n) }
            qPolynomials[s].withUnsafeMutableBufferPointer { q in
                query.polynomial.withUnsafeBufferPointer { p in
                    for i in 0..<n { q[i] = q[i] * x1 }
                    for i in 0..<p.count { q[i] = q[i] + p[i] }
                }
            }
            qBlinds[s] = qBlinds[s] * x1 + query.blind
        }

        // q′ = Σ x₂-powers · q_i / Π_{z ∈ set i}(X − z); dividing away each point drops the remainder, which is
        // the same as subtracting the interpolant r_i of the claimed values first.
        var qPrime = [PastaFp](repeating: .zero, count: n)
        for (points, q) in zip(pointSets.sets, qPolynomials) {
            var quotient = q
            for point in points { Self.divideByLinearFactor(&quotient, root: point) }
            for i in 0..<n { qPrime[i] = qPrime[i] * x2 + quotient[i] }
        }
        let qPrimeBlind = PastaFp.random()
        let qPrimeCommitment = qPrime.withUnsafeBufferPointer { commit($0, blind: qPrimeBlind) }
        try transcript.writePoint(qPrimeCommitment.affine)

        let x3 = transcript.squeezeChallenge()
        for q in qPolynomials { transcript.writeScalar(evaluatePolynomial(q, at: x3)) }

        let x4 = transcript.squeezeChallenge()
        var p = qPrime
        var pBlind = qPrimeBlind
        for (q, blind) in zip(qPolynomials, qBlinds) {
            for i in 0..<n { p[i] = p[i] * x4 + q[i] }
            pBlind = pBlind * x4 + blind
        }
        try proveInnerProduct(polynomial: p, blind: pBlind, point: x3, transcript: &transcript)
    }

    /// Replaces p by the quotient of p by (X − root), dropping the remainder p(root).
    static func divideByLinearFactor(_ p: inout [PastaFp], root: PastaFp) {
        let count = p.count
        guard count > 0 else { return }
        p.withUnsafeMutableBufferPointer { c in
            // Synthetic division from the top: quotient_{i−1} = c_i + root·quotient_i.
            var carry = PastaFp.zero
            var next = c[count - 1]
            for i in stride(from: count - 1, through: 1, by: -1) {
                carry = next + root * carry
                next = c[i - 1]
                c[i - 1] = carry
            }
            c[count - 1] = .zero
        }
    }
}
