/// Fq2 in point encodings: c0 then c1, each 32 bytes little-endian (halo2curves `Fq2::to_bytes` order).
extension BN254Fq2: CurveCoordinateField {
    @inlinable
    public static var encodedByteCount: Int { 64 }

    @inlinable
    public init?(canonicalBytes bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 64, "an Fq2 element needs 64 bytes")
        guard let c0 = BN254Fq(canonicalBytes: UnsafeRawBufferPointer(rebasing: bytes[0..<32])),
            let c1 = BN254Fq(canonicalBytes: UnsafeRawBufferPointer(rebasing: bytes[32..<64]))
        else { return nil }
        self.init(c0, c1)
    }

    @inlinable
    public func writeCanonicalBytes(to bytes: UnsafeMutableRawBufferPointer) {
        precondition(bytes.count >= 64, "an Fq2 element needs 64 bytes")
        c0.writeCanonicalBytes(to: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<32]))
        c1.writeCanonicalBytes(to: UnsafeMutableRawBufferPointer(rebasing: bytes[32..<64]))
    }

    @inlinable
    public init?(montgomeryBytes bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 64, "an Fq2 element needs 64 bytes")
        guard let c0 = BN254Fq(montgomeryBytes: UnsafeRawBufferPointer(rebasing: bytes[0..<32])),
            let c1 = BN254Fq(montgomeryBytes: UnsafeRawBufferPointer(rebasing: bytes[32..<64]))
        else { return nil }
        self.init(c0, c1)
    }

    @inlinable
    public func writeMontgomeryBytes(to bytes: UnsafeMutableRawBufferPointer) {
        precondition(bytes.count >= 64, "an Fq2 element needs 64 bytes")
        c0.writeMontgomeryBytes(to: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<32]))
        c1.writeMontgomeryBytes(to: UnsafeMutableRawBufferPointer(rebasing: bytes[32..<64]))
    }

    /// The parity of c0, which is what halo2curves (0.6.1 and ≥ 0.7 alike) stores: `to_repr()[0] & 1`, and c0 comes
    /// first. When c0 = 0 that bit cannot tell y from −y, so we fall back to the parity of c1; halo2curves leaves
    /// that case to whichever root its square root returns. A G2 point with y.c0 = 0 needs x³ + b′ = −y.c1² ∈ Fq,
    /// which a point met in practice hits with probability about 1/q.
    @inlinable
    public var encodingSign: Bool { c0.isZero ? c1.encodingSign : c0.encodingSign }
}
