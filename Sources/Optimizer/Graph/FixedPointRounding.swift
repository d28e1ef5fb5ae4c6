import Foundation

// The circuit's rounding rules (REFERENCE.md, zkml-paper-code.md §7 points 2–3), shared by the quantized
// interpreter and the gadgets that must reproduce its integers.

/// `round(a / b)` with ties toward +∞, for `b > 0`: the circuit's `floor((2a + b) / (2b))`, a true floor for
/// negative `a` too (−1.5 → −1, −2.5 → −2). Computed without forming `2a + b`, so it never overflows.
@inlinable
public func divideRoundingHalfUp(_ a: Int64, _ b: Int64) -> Int64 {
    precondition(b > 0, "the divisor of a fixed-point rescale is positive")
    var quotient = a / b
    var remainder = a % b
    if remainder < 0 {
        quotient -= 1
        remainder += b
    }
    // a/b = quotient + remainder/b with 0 ≤ remainder < b; round up when remainder/b ≥ 1/2.
    return remainder >= b - remainder ? quotient + 1 : quotient
}

/// Rounds to the nearest integer, ties away from zero (Rust's `f64::round`), as the circuit's lookup tables do.
@inlinable
public func roundHalfAwayFromZero(_ x: Double) -> Double {
    x.rounded(.toNearestOrAwayFromZero)
}

/// Rounds to the nearest integer, ties to even (numpy's `np.round`), as the paper's converter quantizes weights
/// and inputs.
@inlinable
public func roundHalfToEven(_ x: Double) -> Double {
    x.rounded(.toNearestOrEven)
}

/// The Int64 equal to an already rounded `x`, or nil when `x` is not finite or lies outside Int64.
@inlinable
public func exactInt64(_ x: Double) -> Int64? {
    // 2^63 is exactly representable; every double below it in magnitude converts without trapping.
    guard x.isFinite, x >= -9_223_372_036_854_775_808.0, x < 9_223_372_036_854_775_808.0 else { return nil }
    return Int64(x)
}

/// Fixed-point encoding of a real value: `round(value · 2^scaleBits)`, ties to even (numpy's rounding, which the
/// paper's converter uses for weights and inputs); nil when the result is not representable.
@inlinable
public func quantize(_ value: Double, scaleBits: Int) -> Int64? {
    exactInt64(roundHalfToEven(value * Double(sign: .plus, exponent: scaleBits, significand: 1)))
}

/// A lookup table's entry: `round_half_away_from_zero(f(x / 2^inputBits) · 2^outputBits)`; nil when `f` gives a
/// value that is not finite or not representable in Int64.
@inlinable
public func fixedPointTableValue(_ x: Int64, inputScaleBits: Int, outputScaleBits: Int,
                                 _ function: (Double) -> Double) -> Int64? {
    let real = Double(x) * Double(sign: .plus, exponent: -inputScaleBits, significand: 1)
    return exactInt64(roundHalfAwayFromZero(
        function(real) * Double(sign: .plus, exponent: outputScaleBits, significand: 1)))
}
