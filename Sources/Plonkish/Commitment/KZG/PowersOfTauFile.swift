import Foundation

/// A snarkjs powers-of-tau file (`.ptau`): the format of the Hermez/Polygon perpetual powers of tau, the ceremony
/// files most BN254 users already have. Opening one checks the file's own structure; `parameters(k:)` then takes from
/// it what KZG needs, the first 2^k powers [τ^i]₁ with [1]₂ and [τ]₂. Only the section table, the header, the
/// contributions and the points used are read, by seeking, so a file of 2^28 powers (hundreds of gigabytes) costs
/// what its prefix costs.
///
/// The layout, as snarkjs writes it (binfileutils, powersoftau_new, powersoftau_utils, powersoftau_preparephase2;
/// integers little-endian): the magic "ptau", a u32 version (1), a u32 section count, then the sections, each a u32
/// id, a u64 byte size and its body:
/// - 1 header: u32 n8 (32, the bytes of a base-field element), the base-field prime q in n8 bytes, u32 power,
///   u32 ceremony power (the power of the ceremony a truncated file was cut from);
/// - 2 tauG1: 2·2^power − 1 points [τ^i]₁; 3 tauG2: 2^power points [τ^i]₂;
/// - 4 alphaTauG1 and 5 betaTauG1: 2^power G1 points each; 6 betaG2: one G2 point;
/// - 7 contributions: a u32 count, then for each its tauG1, tauG2, alphaG1, betaG1 and betaG2 points, its public
///   key (six G1 and three G2 points), a 216-byte partial hash, a 64-byte challenge hash, a u32 type (0, or 1 for a
///   beacon) and u32-length-prefixed parameters (a sorted list of type bytes 1 name, 2 iteration exponent, 3 beacon
///   hash);
/// - 12–15, in files prepared for phase 2 (the Hermez `_final_NN` files): the same powers in Lagrange form for every
///   domain up to 2^power, 2^(power+2) − 1 G1 points in 12, 2^(power+1) − 1 points in 13 (G2), 14 and 15 (G1).
///
/// A point is affine x then y, each coordinate in Montgomery form (R = 2^256) little-endian, a G2 coordinate c0 then
/// c1, the point at infinity all zeros: halo2's raw layout, so the `ParamsKZG` reader's point decoding serves.
public struct PowersOfTauFile {
    public static let magic = Array("ptau".utf8)
    public static let version: UInt32 = 1

    /// log2 of the powers this file holds: tauG1 has 2·2^power − 1 of them, tauG2 2^power.
    public let power: Int
    /// The power of the ceremony the file comes from (larger than `power` for a truncated file).
    public let ceremonyPower: Int
    public let contributionCount: Int
    /// The file's size in bytes.
    public let byteCount: Int
    /// [1]₁, [1]₂ and [τ]₂ for 2^power rows: what a KZG verifier of these parameters holds.
    public let verifier: KZGVerifierParameters
    /// [τ]₁.
    public let tauG1: G1Affine

    private let source: Source
    /// Each section's body, by id; 1–7 are always there (`sectionTable` refuses a file without one).
    private let sections: [UInt32: Range<Int>]

    /// Reads a file's structure from disk. Throws `CommitmentError.malformedParameters` with a one-line reason for
    /// anything that is not a well-formed BN254 powers-of-tau file.
    public init(contentsOf url: URL) throws {
        try self.init(source: .file(url, byteCount: try Source.byteCount(of: url)))
    }

    /// Reads the structure of a file held in memory.
    public init(bytes: [UInt8]) throws {
        try self.init(source: .memory(bytes))
    }

