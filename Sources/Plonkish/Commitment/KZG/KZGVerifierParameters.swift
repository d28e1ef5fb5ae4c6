/// What a KZG verifier needs: g[0] = G1, g2 = G2 and sG2 = [s]G2, with both G2 points prepared for the pairing.
public struct KZGVerifierParameters: CommitmentVerifier {
    public typealias Curve = BN254G1Curve

    public let k: Int
    /// [1]G1 of the setup (g[0]).
    public let g: G1Affine
    public let g2: G2Affine
    public let sG2: G2Affine
    let g2Prepared: BN254Pairing.G2Prepared
    let sG2Prepared: BN254Pairing.G2Prepared

    public init(k: Int, g: G1Affine, g2: G2Affine, sG2: G2Affine) {
        self.k = k
        self.g = g
        self.g2 = g2
        self.sG2 = sG2
        g2Prepared = BN254Pairing.G2Prepared(g2)
        sG2Prepared = BN254Pairing.G2Prepared(sG2)
    }

    /// The verifier needs no table that depends on k: only the bound changes.
    public func downsized(toK smallerK: Int) throws -> KZGVerifierParameters {
        guard smallerK <= k else { throw CommitmentError.parametersTooSmall(requested: smallerK, available: k) }
        guard smallerK >= 0 else { throw CommitmentError.malformedParameters("k = \(smallerK) is negative") }
        return KZGVerifierParameters(k: smallerK, g: g, g2: g2, sG2: sG2)
    }

    // MARK: Serialization

    /// k as u32 little-endian, then g (32 bytes), g2 and sG2 (64 bytes each), compressed in halo2curves' layout.
    public static var serializedByteCount: Int {
        4 + G1Affine.compressedByteCount + 2 * G2Affine.compressedByteCount
    }

    public func serialized() -> [UInt8] {
        let header = UInt32(k)
        return (0..<4).map { UInt8(truncatingIfNeeded: header >> (8 * UInt32($0))) }
            + g.compressed + g2.compressed + sG2.compressed
    }

    /// Reads `serialized()`: every point must decode (G2 points in the subgroup) and none may be the identity.
    public init(serialized bytes: [UInt8]) throws {
        guard bytes.count == Self.serializedByteCount else {
            throw CommitmentError.malformedParameters(
                "KZG verifier parameters are \(Self.serializedByteCount) bytes, got \(bytes.count)")
        }
        let k = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        guard k <= KZGParameters.maximumK else {
            throw CommitmentError.malformedParameters("k = \(k) exceeds the BN254 maximum \(KZGParameters.maximumK)")
        }
        let gEnd = 4 + G1Affine.compressedByteCount
        let g2End = gEnd + G2Affine.compressedByteCount
        let g: G1Affine, g2: G2Affine, sG2: G2Affine
        do {
            g = try G1Affine(compressed: bytes[4..<gEnd])
            g2 = try G2Affine(compressed: bytes[gEnd..<g2End])
            sG2 = try G2Affine(compressed: bytes[g2End...])
        } catch {
            throw CommitmentError.malformedParameters("KZG verifier parameters hold an invalid point: \(error)")
        }
        guard !g.isInfinity, !g2.isInfinity, !sG2.isInfinity else {
            throw CommitmentError.malformedParameters("KZG verifier parameters hold the point at infinity")
        }
        self.init(k: k, g: g, g2: g2, sG2: sG2)
    }
}
