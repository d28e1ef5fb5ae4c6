/// The in-place radix-2 decimation-in-time FFT kernel shared by every evaluation domain.
///
/// Layout of the work, chosen for a cache hierarchy rather than for the fewest lines:
/// 1. bit-reversal permutation of the input;
/// 2. the first `blockLog2` stages run block by block, each block small enough to stay in a core's L2 cache while
///    all of its stages run, blocks spread over the cores;
/// 3. the remaining stages run as whole-array passes, two stages fused per pass (a radix-4 butterfly built from four
///    radix-2 butterflies), so the array streams through memory half as often; each pass is split across cores.
/// Butterflies whose twiddle is one skip the multiplication; that removes the whole first stage's multiplications
/// and about n more overall.
@usableFromInline
enum RadixTwoFFT {
    /// 2^12 elements of 32 bytes are 128 KiB: the block and the twiddles it reads stay in L2.
    @usableFromInline
    static let blockLog2 = 12

    /// Below this many butterflies a pass runs on one core: dispatch would cost more than it saves.
    @usableFromInline
    static let minimumParallelButterflies = 1 << 11

    /// Replaces `values` (length 2^log2Size) by its discrete Fourier transform
    /// `A[i] = Σ_j values[j]·ω^(i·j)`, where `twiddles[i] = ω^i` for i < 2^log2Size / 2 and ω is a primitive
    /// 2^log2Size-th root of unity.
    @inlinable
    static func transform<F: FieldElement>(
        _ values: UnsafeMutableBufferPointer<F>, log2Size: Int, twiddles: UnsafeBufferPointer<F>
    ) {
        let n = 1 << log2Size
        precondition(values.count == n, "FFT input has \(values.count) elements, expected \(n)")
        precondition(twiddles.count >= n / 2, "twiddle table too short")
        guard log2Size > 0, let x = values.baseAddress, let tw = twiddles.baseAddress else { return }

        bitReversePermute(x, log2Size: log2Size)

        let blockLog = min(log2Size, blockLog2)
        let blockCount = n >> blockLog
        ParallelRanges.forEachChunk(count: blockCount, minimumChunk: 1) { blocks in
            for block in blocks {
                runStages(x + (block << blockLog), from: 0, to: blockLog, log2Size: log2Size, twiddles: tw)
            }
        }

        var log2Half = blockLog
        while log2Half < log2Size {
            if log2Half + 1 < log2Size {
                let stage = log2Half
                ParallelRanges.forEachChunk(count: n / 4, minimumChunk: minimumParallelButterflies) { units in
                    radix4Pass(x, units: units, log2Half: stage, log2Size: log2Size, twiddles: tw)
                }
                log2Half += 2
            } else {
                let stage = log2Half
                ParallelRanges.forEachChunk(count: n / 2, minimumChunk: minimumParallelButterflies) { units in
                    radix2Pass(x, units: units, log2Half: stage, log2Size: log2Size, twiddles: tw)
                }
                log2Half += 1
            }
        }
    }

    /// Runs the stages with half-sizes 2^from … 2^(to−1) serially on the 2^to elements at `x`.
    @inlinable
    static func runStages<F: FieldElement>(
        _ x: UnsafeMutablePointer<F>, from: Int, to: Int, log2Size: Int, twiddles tw: UnsafePointer<F>
    ) {
        var log2Half = from
        while log2Half + 1 < to {
            radix4Pass(x, units: 0..<(1 << (to - 2)), log2Half: log2Half, log2Size: log2Size, twiddles: tw)
            log2Half += 2
        }
        if log2Half < to {
            radix2Pass(x, units: 0..<(1 << (to - 1)), log2Half: log2Half, log2Size: log2Size, twiddles: tw)
        }
    }