    /// Checks, in order: magic, version and the section table (sections 1–7 once each, 12–15 at most once, nothing
    /// else, together filling the file exactly); the header (n8 = 32, q the BN254 base-field prime,
    /// 1 ≤ power ≤ ceremony power ≤ `KZGParameters.maximumK`); every section's size against the power; the
    /// contributions section's records; then that tauG1[0] and tauG2[0] are the generators, that tauG1[1] and
    /// tauG2[1] hold one τ (e([τ]₁, [1]₂) = e([1]₁, [τ]₂)), and that the last contribution's τ points are those.
    private init(source: Source) throws {
        self.source = source
        byteCount = source.byteCount
        let start = try source.read(0..<min(12, byteCount), what: "the file header")
        guard start.starts(with: Self.magic) else {
            throw Self.malformed("not a powers-of-tau file (its first bytes are not \"ptau\")")
        }
        guard start.count == 12 else { throw Self.malformed("the file ends inside its 12-byte file header") }
        var reader = ByteReader(start)
        _ = try reader.take(4)
        let version = try reader.readUInt32()
        guard version == Self.version else {
            throw Self.malformed("format version \(version), zkml reads version \(Self.version)")
        }
        sections = try Self.sectionTable(source, count: try reader.readUInt32())

        // The two sections read whole are bounded first: their size fields are the file's to claim.
        let headerBody = sections[1]!, contributionsBody = sections[7]!
        guard headerBody.count <= 1 << 10 else {
            throw Self.malformed("the header section has \(headerBody.count) bytes")
        }
        guard contributionsBody.count <= Self.contributionsSizeLimit else {
            throw Self.malformed("the contributions section has \(contributionsBody.count) bytes, more than "
                                 + "\(Self.contributionsSizeLimit)")
        }
        let header = try Self.header(try source.read(headerBody, what: "the header section"))
        power = header.power
        ceremonyPower = header.ceremonyPower
        for (id, body) in sections.sorted(by: { $0.key < $1.key }) {
            guard let expected = Self.pointSection(id, power: power), body.count != expected.bytes else { continue }
            throw Self.malformed("section \(id) (\(expected.name)) has \(body.count) bytes, power \(power) needs "
                                 + "\(expected.bytes)")
        }
        let contributions = try Self.contributions(try source.read(contributionsBody, what: "the contributions section"))
        contributionCount = contributions.count

        let generator = try Self.point(BN254G1Curve.self, source, section: sections[2]!, index: 0, name: "tauG1")
        let tau = try Self.point(BN254G1Curve.self, source, section: sections[2]!, index: 1, name: "tauG1")
        let g2 = try Self.point(BN254G2Curve.self, source, section: sections[3]!, index: 0, name: "tauG2")
        let tauG2 = try Self.point(BN254G2Curve.self, source, section: sections[3]!, index: 1, name: "tauG2")
        guard generator == .generator else { throw Self.malformed("tauG1[0] is not the G1 generator") }
        guard g2 == .generator else { throw Self.malformed("tauG2[0] is not the G2 generator") }
        try KZGParameters.checkOneSecret(g: generator, sG: tau, g2: g2, sG2: tauG2,
                                         names: ["tauG1[0]", "tauG1[1]", "tauG2[0]", "tauG2[1]"])
        if let last = contributions.last {
            guard last.tauG1 == tau, last.tauG2 == tauG2 else {
                throw Self.malformed("the last contribution's τ points are not tauG1[1] and tauG2[1]")
            }
        }
        tauG1 = tau
        verifier = KZGVerifierParameters(k: power, g: generator, g2: g2, sG2: tauG2)
    }

    /// Whether τ is a publicly known secret (see `KZGVerifierParameters.isKnownInsecure`).
    public var isKnownInsecure: Bool { verifier.isKnownInsecure }

    /// KZG parameters for 2^k rows: tauG1[0..<2^k], decoded and checked like every point here, the Lagrange basis
    /// computed from them, and [1]₂, [τ]₂. Throws `CommitmentError.parametersTooSmall` for k > power.
    public func parameters(k: Int) throws -> KZGParameters {
        guard k >= 0 else { throw Self.malformed("k = \(k) is negative") }
        guard k <= power else { throw CommitmentError.parametersTooSmall(requested: k, available: power) }
        let n = 1 << k
        let width = KZGParameters.g1ByteCount
        let body = sections[2]!
        let raw = try source.read(body.lowerBound..<(body.lowerBound + n * width), what: "tauG1")
        let g = try raw.withUnsafeBytes { try KZGParameters.decodeG1Points($0, offset: 0, count: n, name: "tauG1") }
        // The file was read again: the points the structure check vouched for must still be there.
        guard g[0] == verifier.g, n == 1 || g[1] == tauG1 else {
            throw Self.malformed("tauG1 changed while it was read")
        }
        return KZGParameters(powers: g, g2: verifier.g2, sG2: verifier.sG2)
    }

    // MARK: Structure

