/// The BN254 base field Fq: coordinates of G1 points.
public typealias BN254Fq = Field256<BN254FqParameters>

public enum BN254FqParameters: Field256Parameters {
    public static var name: String { "BN254Fq" }
    @inlinable public static var modulus: (UInt64, UInt64, UInt64, UInt64) {
        (0x3c208c16d87cfd47, 0x97816a916871ca8d, 0xb85045b68181585d, 0x30644e72e131a029)
    }
    @inlinable public static var inverseModulusNegated: UInt64 { 0x87d20782e4866389 }
    @inlinable public static var montgomeryR: (UInt64, UInt64, UInt64, UInt64) {
        (0xd35d438dc58f0d9d, 0x0a78eb28f5c70b3d, 0x666ea36f7879462c, 0x0e0a77c19a07df2f)
    }
    @inlinable public static var montgomeryR2: (UInt64, UInt64, UInt64, UInt64) {
        (0xf32cfc5b538afa89, 0xb5e71911d44501fb, 0x47ab1eff0a417ff6, 0x06d89f71cab8351f)
    }
    @inlinable public static var montgomeryR3: (UInt64, UInt64, UInt64, UInt64) {
        (0xb1cd6dafda1530df, 0x62f210e6a7283db6, 0xef7f0b0c0ada0afb, 0x20fd6e902d592544)
    }
    @inlinable public static var bitWidth: Int { 254 }
    @inlinable public static var twoAdicity: Int { 1 }
    @inlinable public static var generator: UInt64 { 3 }
    @inlinable public static var rootOfUnity: (UInt64, UInt64, UInt64, UInt64) {
        (0x3c208c16d87cfd46, 0x97816a916871ca8d, 0xb85045b68181585d, 0x30644e72e131a029)
    }
}
