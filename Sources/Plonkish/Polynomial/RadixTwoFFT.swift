/// The in-place radix-2 decimation-in-time FFT kernel shared by every evaluation domain.
///
/// Layout of the work, chosen for the cache hierarchy:
/// 1. bit-reversal permutation of the input;
/// 2. the first `blockLog2` stages run block by block, each block small enough to stay in a core's L2 cache while
///    all of its stages run, blocks spread over the cores; their twiddles come from a compact per-stage table read
///    sequentially (the strided reads of the full table would touch a new page per twiddle);
/// 3. the remaining stages run as whole-array passes, two stages fused per pass (a radix-4 butterfly built from four
///    radix-2 butterflies), so the array streams through memory half as often. These passes walk column tiles
///    (a few consecutive offsets j, across all groups) so each twiddle is read once per pass, and split the columns
///    across cores.
/// Butterflies whose twiddle is one skip the multiplication: that removes the first stage's multiplications and
/// about n more overall.
@usableFromInline
enum RadixTwoFFT {
    /// 2^12 elements of 32 bytes are 128 KiB: a block and its stage twiddles stay in L2.
    @usableFromInline
    static var blockLog2: Int { 12 }

    /// Consecutive columns per tile in the whole-array passes: 8 elements are 256 contiguous bytes per row.
    @usableFromInline
    static var columnTile: Int { 8 }

    /// Below this many columns per chunk a whole-array pass is not split further.
    @usableFromInline
    static var minimumParallelColumns: Int { 1 << 9 }

    /// Twiddles for the in-block stages: for half-size m = 2^s (s < blockLog2), entry m − 1 + j is ω_{2m}^j.
    @inlinable
    static func stageTwiddles<F: FieldElement>(log2Size: Int, twiddles: [F]) -> [F] {
        let stages = min(log2Size, blockLog2)
        var table: [F] = []
        table.reserveCapacity(max(0, (1 << stages) - 1))
        for s in 0..<stages {
            let stride = 1 << (log2Size - s - 1)  // ω_{2m} = ω^(n/2m)
            for j in 0..<(1 << s) { table.append(twiddles[j * stride]) }
        }
        return table
    }

    /// Replaces `values` (length n = 2^log2Size) by its discrete Fourier transform A[i] = Σ_j values[j]·ω^(ij),
    /// where `twiddles[i] = ω^i` for i < n/2, ω a primitive n-th root of unity, and `stageTwiddles` is
    /// `stageTwiddles(log2Size:twiddles:)` of the same table.
    @inlinable
    static func transform<F: FieldElement>(
        _ values: UnsafeMutableBufferPointer<F>, log2Size: Int, twiddles: UnsafeBufferPointer<F>,
        stageTwiddles: UnsafeBufferPointer<F>
    ) {
        let n = 1 << log2Size
        precondition(values.count == n, "FFT input has \(values.count) elements, expected \(n)")
        precondition(twiddles.count >= n / 2, "twiddle table too short")
        let blockLog = min(log2Size, blockLog2)
        precondition(stageTwiddles.count >= (1 << blockLog) - 1, "stage twiddle table too short")
        guard log2Size > 0, let x = values.baseAddress, let tw = twiddles.baseAddress,
            let st = stageTwiddles.baseAddress
        else { return }

        bitReversePermute(x, log2Size: log2Size)

        ParallelRanges.forEachChunk(count: n >> blockLog, minimumChunk: 1) { blocks in
            for block in blocks {
                runBlockStages(x + (block << blockLog), log2BlockSize: blockLog, stageTwiddles: st)
            }
        }

        var log2Half = blockLog
        while log2Half < log2Size {
            let stage = log2Half
            let m = 1 << stage
            let fused = stage + 1 < log2Size
            ParallelRanges.forEachChunk(count: m, minimumChunk: minimumParallelColumns) { columns in
                if fused {
                    radix4Columns(x, columns: columns, log2Half: stage, log2Size: log2Size, twiddles: tw)
                } else {
                    radix2Columns(x, columns: columns, log2Half: stage, log2Size: log2Size, twiddles: tw)
                }
            }
            log2Half += fused ? 2 : 1
        }
    }

    /// All stages of one block of 2^log2BlockSize elements, group by group.
    @inlinable
    static func runBlockStages<F: FieldElement>(
        _ x: UnsafeMutablePointer<F>, log2BlockSize: Int, stageTwiddles st: UnsafePointer<F>
    ) {
        var log2Half = 0
        while log2Half + 1 < log2BlockSize {
            let m = 1 &<< log2Half
            let first = st + (m &- 1), second = st + (2 &* m &- 1)
            let fourthRoot = second[m]  // ω_{4m}^m
            let quarter = 1 &<< (log2BlockSize &- 2)
            for u in 0..<quarter {
                // Unit u: offset j = u mod m inside group ⌊u/m⌋ of 4m elements.
                let j = u & (m &- 1)
                let p0 = ((u &>> log2Half) &<< (log2Half &+ 2)) | j
                if j == 0 {
                    radix4ButterflyAtZero(x, p0, m, fourthRoot)
                } else {
                    radix4Butterfly(x, p0, m, first[j], second[j], second[j &+ m])
                }
            }
            log2Half &+= 2
        }
        if log2Half < log2BlockSize {
            let m = 1 &<< log2Half
            let first = st + (m &- 1)
            for u in 0..<(1 &<< (log2BlockSize &- 1)) {
                let j = u & (m &- 1)
                let p = ((u &>> log2Half) &<< (log2Half &+ 1)) | j
                radix2Butterfly(x, p, m, j == 0 ? nil : first[j])
            }
        }
    }

