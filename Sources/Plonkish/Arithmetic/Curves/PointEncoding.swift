/// Byte encodings of affine points, compatible with halo2curves and pasta_curves:
/// - compressed: x (canonical little-endian) with the sign of y and, where there is room, an identity flag in the
///   spare top bits of the last byte;
/// - uncompressed: x ‖ y canonical little-endian, the point at infinity as all zeros;
/// - raw Montgomery: x ‖ y as the Montgomery-form limbs (halo2's `SerdeFormat::RawBytes`, used by `ParamsKZG`
///   files), the point at infinity as all zeros.
/// Every decoder checks canonicity, that the point is on the curve, and that it is in the prime-order subgroup.

/// Why bytes were rejected as a point.
public enum PointDecodingError: Error, Equatable, Sendable {
    /// The input has the wrong number of bytes.
    case wrongLength(expected: Int, actual: Int)
    /// A coordinate encodes an integer ≥ the field modulus.
    case nonCanonicalCoordinate
    /// The flag bits contradict each other or the rest of the encoding (e.g. an identity flag with x ≠ 0).
    case invalidFlags
    /// x³ + b has no square root: no point has this x.
    case noPointWithX
    /// The coordinates do not satisfy the curve equation.
    case notOnCurve
    /// The point is on the curve but not in the prime-order subgroup.
    case notInSubgroup
}

/// Where a compressed encoding keeps its flags: bits of the last byte, above the bits x can occupy.
public struct CompressedFlagLayout: Hashable, Sendable {
    /// The bit set when y's `encodingSign` is set.
    public let signMask: UInt8
    /// The bit set for the point at infinity; nil when the layout encodes infinity as x = 0 without the sign bit
    /// (unambiguous on curves with b a non-square, where no point has x = 0).
    public let identityMask: UInt8?

    /// pasta_curves and halo2curves ≥ 0.7 for Pallas/Vesta: bit 7 is the sign, infinity is 32 zero bytes.
    public static let signInTopBit = CompressedFlagLayout(signMask: 0x80, identityMask: nil)
    /// halo2curves ≥ 0.7 for BN254: bit 7 is the sign, bit 6 the identity.
    public static let signThenIdentity = CompressedFlagLayout(signMask: 0x80, identityMask: 0x40)
    /// halo2curves ≤ 0.6 for BN254: bit 7 is the identity, bit 6 the sign.
    public static let identityThenSign = CompressedFlagLayout(signMask: 0x40, identityMask: 0x80)

    @usableFromInline
    var allFlags: UInt8 { signMask | (identityMask ?? 0) }
}

/// A curve whose points have byte encodings.
public protocol PointEncodingCurve: ShortWeierstrassCurve where Base: CurveCoordinateField {
    /// The flag layout of `AffinePoint.compressed`.
    static var compressedFlagLayout: CompressedFlagLayout { get }
}

extension AffinePoint where C: PointEncodingCurve {
    /// Bytes in a compressed point.
    @inlinable
    public static var compressedByteCount: Int { C.Base.encodedByteCount }
    /// Bytes in an uncompressed or raw Montgomery point.
    @inlinable
    public static var uncompressedByteCount: Int { 2 * C.Base.encodedByteCount }

    // MARK: Compressed

    /// The compressed encoding in the curve's default layout.
    @inlinable
    public var compressed: [UInt8] { compressed(layout: C.compressedFlagLayout) }

    /// Decodes a compressed point in the curve's default layout.
    @inlinable
    public init(compressed bytes: some Collection<UInt8>) throws(PointDecodingError) {
        try self.init(compressed: bytes, layout: C.compressedFlagLayout)
    }

    @inlinable
    public func compressed(layout: CompressedFlagLayout) -> [UInt8] {
        let n = Self.compressedByteCount
        var out = [UInt8](repeating: 0, count: n)
        if isInfinity {
            if let identity = layout.identityMask { out[n - 1] = identity }
            return out
        }
        out.withUnsafeMutableBytes { x.writeCanonicalBytes(to: $0) }
        if y.encodingSign { out[n - 1] |= layout.signMask }
        return out
    }

