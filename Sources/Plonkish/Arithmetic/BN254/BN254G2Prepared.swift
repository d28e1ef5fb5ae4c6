extension BN254Pairing {
    /// One line of the Miller loop with the G1 point still to be plugged in: at P = (xP, yP) it is the sparse Fq12
    /// element (yCoefficient·yP) + (xCoefficient·xP)·w + constant·w³ (`BN254Fq12.multiplied(by034:)`).
    ///
    /// Lines are only known up to a factor in Fq2 because the running point T is kept in homogeneous projective
    /// coordinates; the final exponentiation sends such factors to 1.
    @frozen
    public struct LineCoefficients: Sendable {
        public var yCoefficient: BN254Fq2
        public var xCoefficient: BN254Fq2
        public var constant: BN254Fq2

        @inlinable @inline(__always)
        public init(yCoefficient: BN254Fq2, xCoefficient: BN254Fq2, constant: BN254Fq2) {
            self.yCoefficient = yCoefficient
            self.xCoefficient = xCoefficient
            self.constant = constant
        }
    }

    /// A G2 point with every line of its Miller loop precomputed: they depend on Q alone, so a fixed Q (the KZG
    /// verifier's [1]G2 and [s]G2) is prepared once and then paired with many G1 points.
    public struct G2Prepared: Sendable {
        /// The lines in the order the Miller loop consumes them; empty for the point at infinity.
        public let lines: [LineCoefficients]

        public var isInfinity: Bool { lines.isEmpty }

        public init(_ q: G2Affine) {
            lines = q.isInfinity ? [] : Self.millerLoopLines(q)
        }

        /// A running point T = (X : Y : Z) of the twist, x = X/Z, y = Y/Z.
        struct HomogeneousPoint {
            var x: BN254Fq2
            var y: BN254Fq2
            var z: BN254Fq2
        }

        static func millerLoopLines(_ q: G2Affine) -> [LineCoefficients] {
            let naf = BN254Pairing.sixXPlusTwoNAF
            var lines: [LineCoefficients] = []
            lines.reserveCapacity(naf.count + naf.count / 2 + 2)
            let negatedQ = -q
            var t = HomogeneousPoint(x: q.x, y: q.y, z: .one)
            for i in stride(from: naf.count - 2, through: 0, by: -1) {
                lines.append(doublingStep(&t))
                if naf[i] == 1 {
                    lines.append(additionStep(&t, q))
                } else if naf[i] == -1 {
                    lines.append(additionStep(&t, negatedQ))
                }
            }
            // The optimal ate function for BN curves: f_{6x+2,Q} · l_{T,π(Q)} · l_{T+π(Q),−π²(Q)}.
            let q1 = twistFrobenius(q)
            let q2 = twistFrobenius(q1)
            lines.append(additionStep(&t, q1))
            lines.append(additionStep(&t, -q2))
            return lines
        }

        /// T ← 2T and the tangent at T, after Costello–Lange–Naehrig (homogeneous coordinates, a = 0), with the
        /// halvings scaled away. The tangent through the untwisted T = (x·w², y·w³) times 2YZ, at P, is
        /// 2YZ·yP − 3X²·xP·w + (Y² − 3b′Z²)·w³; the sign is flipped (−1 lies in Fq).
        static func doublingStep(_ t: inout HomogeneousPoint) -> LineCoefficients {
            let xx = t.x.squared()
            let yy = t.y.squared()
            let zz = t.z.squared()
            let twoXY = (t.x + t.y).squared() - xx - yy
            let e = zz * BN254Pairing.threeTwistB  // 3b′Z²
            let f = e.doubled() + e  // 9b′Z²
            let twoYZ = (t.y + t.z).squared() - yy - zz
            // Exact doubling is (XY/2·(Y² − 9b′Z²), ((Y² + 9b′Z²)/2)² − 27b′²Z⁴, 2Y³Z); this is 4× that.
            let x3 = twoXY * (yy - f)
            let e2 = e.squared()
            let y3 = (yy + f).squared() - (e2.doubled() + e2).doubled().doubled()
            let z3 = (yy * twoYZ).doubled().doubled()
            let line = LineCoefficients(yCoefficient: -twoYZ, xCoefficient: xx.doubled() + xx, constant: e - yy)
            t = HomogeneousPoint(x: x3, y: y3, z: z3)
            return line
        }

        /// T ← T + Q for an affine Q, and the line through T and Q: with θ = Y − yQ·Z and λ = X − xQ·Z (the slope is
        /// θ/λ), the line times λ at P is λ·yP − θ·xP·w + (θ·xQ − λ·yQ)·w³.
        static func additionStep(_ t: inout HomogeneousPoint, _ q: G2Affine) -> LineCoefficients {
            let theta = t.y - q.y * t.z
            let lambda = t.x - q.x * t.z
            let thetaSquared = theta.squared()
            let lambdaSquared = lambda.squared()
            let lambdaCubed = lambdaSquared * lambda
            let g = t.x * lambdaSquared
            let h = lambdaCubed + t.z * thetaSquared - g.doubled()
            let x3 = lambda * h
            let y3 = theta * (g - h) - t.y * lambdaCubed
            let z3 = t.z * lambdaCubed
            let line = LineCoefficients(
                yCoefficient: lambda, xCoefficient: -theta, constant: theta * q.x - lambda * q.y)
            t = HomogeneousPoint(x: x3, y: y3, z: z3)
            return line
        }

        /// The q-power Frobenius of E(Fq12) carried to the twist: untwisting (x, y) ↦ (x·w², y·w³) and raising to q
        /// gives (x̄·ξ^((q−1)/3), ȳ·ξ^((q−1)/2)).
        static func twistFrobenius(_ q: G2Affine) -> G2Affine {
            G2Affine(
                x: q.x.conjugate * BN254FrobeniusCoefficients.fq6C1(1),
                y: q.y.conjugate * BN254FrobeniusCoefficients.twistFrobeniusY)
        }
    }
}
