/// The optimal ate pairing e: G1 × G2 → GT ⊂ Fq12 of BN254, with the same value as halo2curves and py_ecc
/// (the final exponentiation raises to exactly (q¹² − 1)/r).
///
/// Inputs are assumed to be valid group elements (on the curve, in the order-r subgroup); decoders check that.
/// Pairs with the point at infinity on either side contribute 1 and are skipped.
public enum BN254Pairing {
    /// 6x + 2 in non-adjacent form, least significant digit first; x = 0x44e992b44a6909f1 is the BN parameter.
    public static let sixXPlusTwoNAF: [Int8] = [
        0, 0, 0, 1, 0, 1, 0, -1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, -1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 0, -1, 0,
        0, 1, 0, -1, 0, 0, 1, 0, 0, 0, 0, 0, -1, 0, 0, -1, 0, 1, 0, -1, 0, 0, 0, -1, 0, -1, 0, 0, 0, 1, 0, -1,
        0, 1,
    ]

    /// 3b′ with b′ = 3/ξ the twist coefficient, in Montgomery form.
    @inlinable
    static var threeTwistB: BN254Fq2 {
        BN254Fq2(
            BN254Fq(montgomery: 0x3baa927cb62e0d6a, 0xd71e7c52d1b664fd, 0x03873e63d95d4664, 0x0e75b5b1082ab8f4),
            BN254Fq(montgomery: 0xaab7c6667596fe35, 0x31d21a78bb6a27ba, 0x85dd7297680401ff, 0x03c52d6adf39a7e9))
    }

    /// e(P, Q).
    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> BN254Fq12 {
        finalExponentiation(millerLoop([(p, G2Prepared(q))]))
    }

    /// ∏ e(Pᵢ, Qᵢ) with one shared Miller loop and one final exponentiation.
    public static func multiPairing(_ pairs: [(G1Affine, G2Affine)]) -> BN254Fq12 {
        finalExponentiation(millerLoop(pairs.map { ($0.0, G2Prepared($0.1)) }))
    }

    /// ∏ e(Pᵢ, Qᵢ) for G2 points prepared in advance.
    public static func multiPairing(prepared pairs: [(G1Affine, G2Prepared)]) -> BN254Fq12 {
        finalExponentiation(millerLoop(pairs))
    }

    /// Whether ∏ e(Pᵢ, Qᵢ) = 1, the form in which verifiers (KZG openings) use the pairing.
    public static func pairingCheck(_ pairs: [(G1Affine, G2Affine)]) -> Bool {
        multiPairing(pairs) == .one
    }

    public static func pairingCheck(prepared pairs: [(G1Affine, G2Prepared)]) -> Bool {
        multiPairing(prepared: pairs) == .one
    }

    /// The product of the Miller functions of all pairs, before the final exponentiation. f is squared once per
    /// step for all pairs together, which is what makes a product of n pairings cheaper than n pairings.
    public static func millerLoop(_ pairs: [(G1Affine, G2Prepared)]) -> BN254Fq12 {
        let active = pairs.filter { !$0.0.isInfinity && !$0.1.isInfinity }
        if active.isEmpty { return .one }
        let points = active.map { $0.0 }
        let lineTables = active.map { $0.1.lines }
        let naf = sixXPlusTwoNAF
        var f = BN254Fq12.one
        var lineIndex = 0

        @inline(__always)
        func multiplyByLines(_ f: inout BN254Fq12) {
            for j in 0..<points.count {
                let line = lineTables[j][lineIndex]
                let p = points[j]
                f = f.multiplied(
                    by034: line.yCoefficient.scaled(by: p.y), line.xCoefficient.scaled(by: p.x), line.constant)
            }
            lineIndex += 1
        }

        for i in stride(from: naf.count - 2, through: 0, by: -1) {
            if i != naf.count - 2 { f = f.squared() }
            multiplyByLines(&f)
            if naf[i] != 0 { multiplyByLines(&f) }
        }
        multiplyByLines(&f)  // l_{T, π(Q)}
        multiplyByLines(&f)  // l_{T, −π²(Q)}
        return f
    }
}
