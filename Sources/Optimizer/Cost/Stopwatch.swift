import Dispatch
import Foundation

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

    /// CPU seconds (user and system, all threads) this process has used so far. On a shared machine the CPU time a
    /// piece of work takes varies far less with other load than its wall-clock time does.
    public static var processCPUSeconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
