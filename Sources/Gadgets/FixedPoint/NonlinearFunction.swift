import Foundation

/// A pointwise function computed by table lookup on fixed-point values at scale factor sf. Table entries are
/// round_half_away_from_zero(f(x/sf)·sf) (exp at sf², so that softmax keeps precision), saturated to Int64;
/// NaN (a square root of a negative number) becomes 0. ReLU and ReLU6 are exact integer functions. Leaky ReLU has
/// slope `leakyReluSlope` (tf.nn.leaky_relu's default); hard swish is x·relu6(x + 3)/6.
public enum NonlinearFunction: String, Sendable, Hashable, CaseIterable, Comparable {
    case relu, relu6, exp, logistic, tanh, gelu, sqrt, rsqrt, cube, leakyRelu, hardSwish

    /// The negative-side slope of `leakyRelu`.
    public static var leakyReluSlope: Double { 0.2 }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The table value at fixed-point input x.
    public func value(_ x: Int64, scaleFactor sf: Int64) -> Int64 {
        switch self {
        case .relu: return max(x, 0)
        case .relu6:
            let (six, overflow) = sf.multipliedReportingOverflow(by: 6)
            return min(max(x, 0), overflow ? Int64.max : six)
        default:
            let scale = Double(sf)
            let real = Double(x) / scale
            let y: Double = switch self {
            case .exp: Foundation.exp(real) * scale * scale
            case .logistic: 1 / (1 + Foundation.exp(-real)) * scale
            case .tanh: Foundation.tanh(real) * scale
            case .gelu: 0.5 * real * (1 + erf(real / 2.0.squareRoot())) * scale
            case .sqrt: real.squareRoot() * scale
            case .rsqrt: scale / real.squareRoot()
            case .cube: real * real * real * scale
            case .leakyRelu: (real < 0 ? Self.leakyReluSlope * real : real) * scale
            case .hardSwish: real * Swift.min(Swift.max(real + 3, 0), 6) / 6 * scale
            case .relu, .relu6: 0
            }
            return Self.saturatingRound(y)
        }
    }

    /// Round half away from zero into Int64, saturating; NaN is 0.
    static func saturatingRound(_ y: Double) -> Int64 {
        if y.isNaN { return 0 }
        let r = y.rounded(.toNearestOrAwayFromZero)
        if r >= 9.223372036854775807e18 { return Int64.max }
        if r <= -9.223372036854775808e18 { return Int64.min }
        return Int64(r)
    }
}