    /// Stages with half-sizes m = 2^log2Half and 2m over the whole array, for offsets j in `columns` of every
    /// group of 4m elements, tile by tile.
    @inlinable
    static func radix4Columns<F: FieldElement>(
        _ x: UnsafeMutablePointer<F>, columns: Range<Int>, log2Half: Int, log2Size: Int,
        twiddles tw: UnsafePointer<F>
    ) {
        let m = 1 &<< log2Half
        let groupSize = m &<< 2
        let n = 1 &<< log2Size
        // ω_{2m}^j = ω^(j·n/2m) and ω_{4m}^j = ω^(j·n/4m).
        let firstShift = log2Size &- log2Half &- 1
        let secondShift = firstShift &- 1
        let fourthRoot = tw[n &>> 2]
        var tileStart = columns.lowerBound
        while tileStart < columns.upperBound {
            let tileEnd = min(tileStart &+ columnTile, columns.upperBound)
            var group = 0
            while group < n {
                for j in tileStart..<tileEnd {
                    if j == 0 {
                        radix4ButterflyAtZero(x, group, m, fourthRoot)
                    } else {
                        radix4Butterfly(
                            x, group | j, m, tw[j &<< firstShift], tw[j &<< secondShift],
                            tw[(j &+ m) &<< secondShift])
                    }
                }
                group &+= groupSize
            }
            tileStart = tileEnd
        }
    }

    /// The stage with half-size m = 2^log2Half over the whole array, for offsets j in `columns`.
    /// The tile loop repeats `radix4Columns`' on purpose: folded into one helper taking the butterfly as a closure,
    /// the optimizer kept the closure as a function call per butterfly (seen in the disassembly).
    @inlinable
    static func radix2Columns<F: FieldElement>(
        _ x: UnsafeMutablePointer<F>, columns: Range<Int>, log2Half: Int, log2Size: Int,
        twiddles tw: UnsafePointer<F>
    ) {
        let m = 1 &<< log2Half
        let groupSize = m &<< 1
        let n = 1 &<< log2Size
        let shift = log2Size &- log2Half &- 1
        var tileStart = columns.lowerBound
        while tileStart < columns.upperBound {
            let tileEnd = min(tileStart &+ columnTile, columns.upperBound)
            var group = 0
            while group < n {
                for j in tileStart..<tileEnd {
                    radix2Butterfly(x, group | j, m, j == 0 ? nil : tw[j &<< shift])
                }
                group &+= groupSize
            }
            tileStart = tileEnd
        }
    }

    /// (x[p], x[p+m]) ← (a + w·b, a − w·b); a nil twiddle stands for one.
    @inlinable @inline(__always)
    static func radix2Butterfly<F: FieldElement>(_ x: UnsafeMutablePointer<F>, _ p: Int, _ m: Int, _ w: F?) {
        let a = x[p]
        var b = x[p &+ m]
        if let w { b = b * w }
        x[p] = a + b
        x[p &+ m] = a - b
    }

    /// Two fused stages on x[p], x[p+m], x[p+2m], x[p+3m]: the first pairs (p, p+m) and (p+2m, p+3m) with
    /// w1 = ω_{2m}^j, the second (p, p+2m) with w2 = ω_{4m}^j and (p+m, p+3m) with w3 = ω_{4m}^(j+m).
    @inlinable @inline(__always)
    static func radix4Butterfly<F: FieldElement>(
        _ x: UnsafeMutablePointer<F>, _ p0: Int, _ m: Int, _ w1: F, _ w2: F, _ w3: F
    ) {
        let p1 = p0 &+ m, p2 = p1 &+ m, p3 = p2 &+ m
        let a0 = x[p0], a2 = x[p2]
        let a1 = x[p1] * w1, a3 = x[p3] * w1
        let b0 = a0 + a1, b1 = a0 - a1
        let b2 = (a2 + a3) * w2
        let b3 = (a2 - a3) * w3
        x[p0] = b0 + b2
        x[p2] = b0 - b2
        x[p1] = b1 + b3
        x[p3] = b1 - b3
    }

    /// The j = 0 case: w1 = w2 = 1 and w3 = ω_{4m}^m, the primitive fourth root of unity.
    @inlinable @inline(__always)
    static func radix4ButterflyAtZero<F: FieldElement>(
        _ x: UnsafeMutablePointer<F>, _ p0: Int, _ m: Int, _ fourthRoot: F
    ) {
        let p1 = p0 &+ m, p2 = p1 &+ m, p3 = p2 &+ m
        let a0 = x[p0], a1 = x[p1], a2 = x[p2], a3 = x[p3]
        let b0 = a0 + a1, b1 = a0 - a1
        let b2 = a2 + a3, b3 = (a2 - a3) * fourthRoot
        x[p0] = b0 + b2
        x[p2] = b0 - b2
        x[p1] = b1 + b3
        x[p3] = b1 - b3
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
