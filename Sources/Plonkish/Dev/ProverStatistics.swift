import Dispatch
import Foundation

/// Where a proof's time goes and which heavy operations it performed, by kind and size. The prover fills it when
/// given one; benchmarks print the time shares, and the cost model's tests compare its operation counts with the
/// estimator's.
public final class ProverStatistics: @unchecked Sendable {
    public enum Phase: String, CaseIterable, Sendable, Codable {
        /// Multi-scalar multiplications: every commitment, and those inside the opening argument.
        case msm
        /// FFTs: to coefficients, to the extended coset parts, and back.
        case fft
        /// Evaluating the constraints on the extended coset.
        case quotient
        /// Lookup multiplicities, helper columns and running sums.
        case lookup
        /// Permutation grand products.
        case permutation
        /// The commitment scheme's multi-point opening argument.
        case opening
        /// Witness synthesis, evaluations and everything else.
        case other
    }

    private let lock = NSLock()
    public private(set) var seconds: [Phase: Double] = [:]
    /// Number of MSMs by log2 of their size.
    public private(set) var msmCounts: [Int: Int] = [:]
    /// Number of FFTs by log2 of their size.
    public private(set) var fftCounts: [Int: Int] = [:]

    public init() {}

    public func record(_ phase: Phase, seconds elapsed: Double) {
        lock.lock()
        seconds[phase, default: 0] += elapsed
        lock.unlock()
    }

    public func countMSM(log2Size: Int, times: Int = 1) {
        lock.lock()
        msmCounts[log2Size, default: 0] += times
        lock.unlock()
    }

    public func countFFT(log2Size: Int, times: Int = 1) {
        lock.lock()
        fftCounts[log2Size, default: 0] += times
        lock.unlock()
    }

    /// The seconds by phase of a proof that took `wall` seconds in all, the time no phase recorded charged to
    /// `.other`.
    public func secondsByPhase(wall: Double) -> [Phase: Double] {
        lock.lock()
        var result = seconds
        lock.unlock()
        result[.other, default: 0] += max(0, wall - result.values.reduce(0, +))
        return result
    }

    /// Runs `body` and charges its wall-clock time to `phase`.
    @discardableResult
    public func time<R>(_ phase: Phase, _ body: () throws -> R) rethrows -> R {
        let start = DispatchTime.now().uptimeNanoseconds
        defer { record(phase, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        return try body()
    }
}

extension Optional where Wrapped == ProverStatistics {
    /// Times `body` when statistics are being kept; runs it plainly otherwise.
    @discardableResult
    func time<R>(_ phase: ProverStatistics.Phase, _ body: () throws -> R) rethrows -> R {
        switch self {
        case let .some(statistics): try statistics.time(phase, body)
        case .none: try body()
        }
    }
}

extension Dictionary where Key == ProverStatistics.Phase {
    /// The same values keyed by phase name, as reports and files write them.
    public var byPhaseName: [String: Value] {
        Dictionary<String, Value>(uniqueKeysWithValues: map { ($0.key.rawValue, $0.value) })
    }
}
