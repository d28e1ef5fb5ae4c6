/// The Pasta field Fq: Vesta base field and Pallas scalar field.
public typealias PastaFq = Field256<PastaFqParameters>

public enum PastaFqParameters: Field256Parameters {
    public static var name: String { "PastaFq" }
    @inlinable public static var modulus: (UInt64, UInt64, UInt64, UInt64) {
        (0x8c46eb2100000001, 0x224698fc0994a8dd, 0x0000000000000000, 0x4000000000000000)
    }
    @inlinable public static var inverseModulusNegated: UInt64 { 0x8c46eb20ffffffff }
    @inlinable public static var montgomeryR: (UInt64, UInt64, UInt64, UInt64) {
        (0x5b2b3e9cfffffffd, 0x992c350be3420567, 0xffffffffffffffff, 0x3fffffffffffffff)
    }
    @inlinable public static var montgomeryR2: (UInt64, UInt64, UInt64, UInt64) {
        (0xfc9678ff0000000f, 0x67bb433d891a16e3, 0x7fae231004ccf590, 0x096d41af7ccfdaa9)
    }
    @inlinable public static var montgomeryR3: (UInt64, UInt64, UInt64, UInt64) {
        (0x008b421c249dae4c, 0xe13bda50dba41326, 0x88fececb8e15cb63, 0x07dd97a06e6792c8)
    }
    @inlinable public static var bitWidth: Int { 255 }
    @inlinable public static var twoAdicity: Int { 32 }
    @inlinable public static var generator: UInt64 { 5 }
    @inlinable public static var rootOfUnity: (UInt64, UInt64, UInt64, UInt64) {
        (0xa70e2c1102b6d05f, 0x9bb97ea3c106f049, 0x9e5c4dfd492ae26e, 0x2de6a9b8746d3f58)
    }
}
