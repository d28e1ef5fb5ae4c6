#if canImport(Glibc)
import Glibc
#endif

/// Keeps large freed blocks in the process instead of handing them back to the kernel.
///
/// Planning and proving allocate and free arrays of megabytes in loops (a layer's cells, a column's values). glibc
/// serves each such block with a fresh mapping once it is above its mmap threshold, and the kernel then zero-fills
/// every page on first touch: planning the paper's Twitter model spent 9 s of system time on that against 26 s of
/// user time. With the mmap and trim thresholds raised, freed blocks are reused from the heap (system time fell to
/// 3 s; peak memory rose from about 0.47 to 0.8 GB).
enum AllocatorTuning {
    static func apply() {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module does not export: look it up. The parameter
        // numbers are glibc's (M_TRIM_THRESHOLD −1, M_MMAP_THRESHOLD −3), stable since glibc 2.0.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(-3, 256 << 20)
        _ = mallopt(-1, 1 << 30)
        #endif
    }
}
