/// The two flag layouts halo2curves has used for compressed BN254 points (G1: 32 bytes, flags in byte 31; G2:
/// 64 bytes, flags in byte 63). The layout changed in halo2curves commit 1662f88 ("EC point serialization (#141)").
public enum BN254PointFlags: Sendable, CaseIterable {
    /// halo2curves ≤ 0.6 (PSE halo2 v0.3.0): 0x80 = identity, 0x40 = y odd.
    case halo2curvesLegacy
    /// halo2curves ≥ 0.7: 0x80 = y odd, 0x40 = identity.
    case halo2curves

    @inlinable
    public var layout: CompressedFlagLayout {
        switch self {
        case .halo2curvesLegacy: return .identityThenSign
        case .halo2curves: return .signThenIdentity
        }
    }
}

extension BN254G1Curve: PointEncodingCurve {
    @inlinable
    public static var compressedFlagLayout: CompressedFlagLayout { .signThenIdentity }

    /// G1 has prime order r (cofactor 1): every point on the curve is in the subgroup.
    @inlinable
    public static func isInPrimeOrderSubgroup(_ point: AffinePoint<Self>) -> Bool { true }
}

extension BN254G2Curve: PointEncodingCurve {
    @inlinable
    public static var compressedFlagLayout: CompressedFlagLayout { .signThenIdentity }
}

/// The BN254 groups G1 and G2, which share halo2curves' two-spare-bit flag layouts.
public protocol BN254Group: PointEncodingCurve {}
extension BN254G1Curve: BN254Group {}
extension BN254G2Curve: BN254Group {}

extension AffinePoint where C: BN254Group {
    @inlinable
    public func compressed(flags: BN254PointFlags) -> [UInt8] { compressed(layout: flags.layout) }

    @inlinable
    public init(compressed bytes: some Collection<UInt8>, flags: BN254PointFlags) throws(PointDecodingError) {
        try self.init(compressed: bytes, layout: flags.layout)
    }
}
