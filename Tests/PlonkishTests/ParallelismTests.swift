import Foundation
@testable import Plonkish
import Testing

/// The process-wide thread budget: every iteration still runs exactly once, never on more threads than allowed.
@Suite("parallelism budget", .serialized)
struct ParallelismTests {
    /// Counts the iterations in flight at once and the most ever seen.
    final class Occupancy: @unchecked Sendable {
        let lock = NSLock()
        var running = 0, most = 0
        var visits: [Int]

        init(iterations: Int) { visits = [Int](repeating: 0, count: iterations) }

        func run(_ i: Int) {
            lock.lock()
            running += 1
            most = max(most, running)
            visits[i] += 1
            lock.unlock()
            // Long enough that, without a budget, the pool's threads would overlap here.
            usleep(200)
            lock.lock()
            running -= 1
            lock.unlock()
        }
    }

    @Test("Parallelism.perform runs each iteration once within the budget", arguments: [1, 2])
    func performRespectsBudget(threads: Int) {
        Parallelism.setThreadCount(threads)
        defer { Parallelism.setThreadCount(nil) }
        #expect(Parallelism.threadCount == threads)
        let occupancy = Occupancy(iterations: 200)
        Parallelism.perform(iterations: 200) { occupancy.run($0) }
        #expect(occupancy.visits == [Int](repeating: 1, count: 200))
        #expect(occupancy.most <= threads)
    }

    @Test("ParallelRanges covers the range in disjoint chunks under a budget of one thread")
    func rangesUnderBudget() {
        Parallelism.setThreadCount(1)
        defer { Parallelism.setThreadCount(nil) }
        let occupancy = Occupancy(iterations: 5000)
        ParallelRanges.forEachChunk(count: 5000, minimumChunk: 16) { range in
            for i in range { occupancy.visits[i] += 1 }
        }
        #expect(occupancy.visits == [Int](repeating: 1, count: 5000))
        #expect(defaultMSMThreadCount == 1)
    }

    @Test("the budget never drops below one thread, and nil restores every core")
    func bounds() {
        Parallelism.setThreadCount(0)
        #expect(Parallelism.threadCount == 1)
        Parallelism.setThreadCount(nil)
        #expect(Parallelism.threadCount == Parallelism.availableCores)
    }
}
