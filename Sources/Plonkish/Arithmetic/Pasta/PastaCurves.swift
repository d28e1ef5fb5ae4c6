/// Pallas: y² = x³ + 5 over Fp, prime order q (its scalars are Fq). Generator (−1, 2).
public enum PallasCurve: ShortWeierstrassCurve {
    public typealias Base = PastaFp
    public typealias Scalar = PastaFq
    public static var name: String { "Pallas" }
    @inlinable public static var b: PastaFp { PastaFp(word: 5) }
    @inlinable public static var generatorX: PastaFp { -PastaFp.one }
    @inlinable public static var generatorY: PastaFp { PastaFp(word: 2) }
}

/// Vesta: y² = x³ + 5 over Fq, prime order p (its scalars are Fp, the IPA backend's circuit field). Generator (−1, 2).
public enum VestaCurve: ShortWeierstrassCurve {
    public typealias Base = PastaFq
    public typealias Scalar = PastaFp
    public static var name: String { "Vesta" }
    @inlinable public static var b: PastaFq { PastaFq(word: 5) }
    @inlinable public static var generatorX: PastaFq { -PastaFq.one }
    @inlinable public static var generatorY: PastaFq { PastaFq(word: 2) }
}

public typealias PallasAffine = AffinePoint<PallasCurve>
public typealias Pallas = JacobianPoint<PallasCurve>
public typealias VestaAffine = AffinePoint<VestaCurve>
public typealias Vesta = JacobianPoint<VestaCurve>
