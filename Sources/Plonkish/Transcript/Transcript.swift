/// The Fiat–Shamir transcript of halo2 (BLAKE2b-512 personalized "Halo2-Transcript"), with the proof byte stream
/// on top: `ProofWriter` appends what the prover sends, `ProofReader` reads it back, and both absorb exactly the
/// same bytes into the hash so that prover and verifier squeeze the same challenges.
///
/// Absorption is halo2's: a prefix byte per item (0x00 before a squeeze, 0x01 point, 0x02 scalar); points are
/// absorbed as their affine coordinates, each canonical little-endian, while the proof stores them compressed;
/// a squeeze hashes a copy of the state and reduces the 64-byte digest mod p, and the digest itself is not absorbed.
public struct Blake2bTranscript<C: PointEncodingCurve>: Sendable {
    @usableFromInline
    var state: Blake2b

    public static var personalization: [UInt8] { Array("Halo2-Transcript".utf8) }

    public init() {
        state = Blake2b(outputLength: 64, personalization: Self.personalization)
    }

    /// Absorbs a point the verifier also knows. Unlike halo2, the point at infinity is allowed and absorbed as
    /// all-zero coordinates (no curve point has them, b ≠ 0): it is the honest commitment to the zero polynomial,
    /// which a quotient piece of a low-degree circuit really is under KZG, where commitments carry no blind.
    public mutating func commonPoint(_ point: AffinePoint<C>) throws(TranscriptError) {
        var buffer = [UInt8](repeating: 0, count: 1 + 2 * C.Base.encodedByteCount)
        buffer[0] = 0x01
        if !point.isInfinity { buffer.withUnsafeMutableBytes { bytes in
            let width = C.Base.encodedByteCount
            point.x.writeCanonicalBytes(to: UnsafeMutableRawBufferPointer(rebasing: bytes[1..<(1 + width)]))
            point.y.writeCanonicalBytes(to: UnsafeMutableRawBufferPointer(rebasing: bytes[(1 + width)...]))
        } }
        state.update(buffer)
    }

    /// Absorbs a scalar the verifier also knows.
    public mutating func commonScalar(_ scalar: C.Scalar) {
        state.update([0x02] + scalar.bytes)
    }

    /// A challenge: the digest of everything absorbed so far (plus a 0x00 byte, which stays absorbed), as a
    /// 512-bit integer reduced mod p.
    public mutating func squeezeChallenge() -> C.Scalar {
        state.update([0x00])
        return C.Scalar(uniformBytes: state.finalize())
    }
}

/// Why a proof stream could not be read.
public enum TranscriptError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The proof ended at byte `offset` while `needed` more bytes were expected.
    case truncated(offset: Int, needed: Int)
    /// The point at byte `offset` does not decode.
    case invalidPoint(offset: Int, PointDecodingError)
    /// The scalar at byte `offset` encodes an integer ≥ the field modulus.
    case nonCanonicalScalar(offset: Int)
    /// Bytes are left over after the last element the verifier reads.
    case trailingBytes(count: Int)

    public var description: String {
        switch self {
        case let .truncated(offset, needed): "proof truncated at byte \(offset) (\(needed) more bytes expected)"
        case let .invalidPoint(offset, error): "proof has an invalid point at byte \(offset): \(error)"
        case let .nonCanonicalScalar(offset): "proof has a non-canonical scalar at byte \(offset)"
        case let .trailingBytes(count): "proof has \(count) trailing bytes"
        }
    }
}

/// The prover's side: absorbs what it sends and appends it to the proof.
public struct ProofWriter<C: PointEncodingCurve>: Sendable {
    public var transcript = Blake2bTranscript<C>()
    public private(set) var proof: [UInt8] = []

    public init() {}

    public mutating func writePoint(_ point: AffinePoint<C>) throws(TranscriptError) {
        try transcript.commonPoint(point)
        proof += point.compressed
    }

    public mutating func writeScalar(_ scalar: C.Scalar) {
        transcript.commonScalar(scalar)
        proof += scalar.bytes
    }

    public mutating func commonPoint(_ point: AffinePoint<C>) throws(TranscriptError) {
        try transcript.commonPoint(point)
    }

    public mutating func commonScalar(_ scalar: C.Scalar) { transcript.commonScalar(scalar) }

    public mutating func squeezeChallenge() -> C.Scalar { transcript.squeezeChallenge() }
}

/// The verifier's side: reads the proof element by element, absorbing each one as the prover did. Decoding is
/// strict: compressed points must be canonical and on the curve, scalars below the modulus, and `finish()` rejects
/// bytes left over, so a proof has exactly one valid byte string.
public struct ProofReader<C: PointEncodingCurve>: Sendable {
    public var transcript = Blake2bTranscript<C>()
    public let proof: [UInt8]
    public private(set) var offset = 0

    public init(proof: [UInt8]) {
        self.proof = proof
    }

    private mutating func take(_ count: Int) throws(TranscriptError) -> ArraySlice<UInt8> {
        guard proof.count - offset >= count else {
            throw .truncated(offset: offset, needed: count - (proof.count - offset))
        }
        defer { offset += count }
        return proof[offset..<(offset + count)]
    }

    public mutating func readPoint() throws(TranscriptError) -> AffinePoint<C> {
        let start = offset
        let bytes = try take(AffinePoint<C>.compressedByteCount)
        let point: AffinePoint<C>
        do {
            point = try AffinePoint<C>(compressed: bytes)
        } catch {
            throw .invalidPoint(offset: start, error)
        }
        try transcript.commonPoint(point)
        return point
    }

    public mutating func readScalar() throws(TranscriptError) -> C.Scalar {
        let start = offset
        let bytes = try take(32)
        guard let scalar = C.Scalar(bytes: bytes) else { throw .nonCanonicalScalar(offset: start) }
        transcript.commonScalar(scalar)
        return scalar
    }

    public mutating func commonPoint(_ point: AffinePoint<C>) throws(TranscriptError) {
        try transcript.commonPoint(point)
    }

    public mutating func commonScalar(_ scalar: C.Scalar) { transcript.commonScalar(scalar) }

    public mutating func squeezeChallenge() -> C.Scalar { transcript.squeezeChallenge() }

    /// Succeeds only if every byte of the proof was read.
    public func finish() throws(TranscriptError) {
        if offset != proof.count { throw .trailingBytes(count: proof.count - offset) }
    }
}
