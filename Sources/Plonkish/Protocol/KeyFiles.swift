/// Binary files for proving keys and proofs. Both start with a magic string and a version byte; readers reject
/// wrong magic, unknown versions, truncation and trailing bytes, and every field element and point is decoded
/// strictly (canonical scalars, points on the curve).
extension ProvingKey {
    public static var magic: [UInt8] { Array("ZKMLPK".utf8) }
    public static var version: UInt8 { 2 }

    /// The verifying key, the fixed columns' and σ polynomials' values on the domain, and the BLAKE2b-256 digest of
    /// those values. Everything else in the proving key is recomputed on load (transforms only, no commitments).
    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(raw: Self.magic)
        writer.write(Self.version)
        let vkBytes = vk.serialized()
        writer.write(UInt64(vkBytes.count))
        writer.write(raw: vkBytes)
        let columnsStart = writer.bytes.count
        for column in fixedValues + sigmaValues {
            for value in column { writer.write(scalar: value) }
        }
        let digest = Self.columnDigest(writer.bytes[columnsStart...])
        writer.write(raw: digest)
        return writer.bytes
    }

    /// BLAKE2b-256 of the stored columns' bytes, as the file ends with.
    public static func columnDigest(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var hasher = Blake2b(outputLength: 32)
        bytes.withUnsafeBytes { hasher.update($0) }
        return hasher.finalize()
    }

    /// The verifying key a proving key file embeds, as bytes, and the offset where they start: the part of the
    /// file read the same way for every scheme (`zkml inspect` finds the scheme in it).
    public static func embeddedVerifyingKey(_ reader: inout ByteReader) throws -> (bytes: [UInt8], start: Int) {
        try reader.expectMagic(magic, name: "zkml proving key")
        let fileVersion = try reader.readUInt8()
        guard fileVersion == version else { throw BinaryDecodingError.unsupportedVersion(Int(fileVersion)) }
        let lengthOffset = reader.offset
        let vkLength = try reader.readUInt64()
        guard vkLength <= UInt64(reader.remaining) else {
            throw BinaryDecodingError.truncated(offset: lengthOffset,
                                                needed: Int(clamping: vkLength) - reader.remaining)
        }
        let start = reader.offset
        return (Array(try reader.take(Int(vkLength))), start)
    }

    /// The fixed columns' and σ polynomials' values that follow the verifying key, to the end of the file, checked
    /// against the digest that closes it.
    public static func storedColumns(_ reader: inout ByteReader, of vk: VerifyingKey<S>) throws -> [[F]] {
        let n = vk.shape.n
        let columnCount = vk.constraintSystem.fixedCount + vk.constraintSystem.equalityColumns.count
        guard reader.remaining >= columnCount * n * 32 + 32 else {
            throw BinaryDecodingError.truncated(offset: reader.offset,
                                                needed: columnCount * n * 32 + 32 - reader.remaining)
        }
        let columnsStart = reader.offset
        var columns: [[F]] = []
        for _ in 0..<columnCount {
            var column: [F] = []
            column.reserveCapacity(n)
            for _ in 0..<n { column.append(try reader.readScalar()) }
            columns.append(column)
        }
        let digestOffset = reader.offset
        let digest = Array(try reader.take(32))
        try reader.finish()
        guard digest == columnDigest(reader.bytes[columnsStart..<digestOffset]) else {
            throw PlonkError.malformedKey(
                "the proving key's columns do not match their digest at byte \(digestOffset) (the file is damaged)")
        }
        return columns
    }

    /// Reads a proving key written by `serialized()`; `params` are the scheme's parameters (at least as large as the
    /// key's k). The columns must match their digest and `params` the verifier parameters the verifying key binds, so
    /// a key file that was altered or paired with other parameters is refused rather than producing proofs that never
    /// verify. (Re-committing the columns would check the same at the cost of a third of a proof.)
    public convenience init(serialized bytes: [UInt8], params: S) throws {
        var reader = ByteReader(bytes)
        let vk = try VerifyingKey<S>(serialized: try Self.embeddedVerifyingKey(&reader).bytes)
        let columns = try Self.storedColumns(&reader, of: vk)
        guard params.k >= vk.k else {
            throw PlonkError.parameters(.parametersTooSmall(requested: vk.k, available: params.k))
        }
        let params = params.k == vk.k ? params : try params.downsized(toK: vk.k)
        guard params.verifier.serialized() == vk.verifier.serialized() else {
            throw PlonkError.malformedKey("the proving key was made with other \(S.name) parameters than these")
        }
        let fixedCount = vk.constraintSystem.fixedCount
        self.init(vk: vk, params: params, fixedValues: Array(columns[0..<fixedCount]),
                  sigmaValues: Array(columns[fixedCount...]))
    }
}

/// A proof as a file: magic "ZKMLPF", version, the scheme's name, the digest of the verifying key it was made for
/// (so a proof checked against another circuit's key is refused with a clear message), and the transcript bytes.
public struct ProofFile<S: CommitmentScheme>: Sendable {
    public let verifyingKeyDigest: S.Scalar
    public let proof: [UInt8]

    public static var magic: [UInt8] { Array("ZKMLPF".utf8) }
    public static var version: UInt8 { 1 }

    public init(verifyingKeyDigest: S.Scalar, proof: [UInt8]) {
        self.verifyingKeyDigest = verifyingKeyDigest
        self.proof = proof
    }

    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(raw: Self.magic)
        writer.write(Self.version)
        writer.write(S.name)
        writer.write(scalar: verifyingKeyDigest)
        writer.write(UInt64(proof.count))
        writer.write(raw: proof)
        return writer.bytes
    }

    public init(serialized bytes: [UInt8]) throws(BinaryDecodingError) {
        var reader = ByteReader(bytes)
        try reader.expectMagic(Self.magic, name: "zkml proof")
        let version = try reader.readUInt8()
        guard version == Self.version else { throw .unsupportedVersion(Int(version)) }
        let schemeOffset = reader.offset
        let scheme = try reader.readString(limit: 16)
        guard scheme == S.name else {
            throw .invalidValue(offset: schemeOffset, "proof is for \(String(reflecting: scheme)), expected \(S.name)")
        }
        verifyingKeyDigest = try reader.readScalar()
        let lengthOffset = reader.offset
        let length = try reader.readUInt64()
        guard length <= UInt64(reader.remaining) else {
            throw .truncated(offset: lengthOffset, needed: Int(clamping: length) - reader.remaining)
        }
        proof = Array(try reader.take(Int(length)))
        try reader.finish()
    }
}
