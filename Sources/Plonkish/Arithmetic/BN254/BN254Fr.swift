/// The BN254 scalar field Fr: the circuit field of the KZG backend.
public typealias BN254Fr = Field256<BN254FrParameters>

public enum BN254FrParameters: Field256Parameters {
    public static var name: String { "BN254Fr" }
    @inlinable public static var modulus: (UInt64, UInt64, UInt64, UInt64) {
        (0x43e1f593f0000001, 0x2833e84879b97091, 0xb85045b68181585d, 0x30644e72e131a029)
    }
    @inlinable public static var inverseModulusNegated: UInt64 { 0xc2e1f593efffffff }
    @inlinable public static var montgomeryR: (UInt64, UInt64, UInt64, UInt64) {
        (0xac96341c4ffffffb, 0x36fc76959f60cd29, 0x666ea36f7879462e, 0x0e0a77c19a07df2f)
    }
    @inlinable public static var montgomeryR2: (UInt64, UInt64, UInt64, UInt64) {
        (0x1bb8e645ae216da7, 0x53fe3ab1e35c59e3, 0x8c49833d53bb8085, 0x0216d0b17f4e44a5)
    }
    @inlinable public static var montgomeryR3: (UInt64, UInt64, UInt64, UInt64) {
        (0x5e94d8e1b4bf0040, 0x2a489cbe1cfbb6b8, 0x893cc664a19fcfed, 0x0cf8594b7fcc657c)
    }
    @inlinable public static var bitWidth: Int { 254 }
    @inlinable public static var twoAdicity: Int { 28 }
    @inlinable public static var generator: UInt64 { 7 }
    @inlinable public static var rootOfUnity: (UInt64, UInt64, UInt64, UInt64) {
        (0xd34f1ed960c37c9c, 0x3215cf6dd39329c8, 0x98865ea93dd31f74, 0x03ddb9f5166d18b7)
    }
}
