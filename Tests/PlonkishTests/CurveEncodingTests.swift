import Foundation
import Plonkish
import Testing

/// Compressed, uncompressed and raw-Montgomery point encodings: round trips, halo2curves byte layouts, rejections.
struct CurveEncodingTests {
    /// Little-endian bytes of `limbs`, `count` bytes long.
    static func littleEndianBytes(_ limbs: [UInt64], count: Int = 32) -> [UInt8] {
        (0..<count).map { i in i / 8 < limbs.count ? UInt8(truncatingIfNeeded: limbs[i / 8] >> UInt64(8 * (i % 8))) : 0 }
    }

    /// The decoding error `body` throws; nil if it succeeds (or throws something else, which no decoder does).
    static func decodeError(_ body: () throws -> Void) -> PointDecodingError? {
        do {
            try body()
            return nil
        } catch {
            return error as? PointDecodingError
        }
    }

    /// The smallest x = 1, 2, 3, … (times `unit`) with x³ + b a non-square: an x no point has.
    static func xWithoutPoint<C: PointEncodingCurve>(_: C.Type, unit: C.Base = .one) -> C.Base {
        var x = unit
        while (x.squared() * x + C.b).squareRoot() != nil { x += unit }
        return x
    }

    @Test("encodings round-trip on random points and on ∞, and flipping the sign bit negates")
    func roundTrips() {
        func check<C: PointEncodingCurve>(_: C.Type) throws {
            typealias A = AffinePoint<C>
            var points = [A.generator, A.infinity, -A.generator]
            for _ in 0..<4 { points.append(CurveTestSupport.randomPoint(C.self).affine) }
            for p in points {
                #expect(p.compressed.count == A.compressedByteCount)
                #expect(try A(compressed: p.compressed) == p, "\(C.name) compressed \(p)")
                #expect(p.uncompressed.count == A.uncompressedByteCount)
                #expect(try A(uncompressed: p.uncompressed) == p, "\(C.name) uncompressed \(p)")
                #expect(try A(rawMontgomery: p.rawMontgomery) == p, "\(C.name) raw Montgomery \(p)")
                // Collections other than arrays take the copying path.
                #expect(try A(uncompressed: p.uncompressed[...]) == p)
                #expect(try A(compressed: p.compressed.reversed().reversed()) == p)
                if !p.isInfinity {
                    var flipped = p.compressed
                    flipped[flipped.count - 1] ^= C.compressedFlagLayout.signMask
                    #expect(try A(compressed: flipped) == -p, "\(C.name) sign bit selects ±y")
                    // Both halves are the canonical coordinates.
                    let n = A.compressedByteCount
                    var x = p.compressed
                    x[n - 1] &= ~C.compressedFlagLayout.signMask
                    #expect(Array(p.uncompressed[0..<n]) == x, "\(C.name) compressed x = uncompressed x")
                }
            }
            #expect(A.infinity.uncompressed.allSatisfy { $0 == 0 } && A.infinity.rawMontgomery.allSatisfy { $0 == 0 })
        }
        #expect(throws: Never.self) {
            try check(BN254G1Curve.self)
            try check(BN254G2Curve.self)
            try check(PallasCurve.self)
            try check(VestaCurve.self)
        }
    }

    @Test("BN254 G1 halo2curves bytes: G = 01 00…00, −G sets the sign bit, both flag layouts")
    func bn254G1KnownBytes() throws {
        var generator = [UInt8](repeating: 0, count: 32)
        generator[0] = 1
        #expect(G1Affine.generator.compressed == generator)
        #expect(G1Affine.generator.compressed(flags: .halo2curvesLegacy) == generator)
        // −G = (1, q − 2), and q − 2 is odd.
        var negated = generator
        negated[31] = 0x80
        #expect((-G1Affine.generator).compressed == negated)
        #expect((-G1Affine.generator).compressed(flags: .halo2curves) == negated)
        var negatedLegacy = generator
        negatedLegacy[31] = 0x40
        #expect((-G1Affine.generator).compressed(flags: .halo2curvesLegacy) == negatedLegacy)
        var identity = [UInt8](repeating: 0, count: 32)
        identity[31] = 0x40
        #expect(G1Affine.infinity.compressed == identity)
        var identityLegacy = [UInt8](repeating: 0, count: 32)
        identityLegacy[31] = 0x80
        #expect(G1Affine.infinity.compressed(flags: .halo2curvesLegacy) == identityLegacy)

        #expect(try G1Affine(compressed: negated) == -G1Affine.generator)
        #expect(try G1Affine(compressed: negatedLegacy, flags: .halo2curvesLegacy) == -G1Affine.generator)
        #expect(try G1Affine(compressed: identity) == .infinity)
        #expect(try G1Affine(compressed: identityLegacy, flags: .halo2curvesLegacy) == .infinity)
        // The layouts disagree on these bytes: read with the other layout they are an identity flag with x ≠ 0.
        #expect(Self.decodeError { _ = try G1Affine(compressed: negated, flags: .halo2curvesLegacy) } == .invalidFlags)
        #expect(Self.decodeError { _ = try G1Affine(compressed: negatedLegacy) } == .invalidFlags)
        // Read with the other layout, the identity is x = 0 with the sign bit set: no such point.
        #expect(Self.decodeError { _ = try G1Affine(compressed: identityLegacy) } == .noPointWithX)

        // Uncompressed: 1 ‖ 2.
        var uncompressed = [UInt8](repeating: 0, count: 64)
        uncompressed[0] = 1
        uncompressed[32] = 2
        #expect(G1Affine.generator.uncompressed == uncompressed)

        for flags in BN254PointFlags.allCases {
            for _ in 0..<3 {
                let p = CurveTestSupport.randomPoint(BN254G1Curve.self).affine
                #expect(try G1Affine(compressed: p.compressed(flags: flags), flags: flags) == p)
                let q = CurveTestSupport.randomPoint(BN254G2Curve.self).affine
                #expect(try G2Affine(compressed: q.compressed(flags: flags), flags: flags) == q)
            }
            #expect(try G2Affine(compressed: G2Affine.infinity.compressed(flags: flags), flags: flags) == .infinity)
        }
    }

    @Test("BN254 G2 compressed bytes: x.c0 ‖ x.c1 with flags in byte 63 and the sign from y.c0's parity")
    func bn254G2Layout() throws {
        let g = G2Affine.generator
        let bytes = g.compressed
        #expect(Array(bytes[0..<32]) == g.x.c0.bytes)
        var c1 = g.x.c1.bytes
        if g.y.c0.bytes[0] & 1 == 1 { c1[31] |= 0x80 }
        #expect(Array(bytes[32..<64]) == c1)
        #expect(g.uncompressed == g.x.c0.bytes + g.x.c1.bytes + g.y.c0.bytes + g.y.c1.bytes)
        #expect((-g).compressed[63] & 0x80 != bytes[63] & 0x80, "G and −G differ in the sign bit")
        var identity = [UInt8](repeating: 0, count: 64)
        identity[63] = 0x40
        #expect(G2Affine.infinity.compressed == identity)
    }

    @Test("decoders reject flipped flags, non-canonical x, x with no point, off-curve points, wrong lengths")
    func rejections() {
        func check<C: PointEncodingCurve>(_: C.Type, primeModulus: [UInt64], unit: C.Base = .one) {
            typealias A = AffinePoint<C>
            let layout = C.compressedFlagLayout
            let n = A.compressedByteCount
            let p = CurveTestSupport.randomPoint(C.self).affine
            let compressed = p.compressed

            // Lengths.
            for bad in [Array(compressed.dropLast()), compressed + [0], []] {
                #expect(Self.decodeError { _ = try A(compressed: bad) } == .wrongLength(expected: n, actual: bad.count))
            }
            for bad in [Array(p.uncompressed.dropLast()), p.uncompressed + [0]] {
                #expect(Self.decodeError { _ = try A(uncompressed: bad) } == .wrongLength(expected: 2 * n, actual: bad.count))
                #expect(Self.decodeError { _ = try A(rawMontgomery: bad) } == .wrongLength(expected: 2 * n, actual: bad.count))
            }

            // Identity flags.
            if let identityMask = layout.identityMask {
                var withIdentity = compressed
                withIdentity[n - 1] |= identityMask
                #expect(Self.decodeError { _ = try A(compressed: withIdentity) } == .invalidFlags, "\(C.name) identity, x ≠ 0")
                var signedIdentity = A.infinity.compressed
                signedIdentity[n - 1] |= layout.signMask
                #expect(Self.decodeError { _ = try A(compressed: signedIdentity) } == .invalidFlags, "\(C.name) identity with sign")
                var identityWithX = A.infinity.compressed
                identityWithX[0] = 1
                #expect(Self.decodeError { _ = try A(compressed: identityWithX) } == .invalidFlags, "\(C.name) identity, x = 1")
            } else {
                var signedZero = [UInt8](repeating: 0, count: n)
                signedZero[n - 1] = layout.signMask
                #expect(Self.decodeError { _ = try A(compressed: signedZero) } == .noPointWithX, "\(C.name) zero x with sign")
            }

            // Non-canonical x: the modulus itself (its top bits are below the flags), and all value bits set.
            let modulusBytes = Self.littleEndianBytes(primeModulus)
            var xEqualsModulus = compressed
            xEqualsModulus.replaceSubrange(0..<32, with: modulusBytes)
            #expect(Self.decodeError { _ = try A(compressed: xEqualsModulus) } == .nonCanonicalCoordinate, "\(C.name) x = p")
            var allOnes = [UInt8](repeating: 0xff, count: n)
            allOnes[n - 1] &= ~(layout.signMask | (layout.identityMask ?? 0))
            #expect(Self.decodeError { _ = try A(compressed: allOnes) } == .nonCanonicalCoordinate, "\(C.name) x = 2^k − 1")
            for offset in [0, n] {
                var bad = p.uncompressed
                bad.replaceSubrange(offset..<(offset + 32), with: modulusBytes)
                #expect(Self.decodeError { _ = try A(uncompressed: bad) } == .nonCanonicalCoordinate)
                #expect(Self.decodeError { _ = try A(rawMontgomery: bad) } == .nonCanonicalCoordinate)
            }

            // An x with no point, in both signs.
            let x = Self.xWithoutPoint(C.self, unit: unit)
            var noPoint = A(x: x, y: .one).compressed
            noPoint[n - 1] &= ~layout.signMask
            #expect(Self.decodeError { _ = try A(compressed: noPoint) } == .noPointWithX, "\(C.name) non-residue")
            noPoint[n - 1] |= layout.signMask
            #expect(Self.decodeError { _ = try A(compressed: noPoint) } == .noPointWithX, "\(C.name) non-residue")

            // Off the curve: y + 1, and a zero x with a non-zero y.
            let offCurve = A(x: p.x, y: p.y + .one)
            #expect(Self.decodeError { _ = try A(uncompressed: offCurve.uncompressed) } == .notOnCurve)
            #expect(Self.decodeError { _ = try A(rawMontgomery: offCurve.rawMontgomery) } == .notOnCurve)
            let zeroX = A(x: .zero, y: .one)
            #expect(Self.decodeError { _ = try A(uncompressed: zeroX.uncompressed) } == .notOnCurve)
        }
        check(BN254G1Curve.self, primeModulus: BN254Fq.modulusLimbs)
        check(BN254G2Curve.self, primeModulus: BN254Fq.modulusLimbs)
        // For G2 also a non-residue x with a non-zero second component.
        check(BN254G2Curve.self, primeModulus: BN254Fq.modulusLimbs, unit: BN254Fq2(.one, .one))
        check(PallasCurve.self, primeModulus: PastaFp.modulusLimbs)
        check(VestaCurve.self, primeModulus: PastaFq.modulusLimbs)

        // G2's second component non-canonical too.
        let g2 = CurveTestSupport.randomPoint(BN254G2Curve.self).affine
        var c1EqualsModulus = g2.compressed
        c1EqualsModulus.replaceSubrange(32..<64, with: Self.littleEndianBytes(BN254Fq.modulusLimbs))
        #expect(Self.decodeError { _ = try G2Affine(compressed: c1EqualsModulus) } == .nonCanonicalCoordinate)
    }

    @Test("G2 decoders reject points of the twist outside the order-r subgroup")
    func g2OutsideSubgroup() {
        let p = CurveTestSupport.randomTwistPoint()
        #expect(p.isOnCurve)
        #expect(!p.isAnnihilatedByScalarModulus, "a random twist point is not in G2")
        #expect(!p.isInSubgroup)
        for flags in BN254PointFlags.allCases {
            #expect(Self.decodeError { _ = try G2Affine(compressed: p.compressed(flags: flags), flags: flags) } == .notInSubgroup)
        }
        #expect(Self.decodeError { _ = try G2Affine(uncompressed: p.uncompressed) } == .notInSubgroup)
        #expect(Self.decodeError { _ = try G2Affine(rawMontgomery: p.rawMontgomery) } == .notInSubgroup)
    }

    /// `kzg_bn254_12_points.bin`: bytes 4..<132 of `/work/shared/fixtures/kzg_bn254_12.srs` (g[0] and g[1], written
    /// raw by EZKL 23.0.5's `gen_srs`), then its last 256 bytes (g2 and s_g2).
    @Test("the KZG parameter file's points decode from raw Montgomery form: g[0] = G1, g2 = G2, s_g2 valid")
    func kzgParameterFilePoints() throws {
        let url = try #require(Bundle.module.url(forResource: "kzg_bn254_12_points", withExtension: "bin", subdirectory: "Fixtures"))
        let data = [UInt8](try Data(contentsOf: url))
        try #require(data.count == 384)
        // R mod q: the Montgomery form of 1, as the README says.
        #expect(data[0..<4] == [0x9d, 0x0d, 0x8f, 0xc5])
        let g0 = try G1Affine(rawMontgomery: data[0..<64])
        #expect(g0 == .generator)
        let g1 = try G1Affine(rawMontgomery: data[64..<128])
        #expect(!g1.isInfinity && g1 != g0 && g1.isOnCurve)
        let g2 = try G2Affine(rawMontgomery: data[128..<256])
        #expect(g2 == .generator)
        let sG2 = try G2Affine(rawMontgomery: data[256..<384])
        #expect(!sG2.isInfinity && sG2 != g2 && sG2.isOnCurve && sG2.isAnnihilatedByScalarModulus)
        // Re-encoding gives the file's bytes back.
        #expect(g0.rawMontgomery == Array(data[0..<64]))
        #expect(sG2.rawMontgomery == Array(data[256..<384]))
        // A flipped bit in y takes the point off the curve.
        var corrupted = Array(data[256..<384])
        corrupted[100] ^= 1
        #expect(Self.decodeError { _ = try G2Affine(rawMontgomery: corrupted) } == .notOnCurve)
    }
}
