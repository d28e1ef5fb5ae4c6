/// The circuit's one rounding rule for division: round half up, q = floor((2a + b) / (2b)) for b > 0, a true floor
/// for negative numerators too (−1.5 → −1, −2.5 → −2). Every rescale gadget proves 2a + b = 2b·q + r with
/// 0 ≤ r < 2b; `remainder` is that r.
public enum RoundingDivision {
    /// q and r with 2a + b = 2b·q + r, 0 ≤ r < 2b. Needs b > 0; never overflows (no 2a is formed).
    @inlinable
    public static func halfUp(_ a: Int64, _ b: Int64) -> (quotient: Int64, remainder: Int64) {
        precondition(b > 0, "divisor must be positive")
        // a = f·b + m with 0 ≤ m < b; then (2a + b)/(2b) = f + (2m + b)/(2b), whose floor adds 1 exactly when 2m ≥ b.
        var f = a / b
        var m = a % b
        if m < 0 {
            f -= 1
            m += b
        }
        let roundsUp = m >= b - m
        // r = 2m + b − 2b·[rounds up], written so that no intermediate exceeds 2b.
        let remainder = roundsUp ? (m - (b - m)) : (m + m + b)
        return (roundsUp ? f + 1 : f, remainder)
    }

    /// floor((2a + b) / (2b)), b > 0.
    @inlinable
    public static func quotient(_ a: Int64, _ b: Int64) -> Int64 { halfUp(a, b).quotient }
}
