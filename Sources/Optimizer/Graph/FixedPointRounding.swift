import Foundation

// The circuit's rounding rules (REFERENCE.md, zkml-paper-code.md §7 points 2–3) for quantization and tables; the
// rescaling division is the gadgets' own `RoundingDivision`, so interpreter and circuit share one definition.

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
