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

    /// One timed run: wall-clock and CPU seconds, and the share of the machine's CPU time the hypervisor withheld
    /// meanwhile (nil where the host does not say).
    public struct Timing: Sendable {
        public var wallSeconds: Double
        public var cpuSeconds: Double
        public var stolenShare: Double?
    }

    /// Times one run of `body` on both clocks, with the host's stolen share.
    public static func timing(_ body: () throws -> Void) rethrows -> Timing {
        let hostBefore = HostCPUTimes.now()
        let cpuBefore = processCPUSeconds
        let wall = try seconds(body)
        let cpu = processCPUSeconds - cpuBefore
        return Timing(wallSeconds: wall, cpuSeconds: cpu, stolenShare: HostCPUTimes.stolenShare(since: hostBefore))
    }

    /// CPU seconds (user and system, all threads) this process has used so far. On a shared machine the CPU time a
    /// piece of work takes varies far less with other load than its wall-clock time does.
    public static var processCPUSeconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
