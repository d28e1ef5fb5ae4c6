import Dispatch

/// Wall-clock timing for benchmarks: the best of several runs, which is the figure least disturbed by other work on
/// a shared machine.
public enum Stopwatch {
    /// Seconds taken by one run of `body`.
    @inlinable
    public static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The fastest of `runs` runs, in seconds; stops early once `budget` seconds have been spent (after one run).
    public static func best(runs: Int, budget: Double = .infinity, _ body: () -> Void) -> Double {
        var best = Double.infinity
        var spent = 0.0
        for _ in 0..<max(1, runs) {
            let t = seconds(body)
            best = min(best, t)
            spent += t
            if spent >= budget { break }
        }
        return best
    }
}
