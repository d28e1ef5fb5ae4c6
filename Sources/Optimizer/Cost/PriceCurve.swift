import Foundation

/// The measured price of one operation as its size 2^k grows: seconds at the sizes that were measured, and a
/// least-squares fit of the operation's growth law that carries the price beyond them.
///
/// Between measured sizes the price is interpolated geometrically (linearly in log seconds, which is how these
/// prices grow with k); above them it follows the fit's growth from the last measured price, below them the growth
/// law's from the first, so the curve is continuous, equals the measurement wherever there is one, and is
/// nondecreasing in k.
public struct PriceCurve: Sendable, Equatable {
    /// How the operation's time grows with n = 2^k: seconds ≈ a·f(n) + b.
    public enum GrowthLaw: String, Codable, Sendable, CaseIterable {
        /// f(n) = n·log2 n: FFTs.
        case nLogN = "n_log_n"
        /// f(n) = n / log2 n: Pippenger MSMs.
        case nOverLogN = "n_over_log_n"
        /// f(n) = n: passes over the rows (lookup preparation, per-polynomial work of an opening).
        case linear = "n"

        public func term(k: Int) -> Double {
            let n = Double(1 << max(0, k))
            let logN = Double(max(1, k))
            switch self {
            case .nLogN: return n * logN
            case .nOverLogN: return n / logN
            case .linear: return n
            }
        }
    }

    public let law: GrowthLaw
    /// Seconds per operation, by log2 of its size, as measured.
    public let measured: [Int: Double]
    /// Fit coefficients: seconds ≈ a·f(2^k) + b.
    public let a: Double
    public let b: Double
    /// The measurements made nondecreasing in k (a larger operation never costs less; a smaller time at a larger
    /// size is noise from a busy machine), in ascending k.
    private let monotone: [(k: Int, seconds: Double)]

    /// A curve through these measurements, fitted to `law`. Measurements must be positive and finite.
    public init(law: GrowthLaw, measured: [Int: Double]) throws {
        let fit = try Self.fit(law: law, measured: measured)
        try self.init(law: law, measured: measured, a: fit.a, b: fit.b)
    }

