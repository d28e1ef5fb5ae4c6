/// The operations on Fq2 that the tower Fq6 = Fq2[v]/(v³ − ξ), Fq12 = Fq6[w]/(w² − v) is built from.
extension BN254Fq2 {
    /// ξ = 9 + u, the cubic and quadratic non-residue of Fq2 that defines the tower and the sextic twist.
    @inlinable public static var nonResidue: Self { Self(BN254Fq(word: 9), .one) }

    /// self·ξ = (9c0 − c1) + (c0 + 9c1)·u, with additions only: v³ = ξ makes this the carry of every tower product.
    @inlinable @inline(__always)
    public func multipliedByNonResidue() -> Self {
        let nine0 = c0.doubled().doubled().doubled() + c0
        let nine1 = c1.doubled().doubled().doubled() + c1
        return Self(nine0 - c1, nine1 + c0)
    }

    /// self^(q^power): the q-power Frobenius is conjugation, so only the parity of `power` matters.
    @inlinable @inline(__always)
    public func frobenius(_ power: Int) -> Self {
        power & 1 == 0 ? self : conjugate
    }
}
