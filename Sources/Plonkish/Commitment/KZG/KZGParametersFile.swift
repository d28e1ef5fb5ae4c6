import Dispatch
import Foundation

/// halo2/PSE `ParamsKZG` files in `SerdeFormat::RawBytes` (what EZKL's `gen_srs` writes): k as u32 little-endian,
/// 2^k points g, 2^k points g_lagrange, then g2 and s_g2; every coordinate its raw Montgomery limbs, no
/// compression, no flags.
extension KZGParameters {
    static var g1ByteCount: Int { G1Affine.uncompressedByteCount }
    static var g2ByteCount: Int { G2Affine.uncompressedByteCount }

    /// The size of a file of 2^k rows.
    public static func pseParametersByteCount(k: Int) -> Int {
        4 + 2 * (1 << k) * g1ByteCount + 2 * g2ByteCount
    }

    /// Reads a `ParamsKZG` file. Every point must decode (canonical, on the curve; G2 in its subgroup), g[0] must
    /// be the generator, and one pairing check ties the file's G1 and G2 halves to one secret (`checkOneSecret`:
    /// e(g[1], g2) = e(g[0], s_g2)). The rest of the powers and the Lagrange basis are not cross-checked here:
    /// `isConsistent()` does that, and parameters that make keys must pass it, since keygen commits the circuit's
    /// fixed columns with every point (a proving-time-only use would need just the pairing check).
    public init(pseParameters bytes: [UInt8]) throws {
        guard bytes.count >= 4 else {
            throw CommitmentError.malformedParameters("\(bytes.count) bytes, too short for the k header")
        }
        let k = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        guard k <= Self.maximumK else {
            throw CommitmentError.malformedParameters("k = \(k) exceeds the BN254 maximum \(Self.maximumK)")
        }
        let expected = Self.pseParametersByteCount(k: k)
        guard bytes.count == expected else {
            throw CommitmentError.malformedParameters("k = \(k) needs \(expected) bytes, the file has \(bytes.count)")
        }
        let n = 1 << k
        let (g, gLagrange) = try bytes.withUnsafeBytes { raw in
            let g = try Self.decodeG1Points(raw, offset: 4, count: n, name: "g")
            let gLagrange = try Self.decodeG1Points(raw, offset: 4 + n * Self.g1ByteCount, count: n, name: "g_lagrange")
            return (g, gLagrange)
        }
        let g2Offset = 4 + 2 * n * Self.g1ByteCount
        let g2 = try Self.decodeG2Point(bytes, offset: g2Offset, name: "g2")
        let sG2 = try Self.decodeG2Point(bytes, offset: g2Offset + Self.g2ByteCount, name: "s_g2")

        guard g[0] == .generator else { throw CommitmentError.malformedParameters("g[0] is not the G1 generator") }
        if n > 1 {
            try Self.checkOneSecret(g: g[0], sG: g[1], g2: g2, sG2: sG2, names: ["g[0]", "g[1]", "g2", "s_g2"])
        } else {
            guard !g2.isInfinity, !sG2.isInfinity else {
                throw CommitmentError.malformedParameters("g2 or s_g2 is the point at infinity")
            }
            guard gLagrange[0] == g[0] else {
                throw CommitmentError.malformedParameters("for k = 0, g_lagrange[0] must equal g[0]")
            }
        }
        self.init(k: k, g: g, gLagrange: gLagrange, g2: g2, sG2: sG2)
    }

    /// The `ParamsKZG` raw-bytes encoding of these parameters; `init(pseParameters:)` reads it back.
    public func pseParametersBytes() -> [UInt8] {
        let count = Self.pseParametersByteCount(k: k)
        let width = Self.g1ByteCount
        var bytes = [UInt8](repeating: 0, count: count)
        let header = UInt32(k)
        for i in 0..<4 { bytes[i] = UInt8(truncatingIfNeeded: header >> (8 * UInt32(i))) }
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            for (basis, offset) in [(g, 4), (gLagrange, 4 + n * width)] {
                basis.withUnsafeBufferPointer { points in
                    ParallelRanges.forEachChunk(count: n, minimumChunk: 1 << 11) { range in
                        for i in range {
                            let destination = UnsafeMutableRawBufferPointer(start: base + offset + i * width, count: width)
                            Self.writeRawMontgomery(points[i], to: destination)
                        }
                    }
                }
            }
        }
        let g2Offset = 4 + 2 * n * width
        bytes.replaceSubrange(g2Offset..<(g2Offset + Self.g2ByteCount), with: g2.rawMontgomery)
        bytes.replaceSubrange((g2Offset + Self.g2ByteCount)..<count, with: sG2.rawMontgomery)
        return bytes
    }

    /// Reads a `ParamsKZG` file from disk.
    public init(pseParametersFile url: URL) throws {
        try self.init(pseParameters: [UInt8](try Data(contentsOf: url)))
    }

    /// Writes the `ParamsKZG` raw-bytes file.
    public func writePSEParameters(to url: URL) throws {
        try Data(pseParametersBytes()).write(to: url)
    }

    // MARK: Points

    static func writeRawMontgomery(_ point: G1Affine, to bytes: UnsafeMutableRawBufferPointer) {
        let half = BN254Fq.encodedByteCount
        if point.isInfinity {
            bytes.initializeMemory(as: UInt8.self, repeating: 0)
            return
        }
        point.x.writeMontgomeryBytes(to: UnsafeMutableRawBufferPointer(rebasing: bytes[0..<half]))
        point.y.writeMontgomeryBytes(to: UnsafeMutableRawBufferPointer(rebasing: bytes[half..<(2 * half)]))
    }

    /// Decodes `count` raw G1 points in parallel; the error names the first bad index.
    static func decodeG1Points(
        _ raw: UnsafeRawBufferPointer, offset: Int, count: Int, name: String
    ) throws -> [G1Affine] {
        let width = g1ByteCount
        let chunkSize = 1 << 10
        let chunkCount = (count + chunkSize - 1) / chunkSize
        // Each chunk records its first failure; the smallest index among them is the file's first bad point.
        var failures = [(index: Int, error: any Error)?](repeating: nil, count: chunkCount)
        let points = [G1Affine](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            failures.withUnsafeMutableBufferPointer { failureSlots in
                Parallelism.perform(iterations: chunkCount) { chunk in
                    for i in (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize) {
                        let start = offset + i * width
                        do {
                            (base + i).initialize(
                                to: try G1Affine(rawMontgomery: UnsafeRawBufferPointer(rebasing: raw[start..<(start + width)])))
                        } catch {
                            (base + i).initialize(to: .infinity)
                            if failureSlots[chunk] == nil { failureSlots[chunk] = (i, error) }
                        }
                    }
                }
            }
            initialized = count
        }
        if let failure = failures.compactMap({ $0 }).min(by: { $0.index < $1.index }) {
            throw CommitmentError.malformedParameters("\(name)[\(failure.index)] is not a valid G1 point: \(failure.error)")
        }
        return points
    }

    static func decodeG2Point(_ bytes: [UInt8], offset: Int, name: String) throws -> G2Affine {
        do {
            return try G2Affine(rawMontgomery: bytes[offset..<(offset + g2ByteCount)])
        } catch {
            throw CommitmentError.malformedParameters("\(name) is not a valid G2 point: \(error)")
        }
    }
}