    /// One radix-2 stage with half-size m = 2^log2Half. Butterfly u pairs positions p and p + m, where p is u's
    /// offset j = u mod m inside group ⌊u/m⌋ of 2m elements; its twiddle is ω_{2m}^j = ω^(j·n/2m).
    @inlinable @inline(__always)
    static func radix2Pass<F: FieldElement>(
        _ x: UnsafeMutablePointer<F>, units: Range<Int>, log2Half: Int, log2Size: Int,
        twiddles tw: UnsafePointer<F>
    ) {
        let m = 1 << log2Half
        let mask = m - 1
        let twiddleShift = log2Size - log2Half - 1
        for u in units {
            let j = u & mask
            let p = ((u >> log2Half) << (log2Half + 1)) | j
            let a = x[p]
            var b = x[p + m]
            if j != 0 { b = b * tw[j << twiddleShift] }
            x[p] = a + b
            x[p + m] = a - b
        }
    }

    /// Two radix-2 stages fused, half-sizes m = 2^log2Half and 2m. Unit u owns positions p, p+m, p+2m, p+3m
    /// (p = offset j = u mod m inside group ⌊u/m⌋ of 4m elements): the first stage pairs (p, p+m) and
    /// (p+2m, p+3m) with ω_{2m}^j, the second (p, p+2m) with ω_{4m}^j and (p+m, p+3m) with ω_{4m}^(j+m).
    @inlinable @inline(__always)
    static func radix4Pass<F: FieldElement>(
        _ x: UnsafeMutablePointer<F>, units: Range<Int>, log2Half: Int, log2Size: Int,
        twiddles tw: UnsafePointer<F>
    ) {
        let m = 1 << log2Half
        let mask = m - 1
        let firstShift = log2Size - log2Half - 1
        let secondShift = firstShift - 1
        // ω_{4m}^m is the primitive fourth root of unity ω^(n/4), the only twiddle left when j = 0.
        let fourthRoot = tw[1 << (log2Size - 2)]
        for u in units {
            let j = u & mask
            let p0 = ((u >> log2Half) << (log2Half + 2)) | j
            let p1 = p0 + m
            let p2 = p1 + m
            let p3 = p2 + m
            let a0 = x[p0]
            let a2 = x[p2]
            var a1 = x[p1]
            var a3 = x[p3]
            if j == 0 {
                let b0 = a0 + a1, b1 = a0 - a1
                let b2 = a2 + a3, b3 = (a2 - a3) * fourthRoot
                x[p0] = b0 + b2
                x[p2] = b0 - b2
                x[p1] = b1 + b3
                x[p3] = b1 - b3
            } else {
                let w1 = tw[j << firstShift]
                a1 = a1 * w1
                a3 = a3 * w1
                let b0 = a0 + a1, b1 = a0 - a1
                let b2 = (a2 + a3) * tw[j << secondShift]
                let b3 = (a2 - a3) * tw[(j + m) << secondShift]
                x[p0] = b0 + b2
                x[p2] = b0 - b2
                x[p1] = b1 + b3
                x[p3] = b1 - b3
            }
        }
    }

    /// Swaps every element with the one at its bit-reversed index.
    @inlinable
    static func bitReversePermute<F>(_ x: UnsafeMutablePointer<F>, log2Size: Int) {
        if log2Size < 2 { return }
        // Each swap pair (i, r) with i < r is done by the chunk that owns i, so chunks never touch the same element.
        ParallelRanges.forEachChunk(count: 1 << log2Size, minimumChunk: 1 << 14) { range in
            for i in range {
                let r = reverseBits(i, count: log2Size)
                if i < r {
                    let t = x[i]
                    x[i] = x[r]
                    x[r] = t
                }
            }
        }
    }

    /// The low `count` bits of `value` in reverse order (1 ≤ count ≤ 64).
    @inlinable @inline(__always)
    static func reverseBits(_ value: Int, count: Int) -> Int {
        var v = UInt64(truncatingIfNeeded: value)
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        return Int(truncatingIfNeeded: v.byteSwapped >> UInt64(64 - count))
    }
}