    /// Decodes a compressed point: the sign and identity flags are cleared from the last byte, x must be canonical,
    /// y is the root of x³ + b with the given sign. Strict about flags: infinity must have x = 0 and no sign bit.
    @inlinable
    public init(compressed bytes: some Collection<UInt8>, layout: CompressedFlagLayout) throws(PointDecodingError) {
        let n = Self.compressedByteCount
        guard bytes.count == n else { throw .wrongLength(expected: n, actual: bytes.count) }
        var buffer = Array(bytes)
        let flags = buffer[n - 1]
        let sign = flags & layout.signMask != 0
        buffer[n - 1] = flags & ~layout.allFlags
        let decodedX = buffer.withUnsafeBytes { C.Base(canonicalBytes: $0) }
        guard let x = decodedX else { throw .nonCanonicalCoordinate }
        if let identityMask = layout.identityMask, flags & identityMask != 0 {
            guard x.isZero && !sign else { throw .invalidFlags }
            self = .infinity
            return
        }
        if layout.identityMask == nil && x.isZero && !sign {
            self = .infinity
            return
        }
        guard let root = (x.squared() * x + C.b).squareRoot() else { throw .noPointWithX }
        let point = Self(x: x, y: root.encodingSign == sign ? root : -root)
        // Only y = 0 has the same sign as its negation; such a point has order 2, and none of these curves has
        // even order. The check keeps the decoder honest regardless.
        guard point.y.encodingSign == sign else { throw .noPointWithX }
        guard C.isInPrimeOrderSubgroup(point) else { throw .notInSubgroup }
        self = point
    }

    // MARK: Uncompressed

    /// x ‖ y, each canonical little-endian; the point at infinity is all zeros.
    @inlinable
    public var uncompressed: [UInt8] {
        encodeCoordinates { value, bytes in value.writeCanonicalBytes(to: bytes) }
    }

    /// Decodes x ‖ y canonical little-endian (all zeros for infinity), checking the curve equation and the subgroup.
    @inlinable
    public init(uncompressed bytes: some Collection<UInt8>) throws(PointDecodingError) {
        self = try Self.decodeCoordinates(bytes) { C.Base(canonicalBytes: $0) }
    }

    // MARK: Raw Montgomery

    /// x ‖ y as raw Montgomery limbs (halo2 `SerdeFormat::RawBytes`); the point at infinity is all zeros.
    @inlinable
    public var rawMontgomery: [UInt8] {
        encodeCoordinates { value, bytes in value.writeMontgomeryBytes(to: bytes) }
    }

    /// Decodes x ‖ y as raw Montgomery limbs (all zeros for infinity): rejects limbs ≥ the modulus, points off the
    /// curve and points outside the subgroup.
    @inlinable
    public init(rawMontgomery bytes: some Collection<UInt8>) throws(PointDecodingError) {
        self = try Self.decodeCoordinates(bytes) { C.Base(montgomeryBytes: $0) }
    }

    // MARK: Shared

    @inlinable
    func encodeCoordinates(_ write: (C.Base, UnsafeMutableRawBufferPointer) -> Void) -> [UInt8] {
        let n = C.Base.encodedByteCount
        var out = [UInt8](repeating: 0, count: 2 * n)
        if isInfinity { return out }
        out.withUnsafeMutableBytes { buffer in
            write(x, UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
            write(y, UnsafeMutableRawBufferPointer(rebasing: buffer[n..<(2 * n)]))
        }
        return out
    }

    @inlinable
    static func decodeCoordinates(
        _ bytes: some Collection<UInt8>, _ read: (UnsafeRawBufferPointer) -> C.Base?
    ) throws(PointDecodingError) -> Self {
        let n = C.Base.encodedByteCount
        guard bytes.count == 2 * n else { throw .wrongLength(expected: 2 * n, actual: bytes.count) }
        let decoded: (C.Base, C.Base)? =
            bytes.withContiguousStorageIfAvailable { storage in
                Self.readCoordinates(UnsafeRawBufferPointer(storage), n, read)
            } ?? Array(bytes).withUnsafeBytes { Self.readCoordinates($0, n, read) }
        guard let (x, y) = decoded else { throw .nonCanonicalCoordinate }
        // (0, 0) is not on a curve with b ≠ 0, so it is free to stand for infinity.
        if x.isZero && y.isZero { return .infinity }
        let point = Self(x: x, y: y)
        guard point.isOnCurve else { throw .notOnCurve }
        guard C.isInPrimeOrderSubgroup(point) else { throw .notInSubgroup }
        return point
    }

    @inlinable @inline(__always)
    static func readCoordinates(
        _ buffer: UnsafeRawBufferPointer, _ n: Int, _ read: (UnsafeRawBufferPointer) -> C.Base?
    ) -> (C.Base, C.Base)? {
        guard let x = read(UnsafeRawBufferPointer(rebasing: buffer[0..<n])),
            let y = read(UnsafeRawBufferPointer(rebasing: buffer[n..<(2 * n)]))
        else { return nil }
        return (x, y)
    }
}
