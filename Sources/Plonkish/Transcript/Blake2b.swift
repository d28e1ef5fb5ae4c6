/// BLAKE2b (RFC 7693) with key, salt and personalization: the hash behind halo2's Fiat–Shamir transcripts
/// ("Halo2-Transcript"), its MockProver challenges and its verifying-key digest ("Halo2-Verify-Key").
///
/// A value type holding only fixed-size tuples: copying is cheap and allocation-free, and `finalize()` works on a
/// copy, so a transcript can squeeze a challenge and keep absorbing into the same state (halo2 clones the state for
/// every squeeze).
public struct Blake2b: Sendable {
    public static let blockSize = 128
    public static let maximumOutputLength = 64

    private typealias Words8 = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)
    private typealias Words16 = (
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
        UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64
    )

    /// Digest length in bytes, 1…64.
    public let outputLength: Int
    /// The chaining value.
    private var h: Words8
    /// Bytes compressed so far, a 128-bit counter (low, high).
    private var counter: (UInt64, UInt64) = (0, 0)
    /// The pending block; it is compressed only once more input arrives, because the last block needs the final flag.
    private var block: Words16 = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    private var blockFill = 0

    private static let initializationVector: Words8 = (
        0x6a09_e667_f3bc_c908, 0xbb67_ae85_84ca_a73b, 0x3c6e_f372_fe94_f82b, 0xa54f_f53a_5f1d_36f1,
        0x510e_527f_ade6_82d1, 0x9b05_688c_2b3e_6c1f, 0x1f83_d9ab_fb41_bd6b, 0x5be0_cd19_137e_2179
    )

    /// The message word permutations of the ten distinct rounds (rounds 10 and 11 repeat rounds 0 and 1).
    private static let sigma: [UInt8] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
        14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
        11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4,
        7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
        9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13,
        2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
        12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11,
        13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
        6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5,
        10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
    ]

    /// A hasher producing `outputLength` bytes (1…64). The key (≤ 64 bytes) makes it a MAC; salt and
    /// personalization (≤ 16 bytes each, zero-padded as in RFC 7693 and Python's hashlib) go into parameter-block
    /// words 4–5 and 6–7.
    public init(outputLength: Int = 64, key: [UInt8] = [], salt: [UInt8] = [], personalization: [UInt8] = []) {
        precondition(outputLength >= 1 && outputLength <= Self.maximumOutputLength, "BLAKE2b output is 1…64 bytes")
        precondition(key.count <= 64, "BLAKE2b key is at most 64 bytes")
        precondition(salt.count <= 16, "BLAKE2b salt is at most 16 bytes")
        precondition(personalization.count <= 16, "BLAKE2b personalization is at most 16 bytes")
        self.outputLength = outputLength
        let iv = Self.initializationVector
        // Parameter block word 0: digest length, key length, fanout 1, depth 1; words 1–3 are zero (sequential mode).
        let parameter0 = 0x0101_0000 ^ (UInt64(key.count) << 8) ^ UInt64(outputLength)
        let salt = Self.littleEndianWords(salt)
        let personal = Self.littleEndianWords(personalization)
        h = (
            iv.0 ^ parameter0, iv.1, iv.2, iv.3,
            iv.4 ^ salt.0, iv.5 ^ salt.1, iv.6 ^ personal.0, iv.7 ^ personal.1
        )
        if !key.isEmpty {
            // The key, zero-padded to a full block, is the first block of input.
            update(key)
            blockFill = Self.blockSize
        }
    }

    /// Up to 16 bytes as two little-endian words, zero-padded.
    private static func littleEndianWords(_ bytes: [UInt8]) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        for (i, byte) in bytes.enumerated() {
            if i < 8 { words.0 |= UInt64(byte) << UInt64(8 * i) } else { words.1 |= UInt64(byte) << UInt64(8 * (i - 8)) }
        }
        return words
    }

    /// Absorbs bytes; contiguous collections are copied block-wise.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if handled != nil { return }
        for byte in bytes {
            withUnsafeBytes(of: byte) { update($0) }
        }
    }

    /// Absorbs raw bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < bytes.count {
            if blockFill == Self.blockSize {
                // More input follows, so the pending block is not the last one.
                advanceCounter(by: Self.blockSize)
                compress(isLast: false)
                blockFill = 0
            }
            let take = min(Self.blockSize - blockFill, bytes.count - offset)
            let fill = blockFill
            withUnsafeMutableBytes(of: &block) { blockBytes in
                guard let source = bytes.baseAddress, let destination = blockBytes.baseAddress else { return }
                (destination + fill).copyMemory(from: source + offset, byteCount: take)
            }
            blockFill += take
            offset += take
        }
    }

    /// The digest of everything absorbed so far; the hasher itself is unchanged and can keep absorbing.
    public func finalize() -> [UInt8] {
        var last = self
        let fill = blockFill
        withUnsafeMutableBytes(of: &last.block) { blockBytes in
            for i in fill..<Self.blockSize { blockBytes[i] = 0 }
        }
        last.advanceCounter(by: fill)
        last.compress(isLast: true)
        return withUnsafeBytes(of: last.h) { stateBytes in
            // The state words are serialized little-endian.
            (0..<outputLength).map { i in
                let word = stateBytes.load(fromByteOffset: (i / 8) * 8, as: UInt64.self)
                return UInt8(truncatingIfNeeded: UInt64(littleEndian: word) >> UInt64(8 * (i % 8)))
            }
        }
    }

    /// One-shot digest.
    public static func hash(
        _ bytes: some Sequence<UInt8>, outputLength: Int = 64, key: [UInt8] = [], salt: [UInt8] = [],
        personalization: [UInt8] = []
    ) -> [UInt8] {
        var hasher = Blake2b(outputLength: outputLength, key: key, salt: salt, personalization: personalization)
        hasher.update(bytes)
        return hasher.finalize()
    }

    private mutating func advanceCounter(by byteCount: Int) {
        let (low, overflow) = counter.0.addingReportingOverflow(UInt64(byteCount))
        counter = (low, counter.1 &+ (overflow ? 1 : 0))
    }

    /// The compression function F on the pending block.
    private mutating func compress(isLast: Bool) {
        let iv = Self.initializationVector
        var v0 = h.0, v1 = h.1, v2 = h.2, v3 = h.3, v4 = h.4, v5 = h.5, v6 = h.6, v7 = h.7
        var v8 = iv.0, v9 = iv.1, v10 = iv.2, v11 = iv.3
        var v12 = iv.4 ^ counter.0, v13 = iv.5 ^ counter.1
        var v14 = isLast ? ~iv.6 : iv.6, v15 = iv.7

        @inline(__always)
        func mix(_ a: inout UInt64, _ b: inout UInt64, _ c: inout UInt64, _ d: inout UInt64, _ x: UInt64, _ y: UInt64) {
            a = a &+ b &+ x
            d = rotateRight(d ^ a, 32)
            c = c &+ d
            b = rotateRight(b ^ c, 24)
            a = a &+ b &+ y
            d = rotateRight(d ^ a, 16)
            c = c &+ d
            b = rotateRight(b ^ c, 63)
        }

        withUnsafeBytes(of: block) { blockBytes in
            Self.sigma.withUnsafeBufferPointer { sigma in
                @inline(__always)
                func word(_ index: UInt8) -> UInt64 {
                    UInt64(littleEndian: blockBytes.load(fromByteOffset: Int(index) &* 8, as: UInt64.self))
                }
                for round in 0..<12 {
                    let s = (round % 10) * 16
                    mix(&v0, &v4, &v8, &v12, word(sigma[s]), word(sigma[s + 1]))
                    mix(&v1, &v5, &v9, &v13, word(sigma[s + 2]), word(sigma[s + 3]))
                    mix(&v2, &v6, &v10, &v14, word(sigma[s + 4]), word(sigma[s + 5]))
                    mix(&v3, &v7, &v11, &v15, word(sigma[s + 6]), word(sigma[s + 7]))
                    mix(&v0, &v5, &v10, &v15, word(sigma[s + 8]), word(sigma[s + 9]))
                    mix(&v1, &v6, &v11, &v12, word(sigma[s + 10]), word(sigma[s + 11]))
                    mix(&v2, &v7, &v8, &v13, word(sigma[s + 12]), word(sigma[s + 13]))
                    mix(&v3, &v4, &v9, &v14, word(sigma[s + 14]), word(sigma[s + 15]))
                }
            }
        }
        h = (
            h.0 ^ v0 ^ v8, h.1 ^ v1 ^ v9, h.2 ^ v2 ^ v10, h.3 ^ v3 ^ v11,
            h.4 ^ v4 ^ v12, h.5 ^ v5 ^ v13, h.6 ^ v6 ^ v14, h.7 ^ v7 ^ v15
        )
    }
}

@inline(__always)
private func rotateRight(_ x: UInt64, _ n: UInt64) -> UInt64 {
    (x &>> n) | (x &<< (64 &- n))
}