    /// The name, and the size in bytes that the power implies, of a section of points.
    private static func pointSection(_ id: UInt32, power: Int) -> (name: String, bytes: Int)? {
        let g1 = KZGParameters.g1ByteCount, g2 = KZGParameters.g2ByteCount, n = 1 << power
        switch id {
        case 2: return ("tauG1", (2 * n - 1) * g1)
        case 3: return ("tauG2", n * g2)
        case 4: return ("alphaTauG1", n * g1)
        case 5: return ("betaTauG1", n * g1)
        case 6: return ("betaG2", g2)
        // The Lagrange forms for the domains of 2^0 … 2^power points (tauG1 also for 2^(power+1)).
        case 12: return ("lagrange tauG1", (4 * n - 1) * g1)
        case 13: return ("lagrange tauG2", (2 * n - 1) * g2)
        case 14: return ("lagrange alphaTauG1", (2 * n - 1) * g1)
        case 15: return ("lagrange betaTauG1", (2 * n - 1) * g1)
        default: return nil
        }
    }

    /// Ten thousand contributions of about 1.5 kB; the perpetual powers of tau has fewer than a hundred.
    private static let contributionsSizeLimit = 16 << 20

    private static let requiredSections: Set<UInt32> = [1, 2, 3, 4, 5, 6, 7]
    private static let optionalSections: Set<UInt32> = [12, 13, 14, 15]

    /// The section headers from byte 12 on, each followed by its body; together they must fill the file.
    private static func sectionTable(_ source: Source, count: UInt32) throws -> [UInt32: Range<Int>] {
        let limit = requiredSections.count + optionalSections.count
        guard count <= limit else { throw malformed("\(count) sections, a powers-of-tau file has at most \(limit)") }
        var sections: [UInt32: Range<Int>] = [:]
        var position = 12
        for index in 0..<Int(count) {
            guard source.byteCount - position >= 12 else {
                throw malformed("the file ends inside the header of section \(index + 1) of \(count) (byte \(position))")
            }
            var reader = ByteReader(try source.read(position..<(position + 12), what: "a section header"))
            let id = try reader.readUInt32(), size = try reader.readUInt64()
            let bodyStart = position + 12
            guard size <= UInt64(source.byteCount - bodyStart) else {
                throw malformed("section \(id) claims \(size) bytes from byte \(bodyStart), the file ends at byte "
                                + "\(source.byteCount) (truncated?)")
            }
            guard requiredSections.contains(id) || optionalSections.contains(id) else {
                throw malformed("section id \(id) is not a powers-of-tau section")
            }
            guard sections[id] == nil else { throw malformed("section \(id) appears twice") }
            sections[id] = bodyStart..<(bodyStart + Int(size))
            position = bodyStart + Int(size)
        }
        if let missing = requiredSections.subtracting(sections.keys).min() {
            throw malformed("section \(missing) is missing")
        }
        guard position == source.byteCount else {
            throw malformed("\(source.byteCount - position) bytes follow the last section")
        }
        return sections
    }

    private static func header(_ bytes: [UInt8]) throws -> (power: Int, ceremonyPower: Int) {
        var reader = ByteReader(bytes)
        let n8 = try reader.readUInt32()
        guard n8 == UInt32(BN254Fq.encodedByteCount) else {
            throw malformed("the header's field size n8 is \(n8), BN254 has \(BN254Fq.encodedByteCount)")
        }
        let bn254Prime = BN254Fq.modulusLimbs.flatMap { limb in
            (0..<8).map { UInt8(truncatingIfNeeded: limb >> UInt64(8 * $0)) }
        }
        guard Array(try reader.take(Int(n8))) == bn254Prime else {
            throw malformed("the header's prime is not BN254's base-field prime (another curve?)")
        }
        let power = Int(try reader.readUInt32()), ceremonyPower = Int(try reader.readUInt32())
        guard reader.remaining == 0 else { throw malformed("the header section has \(reader.remaining) extra bytes") }
        guard power >= 1 else { throw malformed("power \(power): the file holds no power of τ") }
        guard power <= KZGParameters.maximumK else {
            throw malformed("power \(power) exceeds BN254's largest domain, 2^\(KZGParameters.maximumK)")
        }
        guard (power...KZGParameters.maximumK).contains(ceremonyPower) else {
            throw malformed("ceremony power \(ceremonyPower) is not between the power \(power) and "
                            + "\(KZGParameters.maximumK)")
        }
        return (power, ceremonyPower)
    }

