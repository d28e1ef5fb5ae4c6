/// BN254 G1: y² = x³ + 3 over Fq, generator (1, 2), prime order r (cofactor 1).
public enum BN254G1Curve: ShortWeierstrassCurve {
    public typealias Base = BN254Fq
    public typealias Scalar = BN254Fr
    public static var name: String { "BN254.G1" }
    @inlinable public static var b: BN254Fq { BN254Fq(word: 3) }
    @inlinable public static var generatorX: BN254Fq { .one }
    @inlinable public static var generatorY: BN254Fq { BN254Fq(word: 2) }
}

/// BN254 G2: the D-type sextic twist y² = x³ + 3/(9 + u) over Fq2, its order-r subgroup.
public enum BN254G2Curve: ShortWeierstrassCurve {
    public typealias Base = BN254Fq2
    public typealias Scalar = BN254Fr
    public static var name: String { "BN254.G2" }
    @inlinable public static var b: BN254Fq2 {
        BN254Fq2(
            BN254Fq(canonical: (0x3267e6dc24a138e5, 0xb5b4c5e559dbefa3, 0x81be18991be06ac3, 0x2b149d40ceb8aaae)),
            BN254Fq(canonical: (0xe4a2bd0685c315d2, 0xa74fa084e52d1852, 0xcd2cafadeed8fdf4, 0x009713b03af0fed4)))
    }
    @inlinable public static var generatorX: BN254Fq2 {
        BN254Fq2(
            BN254Fq(canonical: (0x46debd5cd992f6ed, 0x674322d4f75edadd, 0x426a00665e5c4479, 0x1800deef121f1e76)),
            BN254Fq(canonical: (0x97e485b7aef312c2, 0xf1aa493335a9e712, 0x7260bfb731fb5d25, 0x198e9393920d483a)))
    }
    @inlinable public static var generatorY: BN254Fq2 {
        BN254Fq2(
            BN254Fq(canonical: (0x4ce6cc0166fa7daa, 0xe3d1e7690c43d37b, 0x4aab71808dcb408f, 0x12c85ea5db8c6deb)),
            BN254Fq(canonical: (0x55acdadcd122975b, 0xbc4b313370b38ef3, 0xec9e99ad690c3395, 0x090689d0585ff075)))
    }
}

public typealias G1Affine = AffinePoint<BN254G1Curve>
public typealias G1 = JacobianPoint<BN254G1Curve>
public typealias G2Affine = AffinePoint<BN254G2Curve>
public typealias G2 = JacobianPoint<BN254G2Curve>
