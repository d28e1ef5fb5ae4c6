/// The extended coset ζ·⟨ω_ext⟩ (size n·P) seen as P cosets of the base domain: part j is ζ·ω_ext^j·⟨ω⟩, because
/// ω_ext^P = ω. Evaluating the quotient one part at a time needs only size-n transforms and n values per column at
/// once, instead of every column's full extended evaluations (DESIGN: build extended evaluations chunk by chunk);
/// on part j the vanishing polynomial Xⁿ − 1 is the constant (ζ·ω_ext^j)ⁿ − 1.
extension ExtendedDomain {
    /// P = extendedN / n.
    public var partCount: Int { extendedN / n }

    /// ζ·ω_ext^j, the shift of part j.
    public func partShift(_ j: Int) -> F { zeta * extended.element(j) }

    /// The values on part j of the polynomial with these coefficients (at most n).
    @inlinable
    public func evaluateOnPart(_ coefficients: [F], part j: Int) -> [F] {
        var values = coefficients
        values.append(contentsOf: repeatElement(.zero, count: n - coefficients.count))
        base.cosetFFT(&values, shift: partShift(j))
        return values
    }

    /// Reassembles per-part values (part j, row i) into values on the whole extended coset (index j + P·i), the
    /// order `extendedToCoeff` expects.
    public func interleaveParts(_ parts: [[F]]) -> [F] {
        let p = partCount
        precondition(parts.count == p, "expected \(p) parts")
        return [F](unsafeUninitializedCapacity: extendedN) { buffer, count in
            for (j, part) in parts.enumerated() {
                for i in 0..<n { (buffer.baseAddress! + j + p * i).initialize(to: part[i]) }
            }
            count = extendedN
        }
    }
}
