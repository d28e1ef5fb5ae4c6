import Dispatch
import Foundation

/// Splits an index range into contiguous chunks and runs them on the cores `Parallelism` allows.
///
/// Polynomial passes are embarrassingly parallel over element ranges; what matters is not paying the dispatch cost
/// for small inputs, and cutting the range into a few more chunks than cores so that a core slowed down by other
/// processes does not leave the rest idle at the end of the pass.
@usableFromInline
enum ParallelRanges {
    /// Calls `body` on disjoint subranges covering `0..<count`, in parallel when each chunk would still hold at
    /// least `minimumChunk` indices; serially, in one call, otherwise.
    @inlinable
    static func forEachChunk(count: Int, minimumChunk: Int, _ body: (Range<Int>) -> Void) {
        if count <= 0 { return }
        let threads = Parallelism.threadCount
        let chunkCount = min(threads * 4, count / max(1, minimumChunk))
        if threads == 1 || chunkCount <= 1 {
            body(0..<count)
            return
        }
        let chunkSize = (count + chunkCount - 1) / chunkCount
        Parallelism.perform(iterations: chunkCount) { chunk in
            let start = chunk * chunkSize
            let end = min(count, start + chunkSize)
            if start < end { body(start..<end) }
        }
    }
}
