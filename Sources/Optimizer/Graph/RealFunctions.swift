import Foundation

/// Real functions that both interpreters evaluate: the float interpreter on Float32 values, the quantized one to
/// fill its lookup tables.
enum RealFunctions {
    /// GELU: exact `x/2 · (1 + erf(x/√2))`, or TFLite's `approximate` form with tanh.
    static func gelu(_ x: Double, approximate: Bool) -> Double {
        if approximate {
            return 0.5 * x * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * (x + 0.044715 * x * x * x)))
        }
        return 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot()))
    }

    static func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

    static func hardSwish(_ x: Double) -> Double { x * min(max(x + 3, 0), 6) / 6 }
}