    /// A curve with given fit coefficients (as read back from a profile).
    public init(law: GrowthLaw, measured: [Int: Double], a: Double, b: Double) throws {
        guard !measured.isEmpty else { throw CostProfileError.invalid("a price curve needs at least one measurement") }
        for (k, seconds) in measured where !(seconds > 0 && seconds.isFinite) || !(0...40).contains(k) {
            throw CostProfileError.invalid("measurement at k = \(k) is \(seconds) s, not a positive time")
        }
        guard a.isFinite, b.isFinite else { throw CostProfileError.invalid("fit coefficients must be finite") }
        self.law = law
        self.measured = measured
        self.a = a
        self.b = b
        self.monotone = Self.nondecreasing(measured.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    public static func == (lhs: PriceCurve, rhs: PriceCurve) -> Bool {
        lhs.law == rhs.law && lhs.measured == rhs.measured && lhs.a == rhs.a && lhs.b == rhs.b
    }

    /// The fit alone at size 2^k.
    public func fitted(k: Int) -> Double { a * law.term(k: k) + b }

    /// The smallest and largest measured k.
    public var measuredRange: ClosedRange<Int> { monotone[0].k...monotone[monotone.count - 1].k }

    /// Seconds for one operation of size 2^k.
    public func seconds(k: Int) -> Double {
        let first = monotone[0], last = monotone[monotone.count - 1]
        if k <= first.k { return first.seconds * growth(from: first.k, to: k) }
        if k >= last.k { return last.seconds * growth(from: last.k, to: k) }
        var upper = 1
        while monotone[upper].k < k { upper += 1 }
        let low = monotone[upper - 1], high = monotone[upper]
        if high.k == k { return high.seconds }
        let t = Double(k - low.k) / Double(high.k - low.k)
        // Clamped: between equal prices exp(log(x)) can round above x, which would break monotonicity.
        let interpolated = exp(log(low.seconds) + t * (log(high.seconds) - log(low.seconds)))
        return min(high.seconds, max(low.seconds, interpolated))
    }

    /// The fit's ratio of the price at 2^to to the price at 2^from. Above the measured range the fit's constant b
    /// (fixed costs per operation) carries along. Below it the growth law alone gives the ratio: b is fitted
    /// where it is small beside a·f(n), and measurements refute it as a floor. A 2^12-row lookup helper's whole
    /// commitment (a pass over its rows, then an MSM over its 16 distinct values) measured about 2 ms, where
    /// a·f(n) + b from 2^10 priced a 32-point MSM alone at 4.9 ms; and a negative b, bent by noise, would drive the
    /// price to zero. Either way the ratio rises with `to`.
    private func growth(from: Int, to: Int) -> Double {
        let start = fitted(k: from)
        if a > 0, start > 0, to >= from { return fitted(k: to) / start }
        return law.term(k: to) / law.term(k: from)
    }

    /// Weighted least squares of seconds ≈ a·f + b with weights 1/seconds², which minimises relative error so
    /// that the small sizes count as much as the large ones. One measurement, or a fit with a ≤ 0, gives the
    /// proportional fit b = 0.
    static func fit(law: GrowthLaw, measured: [Int: Double]) throws -> (a: Double, b: Double) {
        let points = measured.map { (f: law.term(k: $0.key), y: $0.value) }
        guard !points.isEmpty, points.allSatisfy({ $0.y > 0 && $0.y.isFinite }) else {
            throw CostProfileError.invalid("a price curve needs positive measurements")
        }
        var sw = 0.0, swf = 0.0, swy = 0.0, swff = 0.0, swfy = 0.0
        for p in points {
            let w = 1 / (p.y * p.y)
            sw += w; swf += w * p.f; swy += w * p.y; swff += w * p.f * p.f; swfy += w * p.f * p.y
        }
        let determinant = sw * swff - swf * swf
        if points.count >= 2, determinant > 1e-12 * sw * swff {
            let a = (sw * swfy - swf * swy) / determinant
            let b = (swy - a * swf) / sw
            if a > 0 { return (a, b) }
        }
        // Proportional: minimise Σ w·(y − a·f)².
        return (swfy / swff, 0)
    }

    /// Pool-adjacent-violators: the nondecreasing sequence closest (least squares) to the measurements.
    static func nondecreasing(_ points: [(Int, Double)]) -> [(k: Int, seconds: Double)] {
        var blocks: [(sum: Double, count: Int)] = []
        for (_, y) in points {
            blocks.append((y, 1))
            while blocks.count >= 2 {
                let last = blocks[blocks.count - 1], previous = blocks[blocks.count - 2]
                guard previous.sum / Double(previous.count) > last.sum / Double(last.count) else { break }
                blocks.removeLast(2)
                blocks.append((previous.sum + last.sum, previous.count + last.count))
            }
        }
        var values: [Double] = []
        for block in blocks {
            values += Array(repeating: block.sum / Double(block.count), count: block.count)
        }
        return zip(points, values).map { (k: $0.0.0, seconds: $0.1) }
    }
}

extension PriceCurve: Codable {
    enum CodingKeys: String, CodingKey {
        case law, a, b
        case measured = "seconds"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let law = try container.decode(GrowthLaw.self, forKey: .law)
        let table = try container.decode([String: Double].self, forKey: .measured)
        var measured: [Int: Double] = [:]
        for (key, seconds) in table {
            guard let k = Int(key) else { throw CostProfileError.invalid("price table key '\(key)' is not a k") }
            measured[k] = seconds
        }
        try self.init(law: law, measured: measured, a: try container.decode(Double.self, forKey: .a),
                      b: try container.decode(Double.self, forKey: .b))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(law, forKey: .law)
        try container.encode(a, forKey: .a)
        try container.encode(b, forKey: .b)
        try container.encode(Dictionary(uniqueKeysWithValues: measured.map { (String($0.key), $0.value) }),
                             forKey: .measured)
    }
}
