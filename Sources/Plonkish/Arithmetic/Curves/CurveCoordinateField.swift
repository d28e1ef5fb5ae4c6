/// A base field whose elements can be stored in point encodings: fixed-width little-endian bytes (canonical, or the
/// raw Montgomery limbs that halo2 parameter files use), a sign bit to pick one of ±y, and square roots to recover y
/// from x.
public protocol CurveCoordinateField: FieldElement {
    /// Bytes in one encoded element (32 for a prime field, 64 for Fq2).
    static var encodedByteCount: Int { get }

    /// Reads the canonical little-endian encoding of exactly `encodedByteCount` bytes; nil if any component
    /// encodes an integer ≥ the modulus.
    init?(canonicalBytes bytes: UnsafeRawBufferPointer)
    /// Writes the canonical little-endian encoding into the first `encodedByteCount` bytes of `bytes`.
    func writeCanonicalBytes(to bytes: UnsafeMutableRawBufferPointer)

    /// Reads Montgomery-form limbs stored raw, little-endian; nil if any component's limbs are ≥ the modulus.
    init?(montgomeryBytes bytes: UnsafeRawBufferPointer)
    /// Writes the Montgomery-form limbs raw, little-endian, into the first `encodedByteCount` bytes of `bytes`.
    func writeMontgomeryBytes(to bytes: UnsafeMutableRawBufferPointer)

    /// The bit that compressed encodings store to tell y from −y (halo2curves' "is odd": the parity of the canonical
    /// value; for Fq2 see `BN254Fq2.encodingSign`). For non-zero y, y and −y always differ in it.
    var encodingSign: Bool { get }

    /// A square root, or nil when there is none.
    func squareRoot() -> Self?
}

extension Field256: CurveCoordinateField {
    @inlinable
    public static var encodedByteCount: Int { 32 }

    @inlinable @inline(__always)
    static func readLimbs(_ bytes: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
        precondition(bytes.count >= 32, "a field element needs 32 bytes")
        return (
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
            UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
    }

    @inlinable @inline(__always)
    static func writeLimbs(_ limbs: (UInt64, UInt64, UInt64, UInt64), to bytes: UnsafeMutableRawBufferPointer) {
        precondition(bytes.count >= 32, "a field element needs 32 bytes")
        bytes.storeBytes(of: limbs.0.littleEndian, toByteOffset: 0, as: UInt64.self)
        bytes.storeBytes(of: limbs.1.littleEndian, toByteOffset: 8, as: UInt64.self)
        bytes.storeBytes(of: limbs.2.littleEndian, toByteOffset: 16, as: UInt64.self)
        bytes.storeBytes(of: limbs.3.littleEndian, toByteOffset: 24, as: UInt64.self)
    }

    @inlinable
    public init?(canonicalBytes bytes: UnsafeRawBufferPointer) {
        let limbs = Self.readLimbs(bytes)
        guard Self.lessThanModulus(limbs) else { return nil }
        self = Self.fromCanonical(limbs)
    }

    @inlinable
    public func writeCanonicalBytes(to bytes: UnsafeMutableRawBufferPointer) {
        Self.writeLimbs(canonical, to: bytes)
    }

    @inlinable
    public init?(montgomeryBytes bytes: UnsafeRawBufferPointer) {
        let limbs = Self.readLimbs(bytes)
        guard Self.lessThanModulus(limbs) else { return nil }
        self.init(montgomery: limbs.0, limbs.1, limbs.2, limbs.3)
    }

    @inlinable
    public func writeMontgomeryBytes(to bytes: UnsafeMutableRawBufferPointer) {
        Self.writeLimbs((l0, l1, l2, l3), to: bytes)
    }

    /// The parity of the canonical value; p is odd, so exactly one of a non-zero y and −y = p − y is odd.
    @inlinable
    public var encodingSign: Bool { canonical.0 & 1 == 1 }
}
