/// The constants of the Frobenius maps on the tower, as Montgomery-form literals so that they fold into the code.
///
/// With w⁶ = ξ, the q^k-power Frobenius sends w^i to w^i·ξ^(i·(q^k − 1)/6); these are the factors for the basis
/// elements v = w², v² = w⁴ (Fq6) and w (Fq12). The tests recompute every entry as a power of ξ.
public enum BN254FrobeniusCoefficients {
    /// ξ^((q^k − 1)/3), the factor of v under the q^k-power Frobenius, for k in 0..<6.
    @inlinable
    public static func fq6C1(_ k: Int) -> BN254Fq2 {
        switch k {
        case 0: BN254Fq2(
                BN254Fq(montgomery: 0xd35d438dc58f0d9d, 0x0a78eb28f5c70b3d, 0x666ea36f7879462c, 0x0e0a77c19a07df2f),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 1: BN254Fq2(
                BN254Fq(montgomery: 0xb5773b104563ab30, 0x347f91c8a9aa6454, 0x7a007127242e0991, 0x1956bcd8118214ec),
                BN254Fq(montgomery: 0x6e849f1ea0aa4757, 0xaa1c7b6d89f89141, 0xb6e713cdfae0ca3a, 0x26694fbb4e82ebc3))
        case 2: BN254Fq2(
                BN254Fq(montgomery: 0x3350c88e13e80b9c, 0x7dce557cdb5e56b9, 0x6001b4b8b615564a, 0x2682e617020217e0),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 3: BN254Fq2(
                BN254Fq(montgomery: 0xc9af22f716ad6bad, 0xb311782a4aa662b2, 0x19eeaf64e248c7f4, 0x20273e77e3439f82),
                BN254Fq(montgomery: 0xacc02860f7ce93ac, 0x3933d5817ba76b4c, 0x69e6188b446c8467, 0x0a46036d4417cc55))
        case 4: BN254Fq2(
                BN254Fq(montgomery: 0x71930c11d782e155, 0xa6bb947cffbe3323, 0xaa303344d4741444, 0x2c3b3f0d26594943),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 5: BN254Fq2(
                BN254Fq(montgomery: 0xf91aba2654e8e3b1, 0x4771cb2fdc92ce12, 0xdcb16ae0fc8bdf35, 0x274aa195cd9d8be4),
                BN254Fq(montgomery: 0x5cfc50ae18811f8b, 0x4bb28433cb43988c, 0x4fd35f13c3b56219, 0x301949bd2fc8883a))
        default: preconditionFailure("Frobenius power index out of range")
        }
    }

    /// ξ^(2(q^k − 1)/3), the factor of v², for k in 0..<6.
    @inlinable
    public static func fq6C2(_ k: Int) -> BN254Fq2 {
        switch k {
        case 0: BN254Fq2(
                BN254Fq(montgomery: 0xd35d438dc58f0d9d, 0x0a78eb28f5c70b3d, 0x666ea36f7879462c, 0x0e0a77c19a07df2f),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 1: BN254Fq2(
                BN254Fq(montgomery: 0x7361d77f843abe92, 0xa5bb2bd3273411fb, 0x9c941f314b3e2399, 0x15df9cddbb9fd3ec),
                BN254Fq(montgomery: 0x5dddfd154bd8c949, 0x62cb29a5a4445b60, 0x37bc870a0c7dd2b9, 0x24830a9d3171f0fd))
        case 2: BN254Fq2(
                BN254Fq(montgomery: 0x71930c11d782e155, 0xa6bb947cffbe3323, 0xaa303344d4741444, 0x2c3b3f0d26594943),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 3: BN254Fq2(
                BN254Fq(montgomery: 0x448a93a57b6762df, 0xbfd62df528fdeadf, 0xd858f5d00e9bd47a, 0x06b03d4d3476ec58),
                BN254Fq(montgomery: 0x2b19daf4bcc936d1, 0xa1a54e7a56f4299f, 0xb533eee05adeaef1, 0x170c812b84dda0b2))
        case 4: BN254Fq2(
                BN254Fq(montgomery: 0x3350c88e13e80b9c, 0x7dce557cdb5e56b9, 0x6001b4b8b615564a, 0x2682e617020217e0),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 5: BN254Fq2(
                BN254Fq(montgomery: 0x843420f1d8dadbd6, 0x31f010c9183fcdb2, 0x436330b527a76049, 0x13d47447f11adfe4),
                BN254Fq(montgomery: 0xef494023a857fa74, 0x2a925d02d5ab101a, 0x83b015829ba62f10, 0x2539111d0c13aea3))
        default: preconditionFailure("Frobenius power index out of range")
        }
    }

    /// ξ^((q^k − 1)/6), the factor of w, for k in 0..<12.
    @inlinable
    public static func fq12C1(_ k: Int) -> BN254Fq2 {
        switch k {
        case 0: BN254Fq2(
                BN254Fq(montgomery: 0xd35d438dc58f0d9d, 0x0a78eb28f5c70b3d, 0x666ea36f7879462c, 0x0e0a77c19a07df2f),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 1: BN254Fq2(
                BN254Fq(montgomery: 0xaf9ba69633144907, 0xca6b1d7387afb78a, 0x11bded5ef08a2087, 0x02f34d751a1f3a7c),
                BN254Fq(montgomery: 0xa222ae234c492d72, 0xd00f02a4565de15b, 0xdc2ff3a253dfc926, 0x10a75716b3899551))
        case 2: BN254Fq2(
                BN254Fq(montgomery: 0xca8d800500fa1bf2, 0xf0c5d61468b39769, 0x0e201271ad0d4418, 0x04290f65bad856e6),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 3: BN254Fq2(
                BN254Fq(montgomery: 0x365316184e46d97d, 0x0af7129ed4c96d9f, 0x659da72fca1009b5, 0x08116d8983a20d23),
                BN254Fq(montgomery: 0xb1df4af7c39c1939, 0x3d9f02878a73bf7f, 0x9b2220928caf0ae0, 0x26684515eff054a6))
        case 4: BN254Fq2(
                BN254Fq(montgomery: 0x3350c88e13e80b9c, 0x7dce557cdb5e56b9, 0x6001b4b8b615564a, 0x2682e617020217e0),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 5: BN254Fq2(
                BN254Fq(montgomery: 0x86b76f821b329076, 0x408bf52b4d19b614, 0x53dfb9d0d985e92d, 0x051e20146982d2a7),
                BN254Fq(montgomery: 0x0fbc9cd47752ebc7, 0x6d8fffe33415de24, 0xbef22cf038cf41b9, 0x15c0edff3c66bf54))
        case 6: BN254Fq2(
                BN254Fq(montgomery: 0x68c3488912edefaa, 0x8d087f6872aabf4f, 0x51e1a24709081231, 0x2259d6b14729c0fa),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 7: BN254Fq2(
                BN254Fq(montgomery: 0x8c84e580a568b440, 0xcd164d1de0c21302, 0xa692585790f737d5, 0x2d7100fdc71265ad),
                BN254Fq(montgomery: 0x99fdddf38c33cfd5, 0xc77267ed1213e931, 0xdc2052142da18f36, 0x1fbcf75c2da80ad7))
        case 8: BN254Fq2(
                BN254Fq(montgomery: 0x71930c11d782e155, 0xa6bb947cffbe3323, 0xaa303344d4741444, 0x2c3b3f0d26594943),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 9: BN254Fq2(
                BN254Fq(montgomery: 0x05cd75fe8a3623ca, 0x8c8a57f293a85cee, 0x52b29e86b7714ea8, 0x2852e0e95d8f9306),
                BN254Fq(montgomery: 0x8a41411f14e0e40e, 0x59e26809ddfe0b0d, 0x1d2e2523f4d24d7d, 0x09fc095cf1414b83))
        case 10: BN254Fq2(
                BN254Fq(montgomery: 0x08cfc388c494f1ab, 0x19b315148d1373d4, 0x584e90fdcb6c0213, 0x09e1685bdf2f8849),
                BN254Fq(montgomery: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000))
        case 11: BN254Fq2(
                BN254Fq(montgomery: 0xb5691c94bd4a6cd1, 0x56f575661b581478, 0x64708be5a7fb6f30, 0x2b462e5e77aecd82),
                BN254Fq(montgomery: 0x2c63ef42612a1180, 0x29f16aae345bec69, 0xf95e18c648b216a4, 0x1aa36073a4cae0d4))
        default: preconditionFailure("Frobenius power index out of range")
        }
    }

    /// ξ^((q − 1)/2): the twisted Frobenius on G2 multiplies y by this (and x by `fq6C1(1)`).
    @inlinable
    public static var twistFrobeniusY: BN254Fq2 {
        BN254Fq2(
            BN254Fq(montgomery: 0xe4bbdd0c2936b629, 0xbb30f162e133bacb, 0x31a9d1b6f9645366, 0x253570bea500f8dd),
            BN254Fq(montgomery: 0xa1d77ce45ffe77c7, 0x07affd117826d1db, 0x6d16bd27bb7edc6b, 0x2c87200285defecc))
    }
}
