/// The SHPLONK verifier (halo2/PSE `VerifierSHPLONK`): from the queries, h and h′ it checks
///   e(h′, [s]G2) = e(Σ_i v^i·(z_i/z_0)·Σ_j y^j·(C_ij − r_ij(u)·G) − Z_{S_0}(u)·h + u·h′, G2)
/// with z_i = Z_{T∖S_i}(u), as one product of two pairings. See `KZGParameters.open` for the prover's side.
extension KZGVerifierParameters {
    public func verify(
        _ queries: [VerifierQuery<BN254G1Curve>], transcript: inout ProofReader<BN254G1Curve>
    ) throws -> Bool {
        let grouping = try SHPLONKRotationSets(queries.map { ($0.commitmentID, $0.point) })
        guard let firstSet = grouping.sets.first else { return false }
        let y = transcript.squeezeChallenge()
        let v = transcript.squeezeChallenge()
        let h = try transcript.readPoint()
        let u = transcript.squeezeChallenge()
        let hPrime = try transcript.readPoint()

        let firstDifference = grouping.allPoints.filter { !firstSet.points.contains($0) }
        guard let z0Inverse = SHPLONKPolynomials.vanishing(firstDifference, at: u).inverse() else { return false }

        var commitments: [G1] = []
        var scalars: [BN254Fr] = []
        var interpolated = BN254Fr.zero
        var vPower = BN254Fr.one
        for set in grouping.sets {
            let difference = grouping.allPoints.filter { !set.points.contains($0) }
            let scale = vPower * SHPLONKPolynomials.vanishing(difference, at: u) * z0Inverse
            var yPower = BN254Fr.one
            for member in set.members {
                let interpolant = SHPLONKPolynomials.interpolate(
                    points: set.points, values: member.queryIndices.map { queries[$0].evaluation })
                let coefficient = scale * yPower
                commitments.append(queries[member.queryIndices[0]].commitment)
                scalars.append(coefficient)
                interpolated += coefficient * evaluatePolynomial(interpolant, at: u)
                yPower *= y
            }
            vPower *= v
        }
        commitments += [G1(g), G1(h), G1(hPrime)]
        scalars += [-interpolated, -SHPLONKPolynomials.vanishing(firstSet.points, at: u), u]

        // The MSM takes affine points; identities (possible for commitments) contribute nothing and are dropped.
        let affine = JacobianPoint.batchAffine(commitments)
        var points: [G1Affine] = []
        var activeScalars: [BN254Fr] = []
        for (point, scalar) in zip(affine, scalars) where !point.isInfinity {
            points.append(point)
            activeScalars.append(scalar)
        }
        let right = multiScalarMultiply(points: points, scalars: activeScalars)
        return BN254Pairing.pairingCheck(prepared: [(hPrime, sG2Prepared), ((-right).affine, g2Prepared)])
    }
}
