/// Binary files for proving keys and proofs. Both start with a magic string and a version byte; readers reject
/// wrong magic, unknown versions, truncation and trailing bytes, and every field element and point is decoded
/// strictly (canonical scalars, points on the curve).
extension ProvingKey {
    public static var magic: [UInt8] { Array("ZKMLPK".utf8) }
    public static var version: UInt8 { 1 }

    /// The verifying key, then the fixed columns' and σ polynomials' values on the domain. Everything else in the
    /// proving key is recomputed on load (transforms only, no commitments).
    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(raw: Self.magic)
        writer.write(Self.version)
        let vkBytes = vk.serialized()
        writer.write(UInt64(vkBytes.count))
        writer.write(raw: vkBytes)
        for column in fixedValues + sigmaValues {
            for value in column { writer.write(scalar: value) }
        }
        return writer.bytes
    }

    /// Reads a proving key written by `serialized()`; `params` are the scheme's parameters (at least as large as the
    /// key's k). The fixed columns are re-committed and checked against the verifying key, so a key file that was
    /// altered or paired with other parameters is refused rather than producing proofs that never verify.
    public convenience init(serialized bytes: [UInt8], params: S) throws {
        var reader = ByteReader(bytes)
        try reader.expectMagic(Self.magic, name: "zkml proving key")
        let version = try reader.readUInt8()
        guard version == Self.version else { throw BinaryDecodingError.unsupportedVersion(Int(version)) }
        let lengthOffset = reader.offset
        let vkLength = try reader.readUInt64()
        guard vkLength <= UInt64(reader.remaining) else {
            throw BinaryDecodingError.truncated(offset: lengthOffset, needed: Int(clamping: vkLength) - reader.remaining)
        }
        let vk = try VerifyingKey<S>(serialized: Array(try reader.take(Int(vkLength))))
        let n = vk.shape.n
        let columnCount = vk.constraintSystem.fixedCount + vk.constraintSystem.equalityColumns.count
        guard reader.remaining >= columnCount * n * 32 else {
            throw BinaryDecodingError.truncated(offset: reader.offset, needed: columnCount * n * 32 - reader.remaining)
        }
        var columns: [[F]] = []
        for _ in 0..<columnCount {
            var column: [F] = []
            column.reserveCapacity(n)
            for _ in 0..<n { column.append(try reader.readScalar()) }
            columns.append(column)
        }
        try reader.finish()
        guard params.k >= vk.k else {
            throw PlonkError.parameters(.parametersTooSmall(requested: vk.k, available: params.k))
        }
        let params = params.k == vk.k ? params : try params.downsized(toK: vk.k)
        let commitments = Keygen.commitAll(params: params, columns)
        guard commitments == vk.fixedCommitments + vk.permutationCommitments else {
            throw PlonkError.malformedKey("the proving key's columns do not match its verifying key's commitments")
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
        guard scheme == S.name else { throw .invalidValue(offset: schemeOffset, "proof is for \(scheme), expected \(S.name)") }
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
