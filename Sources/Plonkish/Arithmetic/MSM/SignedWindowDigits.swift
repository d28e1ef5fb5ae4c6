import Dispatch

/// Scalars recoded into signed base-2^c digits for Pippenger's method, stored window-major so that the pass over one
/// window reads its digits contiguously.
///
/// Every window but the top one holds a digit in [−2^(c−1), 2^(c−1) − 1]: a raw window value of 2^(c−1) or more
/// becomes value − 2^c with a carry into the next window. The window count is ⌈(bits + 1)/c⌉, which leaves the top
/// window at most c − 1 raw bits, so its digit (raw value plus carry) is in [0, 2^(c−1)] and needs no further carry.
/// Digit magnitudes are therefore at most 2^(c−1): 2^(c−1) buckets suffice, and a negative digit adds the negated
/// point. Digits are `Int16`, which holds 2^(c−1) for every c ≤ 15.
@usableFromInline
struct SignedWindowDigits {
    @usableFromInline static var maximumWindowBits: Int { 15 }

    @usableFromInline let windowBits: Int
    @usableFromInline let windowCount: Int
    @usableFromInline let scalarCount: Int
    /// digits[w · scalarCount + i] is scalar i's digit in window w.
    @usableFromInline let storage: UnsafeMutableBufferPointer<Int16>

    /// The number of windows needed for scalars below 2^bits.
    @inlinable
    static func windowCount(bits: Int, windowBits c: Int) -> Int { (bits + c) / c }

    /// Recodes canonical scalars given as four little-endian words each (`words[4i ..< 4i + 4]`), all below 2^bits.
    /// Work is split over `threadCount` threads by scalar ranges.
    @inlinable
    init(canonicalWords words: UnsafeBufferPointer<UInt64>, bits: Int, windowBits c: Int, threadCount: Int) {
        precondition(c >= 1 && c <= Self.maximumWindowBits, "window size out of range")
        let n = words.count / 4
        let windows = Self.windowCount(bits: bits, windowBits: c)
        self.windowBits = c
        self.windowCount = windows
        self.scalarCount = n
        let storage = UnsafeMutableBufferPointer<Int16>.allocate(capacity: max(1, windows * n))
        self.storage = storage

        let chunks = n >= 4096 ? threadCount : 1
        let chunkSize = (n + chunks - 1) / max(chunks, 1)
        let mask = (UInt64(1) << UInt64(c)) - 1
        let half = 1 << (c - 1)
        let full = 1 << c
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let start = chunk * chunkSize
            let end = min(n, start + chunkSize)
            guard start < end else { return }
            for i in start..<end {
                let w0 = words[4 * i], w1 = words[4 * i + 1], w2 = words[4 * i + 2], w3 = words[4 * i + 3]
                var carry = 0
                for window in 0..<windows {
                    let raw = Int(Self.bits(w0, w1, w2, w3, from: window * c) & mask)
                    var digit = raw + carry
                    if window < windows - 1 && digit >= half {
                        digit -= full
                        carry = 1
                    } else {
                        carry = 0
                    }
                    storage[window * n + i] = Int16(truncatingIfNeeded: digit)
                }
            }
        }
    }

    /// The 64 bits of the 256-bit integer (w0, w1, w2, w3) starting at bit `position` (zeros above bit 255).
    @inlinable @inline(__always)
    static func bits(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64, _ w3: UInt64, from position: Int) -> UInt64 {
        let shift = UInt64(position & 63)
        let low: UInt64, high: UInt64
        switch position >> 6 {
        case 0: (low, high) = (w0, w1)
        case 1: (low, high) = (w1, w2)
        case 2: (low, high) = (w2, w3)
        case 3: (low, high) = (w3, 0)
        default: return 0
        }
        return shift == 0 ? low : (low >> shift) | (high << (64 - shift))
    }

    /// One past the largest bucket index (|digit| − 1) that window `window` can use: 2^(c−1) for every window but the
    /// top one, whose digit is at most 2^(bits − (W − 1)·c).
    @inlinable
    static func bucketBound(window: Int, windowCount: Int, bits: Int, windowBits c: Int) -> Int {
        window < windowCount - 1 ? 1 << (c - 1) : min(1 << (c - 1), 1 << max(0, bits - (windowCount - 1) * c))
    }

    @inlinable
    func digits(window: Int) -> UnsafeBufferPointer<Int16> {
        UnsafeBufferPointer(rebasing: storage[(window * scalarCount)..<((window + 1) * scalarCount)])
    }

    @inlinable
    func deallocate() { storage.deallocate() }
}