    /// A contribution record's τ points; the rest of it is read for its length only.
    private struct Contribution {
        let tauG1: G1Affine
        let tauG2: G2Affine
    }

    /// The contributions section: a count, then records that must fill the section exactly.
    private static func contributions(_ bytes: [UInt8]) throws -> [Contribution] {
        do {
            var reader = ByteReader(bytes)
            let g1 = KZGParameters.g1ByteCount, g2 = KZGParameters.g2ByteCount
            // tauG1, tauG2, alphaG1, betaG1, betaG2; the public key; partial hash, next challenge; type.
            let pointBytes = 3 * g1 + 2 * g2 + 6 * g1 + 3 * g2
            let count = try reader.readCount(limit: bytes.count / (pointBytes + 216 + 64 + 8))
            var records: [Contribution] = []
            for index in 0..<count {
                let points = try reader.take(pointBytes)
                let tauG1 = try G1Affine(rawMontgomery: points.prefix(g1))
                let tauG2 = try G2Affine(rawMontgomery: points.dropFirst(g1).prefix(g2))
                _ = try reader.take(216 + 64)
                let type = try reader.readUInt32()
                guard type <= 1 else { throw malformed("contribution \(index + 1) has type \(type), not 0 or 1") }
                let parameters = try reader.take(try reader.readCount(limit: reader.remaining))
                try checkContributionParameters(Array(parameters), index: index)
                records.append(Contribution(tauG1: tauG1, tauG2: tauG2))
            }
            try reader.finish()
            return records
        } catch let error as CommitmentError {
            throw error
        } catch {
            throw malformed("the contributions section: \(error)")
        }
    }

    /// A contribution's parameters: type bytes in increasing order, 1 (name) and 3 (beacon hash) followed by a
    /// length byte and that many bytes, 2 (iteration exponent) by one byte.
    private static func checkContributionParameters(_ bytes: [UInt8], index: Int) throws {
        var reader = ByteReader(bytes)
        var lastType: UInt8 = 0
        while reader.remaining > 0 {
            let type = try reader.readUInt8()
            guard type > lastType, type <= 3 else {
                throw malformed("contribution \(index + 1) has parameter type \(type) after \(lastType)")
            }
            lastType = type
            _ = try reader.take(type == 2 ? 1 : Int(try reader.readUInt8()))
        }
    }

    /// Point `index` of a section of points, decoded and checked like every point here.
    private static func point<C: PointEncodingCurve>(
        _: C.Type, _ source: Source, section: Range<Int>, index: Int, name: String
    ) throws -> AffinePoint<C> {
        let width = AffinePoint<C>.uncompressedByteCount
        let start = section.lowerBound + index * width
        let bytes = try source.read(start..<(start + width), what: name)
        do {
            return try AffinePoint<C>(rawMontgomery: bytes)
        } catch {
            throw malformed("\(name)[\(index)] is not a valid point: \(error)")
        }
    }

    private static func malformed(_ reason: String) -> CommitmentError { .malformedParameters(reason) }

    // MARK: Bytes

    /// Where the bytes come from: ranges of a file on disk, read when needed, or an array.
    private enum Source {
        case file(URL, byteCount: Int)
        case memory([UInt8])

        var byteCount: Int {
            switch self {
            case let .file(_, byteCount): byteCount
            case let .memory(bytes): bytes.count
            }
        }

        static func byteCount(of url: URL) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            guard let size = (attributes[.size] as? NSNumber)?.intValue else {
                throw malformed("cannot tell the size of \(url.path)")
            }
            return size
        }

        /// The bytes of `range`, which the caller has checked lies within the file.
        func read(_ range: Range<Int>, what: String) throws -> [UInt8] {
            switch self {
            case let .memory(bytes):
                return Array(bytes[range])
            case let .file(url, _):
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(range.lowerBound))
                let data = try handle.read(upToCount: range.count) ?? Data()
                guard data.count == range.count else {
                    throw malformed("reading \(what): the file ended after \(data.count) of \(range.count) bytes")
                }
                return [UInt8](data)
            }
        }
    }
}
