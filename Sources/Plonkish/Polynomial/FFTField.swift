/// A prime field with the extra constant halo2's extended domain needs: a primitive cube root of unity ζ
/// (halo2's `ZETA`), the generator of the coset ζ·⟨ω_ext⟩ on which the quotient polynomial is evaluated.
///
/// ζ has order 3 and every root of unity of the FFT domains has 2-power order, so the coset never meets the
/// domain and the vanishing polynomial has no zero on it. The value must be halo2's exactly (not ζ²): it fixes the
/// coset and therefore the proofs.
public protocol FFTField: PrimeField {
    /// A primitive cube root of unity: ζ³ = 1, ζ ≠ 1.
    static var zeta: Self { get }
}

/// Field parameters that also name halo2's ζ, as canonical little-endian limbs.
public protocol FFTFieldParameters: Field256Parameters {
    static var zeta: (UInt64, UInt64, UInt64, UInt64) { get }
}

extension Field256: FFTField where P: FFTFieldParameters {
    @inlinable
    public static var zeta: Self { Self(canonical: P.zeta) }
}

extension BN254FrParameters: FFTFieldParameters {
    /// 0x30644e72e131a029048b6e193fd84104cc37a73fec2bc5e9b8ca0b2d36636f23 (halo2curves `Fr::ZETA`).
    @inlinable public static var zeta: (UInt64, UInt64, UInt64, UInt64) {
        (0xb8ca0b2d36636f23, 0xcc37a73fec2bc5e9, 0x048b6e193fd84104, 0x30644e72e131a029)
    }
}

extension PastaFpParameters: FFTFieldParameters {
    /// 0x12ccca834acdba712caad5dc57aab1b01d1f8bd237ad31491dad5ebdfdfe4ab9 (pasta_curves `Fp::ZETA`).
    @inlinable public static var zeta: (UInt64, UInt64, UInt64, UInt64) {
        (0x1dad5ebdfdfe4ab9, 0x1d1f8bd237ad3149, 0x2caad5dc57aab1b0, 0x12ccca834acdba71)
    }
}
