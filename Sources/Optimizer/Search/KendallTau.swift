/// Kendall's rank correlation between two paired samples: how often pairs of items are ordered the same way by
/// both (1: always, −1: always the other way, 0: no relation). Used to judge whether the cost model ranks plans
/// as the measured proving times do.
public enum KendallTau {
    /// τ-b, which corrects for ties: (concordant − discordant) / √((pairs − ties in x)·(pairs − ties in y)); a pair
    /// tied in both counts in neither. Nil when the samples differ in length or either is constant (fewer than two
    /// items included).
    public static func tauB(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        var concordant = 0, discordant = 0, tiedX = 0, tiedY = 0
        for i in 0..<x.count {
            for j in (i + 1)..<x.count {
                let dx = x[i] - x[j], dy = y[i] - y[j]
                if dx == 0 && dy == 0 { tiedX += 1; tiedY += 1 }
                else if dx == 0 { tiedX += 1 }
                else if dy == 0 { tiedY += 1 }
                else if (dx > 0) == (dy > 0) { concordant += 1 }
                else { discordant += 1 }
            }
        }
        let pairs = x.count * (x.count - 1) / 2
        let denominator = (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
        guard denominator > 0 else { return nil }
        return Double(concordant - discordant) / denominator
    }
}
