#if arch(x86_64)
import CFieldAssembly

// On x86-64 the four fields multiply with the MULX/ADCX/ADOX routine of Sources/CFieldAssembly: LLVM runs Swift's
// UInt128 carry chains through one flag with spills, the assembly keeps two carry chains in registers.

/// Field parameters with a multiplication routine in CFieldAssembly.
public protocol AssemblyFieldParameters: Field256Parameters {
    /// a·b·R⁻¹ mod p on Montgomery limbs, by this field's routine in CFieldAssembly.
    static func assemblyProduct(_ a: zkml_limbs, _ b: zkml_limbs) -> zkml_limbs
}

extension Field256Parameters where Self: AssemblyFieldParameters {
    @inlinable @inline(__always)
    public static func platformMontgomeryProduct(_ a: Field256<Self>, _ b: Field256<Self>) -> Field256<Self>? {
        let product = assemblyProduct(zkml_limbs(limb: (a.l0, a.l1, a.l2, a.l3)),
                                      zkml_limbs(limb: (b.l0, b.l1, b.l2, b.l3)))
        return Field256(montgomery: product.limb)
    }
}

extension BN254FrParameters: AssemblyFieldParameters {
    @inlinable @inline(__always)
    public static func assemblyProduct(_ a: zkml_limbs, _ b: zkml_limbs) -> zkml_limbs { zkml_bn254_fr_multiply(a, b) }
}

extension BN254FqParameters: AssemblyFieldParameters {
    @inlinable @inline(__always)
    public static func assemblyProduct(_ a: zkml_limbs, _ b: zkml_limbs) -> zkml_limbs { zkml_bn254_fq_multiply(a, b) }
}

extension PastaFpParameters: AssemblyFieldParameters {
    @inlinable @inline(__always)
    public static func assemblyProduct(_ a: zkml_limbs, _ b: zkml_limbs) -> zkml_limbs { zkml_pasta_fp_multiply(a, b) }
}

extension PastaFqParameters: AssemblyFieldParameters {
    @inlinable @inline(__always)
    public static func assemblyProduct(_ a: zkml_limbs, _ b: zkml_limbs) -> zkml_limbs { zkml_pasta_fq_multiply(a, b) }
}
#endif
