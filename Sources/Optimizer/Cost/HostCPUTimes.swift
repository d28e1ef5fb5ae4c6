import Foundation

/// The whole machine's CPU time so far, by state, from Linux's /proc/stat (in clock ticks, all CPUs together).
///
/// On a virtual machine the hypervisor may run someone else on the physical cores behind this machine's virtual
/// CPUs. The guest counts that time as "steal": it is neither busy nor idle here, and a timing taken across it is
/// slower for reasons outside the program. Benchmarks report the share stolen so that a slow figure can be told from
/// a slow program.
public struct HostCPUTimes: Sendable, Equatable {
    /// Ticks spent running anything (user, nice, system, interrupts, and guests of this machine).
    public var busy: UInt64
    /// Ticks idle or waiting for I/O.
    public var idle: UInt64
    /// Ticks the hypervisor withheld.
    public var stolen: UInt64

    public init(busy: UInt64, idle: UInt64, stolen: UInt64) {
        self.busy = busy
        self.idle = idle
        self.stolen = stolen
    }

    /// The counters now, or nil where /proc/stat cannot be read (not Linux, or a sandbox without /proc).
    public static func now() -> HostCPUTimes? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
        return parse(procStat: text)
    }

    /// The aggregate "cpu" line of a /proc/stat text: user nice system idle iowait irq softirq steal [guest
    /// guest_nice]. Kernels before 2.6.11 have no steal field; it reads as 0 there.
    public static func parse(procStat text: Substring) -> HostCPUTimes? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        let fields = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard fields.count >= 4 else { return nil }
        func field(_ i: Int) -> UInt64 { i < fields.count ? fields[i] : 0 }
        // guest and guest_nice (fields 8, 9) are already inside user and nice.
        return HostCPUTimes(busy: field(0) + field(1) + field(2) + field(5) + field(6),
                            idle: field(3) + field(4), stolen: field(7))
    }

    public static func parse(procStat text: String) -> HostCPUTimes? { parse(procStat: text[...]) }

    /// The share stolen from the reading `start` (taken with `now()`) until now; nil where either reading is missing.
    public static func stolenShare(since start: HostCPUTimes?) -> Double? {
        guard let start, let end = now() else { return nil }
        return stolenShare(from: start, to: end)
    }

    /// The share of all CPU time from `start` to `end` that the hypervisor withheld, 0 to 1; nil when no tick
    /// passed between the readings (or the counters went backwards).
    public static func stolenShare(from start: HostCPUTimes, to end: HostCPUTimes) -> Double? {
        guard end.busy >= start.busy, end.idle >= start.idle, end.stolen >= start.stolen else { return nil }
        let stolen = end.stolen - start.stolen
        let total = (end.busy - start.busy) + (end.idle - start.idle) + stolen
        return total == 0 ? nil : Double(stolen) / Double(total)
    }
}
