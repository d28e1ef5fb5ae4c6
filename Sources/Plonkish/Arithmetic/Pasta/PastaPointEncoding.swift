/// Pallas and Vesta encodings (pasta_curves `to_bytes`/`from_bytes`): x little-endian with bit 7 of byte 31 set
/// when y is odd; the identity is 32 zero bytes. Both curves have prime order, so on the curve means in the group.
extension PallasCurve: PointEncodingCurve {
    @inlinable
    public static var compressedFlagLayout: CompressedFlagLayout { .signInTopBit }

    @inlinable
    public static func isInPrimeOrderSubgroup(_ point: AffinePoint<Self>) -> Bool { true }
}

extension VestaCurve: PointEncodingCurve {
    @inlinable
    public static var compressedFlagLayout: CompressedFlagLayout { .signInTopBit }

    @inlinable
    public static func isInPrimeOrderSubgroup(_ point: AffinePoint<Self>) -> Bool { true }
}
