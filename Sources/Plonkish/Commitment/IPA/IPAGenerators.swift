import Dispatch
import Foundation

/// The transparent generators of the IPA parameters: Vesta points hashed from a fixed domain string, so that nobody
/// knows a discrete-log relation between them.
///
/// Hash-to-curve is try-and-increment: x = BLAKE2b-512(domain ‖ role ‖ index ‖ counter ‖ 0) reduced mod q is
/// accepted when x³ + 5 is a square, and the low bit of BLAKE2b-512(… ‖ 1) picks the root. Vesta has prime order,
/// so every curve point is a valid generator. Each point depends only on its role and index, so the generators of a
/// smaller k are a prefix of those of a larger k. (halo2 hashes with SSWU instead; interoperable parameters are not
/// a goal here.)
public enum IPAGenerators {
    /// The domain string every generator is hashed from.
    public static let domain = Array("zkml-IPA-Parameters".utf8)

    /// What a hashed point is used for; part of the hashed message so that the roles never share a point.
    public enum Role: UInt8, Sendable {
        case commitment = 0
        case blinding = 1
        case innerProduct = 2
    }

    /// W: the generator blinds are multiplied by.
    public static let blindingGenerator = hashToCurve(role: .blinding, index: 0)
    /// U: the generator the inner-product argument carries the claimed inner product on.
    public static let innerProductGenerator = hashToCurve(role: .innerProduct, index: 0)

    /// The point for (role, index), by try-and-increment.
    public static func hashToCurve(role: Role, index: UInt32) -> VestaAffine {
        var counter: UInt32 = 0
        while true {
            var message = domain
            message.append(role.rawValue)
            appendLittleEndian(index, to: &message)
            appendLittleEndian(counter, to: &message)
            let x = PastaFq(uniformBytes: Blake2b.hash(message + [0]))
            if let root = (x.squared() * x + VestaCurve.b).squareRoot() {
                let wantOdd = Blake2b.hash(message + [1])[0] & 1 == 1
                let isOdd = root.canonical.0 & 1 == 1
                return VestaAffine(x: x, y: isOdd == wantOdd ? root : -root)
            }
            counter += 1
        }
    }

    /// G_i for i in `range`, hashed in parallel.
    public static func commitmentGenerators(_ range: Range<Int>) -> [VestaAffine] {
        let count = range.count
        guard count > 0 else { return [] }
        precondition(range.lowerBound >= 0 && range.upperBound <= Int(UInt32.max), "generator index out of range")
        return [VestaAffine](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            // Many more chunks than cores: the number of tries per point varies, so equal chunks finish unevenly.
            let chunkSize = max(16, count / (Parallelism.threadCount * 16))
            let chunks = (count + chunkSize - 1) / chunkSize
            Parallelism.perform(iterations: chunks) { chunk in
                let start = chunk * chunkSize
                for i in start..<min(count, start + chunkSize) {
                    (base + i).initialize(to: hashToCurve(role: .commitment, index: UInt32(range.lowerBound + i)))
                }
            }
            initialized = count
        }
    }

    private static func appendLittleEndian(_ value: UInt32, to bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
