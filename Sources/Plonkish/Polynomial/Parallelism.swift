import Dispatch
import Foundation

/// How many threads Plonkish's parallel passes (polynomial chunks, MSMs, point decoding, IPA folding) may use at
/// once: every active core unless the process sets a number (`zkml --threads N`).
///
/// One process-wide setting rather than a parameter threaded through every call, because a user limiting zkml
/// to some cores means every pass; set it before starting work, as a change applies to passes that start later.
public enum Parallelism {
    @usableFromInline static let lock = NSLock()
    @usableFromInline nonisolated(unsafe) static var configuredThreadCount: Int?

    /// The active processors the operating system gives this process.
    public static var availableCores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// The thread budget of every parallel pass, at least 1.
    public static var threadCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return configuredThreadCount ?? availableCores
    }

    /// Sets the budget (values below 1 count as 1); `nil` restores the default, every available core.
    public static func setThreadCount(_ count: Int?) {
        lock.lock()
        defer { lock.unlock() }
        configuredThreadCount = count.map { max(1, $0) }
    }

    /// Calls `body(i)` for every `i` in `0..<iterations`, on at most `threadCount` threads at a time.
    ///
    /// `DispatchQueue.concurrentPerform` alone would spread many iterations over every core whatever the budget;
    /// under a smaller budget, that many workers take the iterations from a shared counter instead.
    @inlinable
    public static func perform(iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 0 else { return }
        let threads = threadCount
        if threads == 1 || iterations == 1 {
            for i in 0..<iterations { body(i) }
        } else if iterations <= threads || threads >= availableCores {
            DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        } else {
            let counter = TaskCounter(taskCount: iterations)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while let i = counter.next() { body(i) }
            }
        }
    }
}
