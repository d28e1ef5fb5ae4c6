/// The SHPLONK multi-point opening prover (Boneh–Drake–Fisch–Gabizon, as in halo2/PSE `ProverSHPLONK`).
///
/// With rotation sets S_i (commitments p_ij sharing the point set S_i, r_ij interpolating their claimed values on
/// S_i) and T the union of all points:
/// 1. squeeze y, v; send h = [Σ_i v^i·Σ_j y^j·(p_ij − r_ij) / Z_{S_i}](s);
/// 2. squeeze u; with z_i = Z_{T∖S_i}(u), L(X) = Σ_i v^i·z_i·Σ_j y^j·(p_ij(X) − r_ij(u)) − Z_T(u)·h(X) vanishes
///    at u; send h′ = [L(X) / ((X − u)·z_0)](s).
/// The proof is the two points h and h′.
extension KZGParameters {
    public func open(_ queries: [ProverQuery<BN254Fr>], transcript: inout ProofWriter<BN254G1Curve>) throws {
        let grouping = try SHPLONKRotationSets(queries.map { ($0.commitmentID, $0.point) })
        let y = transcript.squeezeChallenge()
        let v = transcript.squeezeChallenge()

        // Per set: M_i = Σ_j y^j·p_ij and R_i = Σ_j y^j·r_ij, kept for the linearisation after u.
        var combined: [[BN254Fr]] = []
        var interpolants: [[BN254Fr]] = []
        var h: [BN254Fr] = []
        var vPower = BN254Fr.one
        for set in grouping.sets {
            let polynomials = set.members.map { queries[$0.queryIndices[0]].polynomial }
            let length = polynomials.map(\.count).max() ?? 0
            precondition(length <= n, "a polynomial of \(length) coefficients exceeds 2^\(k)")
            var m = [BN254Fr](repeating: .zero, count: length)
            var r = [BN254Fr](repeating: .zero, count: set.points.count)
            var yPower = BN254Fr.one
            for (member, polynomial) in zip(set.members, polynomials) {
                SHPLONKProverPolynomials.accumulate(polynomial, scaledBy: yPower, into: &m)
                let interpolant = SHPLONKPolynomials.interpolate(
                    points: set.points, values: member.queryIndices.map { queries[$0].evaluation })
                for d in 0..<r.count { r[d] += yPower * interpolant[d] }
                yPower *= y
            }
            // (M_i − R_i) / Z_{S_i}: exact when the claims are true; a false claim leaves a remainder, which is
            // dropped, and the verifier's pairing check fails.
            var numerator = m
            if numerator.count < r.count { numerator += [BN254Fr](repeating: .zero, count: r.count - numerator.count) }
            for d in 0..<r.count { numerator[d] -= r[d] }
            SHPLONKProverPolynomials.divide(&numerator, byLinearFactorsWithRoots: set.points)
            SHPLONKProverPolynomials.accumulate(numerator, scaledBy: vPower, into: &h)
            combined.append(m)
            interpolants.append(r)
            vPower *= v
        }
        try transcript.writePoint(commit(h).affine)
        let u = transcript.squeezeChallenge()

        // L/z_0 directly: the normalisation rides on the scalars instead of costing a pass over the quotient.
        let firstDifference = grouping.allPoints.filter { !grouping.sets[0].points.contains($0) }
        guard let z0Inverse = SHPLONKPolynomials.vanishing(firstDifference, at: u).inverse() else {
            throw SHPLONKError.challengeIsAnOpeningPoint
        }
        var linearisation: [BN254Fr] = []
        var constant = BN254Fr.zero
        vPower = .one
        for (set, (m, r)) in zip(grouping.sets, zip(combined, interpolants)) {
            let difference = grouping.allPoints.filter { !set.points.contains($0) }
            let scale = vPower * SHPLONKPolynomials.vanishing(difference, at: u) * z0Inverse
            SHPLONKProverPolynomials.accumulate(m, scaledBy: scale, into: &linearisation)
            constant += scale * evaluatePolynomial(r, at: u)
            vPower *= v
        }
        let zT = SHPLONKPolynomials.vanishing(grouping.allPoints, at: u)
        SHPLONKProverPolynomials.accumulate(h, scaledBy: -(zT * z0Inverse), into: &linearisation)
        if linearisation.isEmpty { linearisation = [.zero] }
        linearisation[0] -= constant
        SHPLONKProverPolynomials.divide(&linearisation, byLinearFactorsWithRoots: [u])
        try transcript.writePoint(commit(linearisation).affine)
    }
}

/// Long-polynomial passes of the SHPLONK prover.
enum SHPLONKProverPolynomials {
    /// target += scale·polynomial, growing target to the polynomial's length; parallel over coefficient ranges.
    static func accumulate(_ polynomial: [BN254Fr], scaledBy scale: BN254Fr, into target: inout [BN254Fr]) {
        if target.count < polynomial.count {
            target += [BN254Fr](repeating: .zero, count: polynomial.count - target.count)
        }
        let isOne = scale == .one
        polynomial.withUnsafeBufferPointer { source in
            target.withUnsafeMutableBufferPointer { destination in
                ParallelRanges.forEachChunk(count: source.count, minimumChunk: 1 << 13) { range in
                    if isOne {
                        for i in range { destination[i] += source[i] }
                    } else {
                        for i in range { destination[i] += scale * source[i] }
                    }
                }
            }
        }
    }

    /// Replaces p by the quotient of p / Π(X − root), dropping the remainder (zero when every root is a root of p).
    /// Synthetic division, one root at a time: each pass is the recurrence q_{i−1} = p_i + root·q_i.
    static func divide(_ polynomial: inout [BN254Fr], byLinearFactorsWithRoots roots: [BN254Fr]) {
        for root in roots {
            guard !polynomial.isEmpty else { return }
            polynomial.withUnsafeMutableBufferPointer { p in
                var carry = BN254Fr.zero
                for i in stride(from: p.count - 1, through: 0, by: -1) {
                    let next = p[i] + carry * root
                    p[i] = carry
                    carry = next
                }
            }
            polynomial.removeLast()
        }
    }
}

/// A SHPLONK opening that cannot be made.
public enum SHPLONKError: Error, Equatable, Sendable {
    /// The challenge u equals one of the opening points, which makes the normalisation 1/Z_{T∖S_0}(u) undefined.
    /// It happens with probability about |T|/r; a fresh transcript (any change to the proof) avoids it.
    case challengeIsAnOpeningPoint
}
