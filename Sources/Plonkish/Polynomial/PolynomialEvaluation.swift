/// p(x) for the polynomial with these coefficients (lowest degree first), by Horner's rule.
@inlinable
public func evaluatePolynomial<F: FieldElement>(_ coefficients: [F], at x: F) -> F {
    var result = F.zero
    for c in coefficients.reversed() { result = result * x + c }
    return result
}
