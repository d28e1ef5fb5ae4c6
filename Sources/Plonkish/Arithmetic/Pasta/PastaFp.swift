/// The Pasta field Fp: Pallas base field and Vesta scalar field (the circuit field of the IPA backend).
public typealias PastaFp = Field256<PastaFpParameters>

public enum PastaFpParameters: Field256Parameters {
    public static var name: String { "PastaFp" }
    @inlinable public static var modulus: (UInt64, UInt64, UInt64, UInt64) {
        (0x992d30ed00000001, 0x224698fc094cf91b, 0x0000000000000000, 0x4000000000000000)
    }
    @inlinable public static var inverseModulusNegated: UInt64 { 0x992d30ecffffffff }
    @inlinable public static var montgomeryR: (UInt64, UInt64, UInt64, UInt64) {
        (0x34786d38fffffffd, 0x992c350be41914ad, 0xffffffffffffffff, 0x3fffffffffffffff)
    }
    @inlinable public static var montgomeryR2: (UInt64, UInt64, UInt64, UInt64) {
        (0x8c78ecb30000000f, 0xd7d30dbd8b0de0e7, 0x7797a99bc3c95d18, 0x096d41af7b9cb714)
    }
    @inlinable public static var montgomeryR3: (UInt64, UInt64, UInt64, UInt64) {
        (0xf185a5993a9e10f9, 0xf6a68f3b6ac5b1d1, 0xdf8d1014353fd42c, 0x2ae309222d2d9910)
    }
    @inlinable public static var bitWidth: Int { 255 }
    @inlinable public static var twoAdicity: Int { 32 }
    @inlinable public static var generator: UInt64 { 5 }
    @inlinable public static var rootOfUnity: (UInt64, UInt64, UInt64, UInt64) {
        (0xbdad6fabd87ea32f, 0xea322bf2b7bb7584, 0x362120830561f81a, 0x2bce74deac30ebda)
    }
}
