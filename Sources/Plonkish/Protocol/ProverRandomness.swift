/// The prover's blinding values: a keyed BLAKE2b stream (key from the system CSPRNG, drawn once per proof), each
/// field element the keyed hash of its counter reduced from 512 bits. As unpredictable as the system generator
/// for anyone without the key, and much faster in bulk: the random polynomial alone takes 2^k elements, which
/// would otherwise cost eight system calls each.
struct ProverRandomness {
    private let key: [UInt8]
    private var counter: UInt64 = 0

    init() {
        var generator = SystemRandomNumberGenerator()
        key = (0..<4).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
    }

    mutating func next<F: PrimeField>() -> F {
        defer { counter += 1 }
        return Self.element(key: key, counter: counter)
    }

    /// `count` fresh elements, computed in parallel.
    mutating func elements<F: PrimeField>(_ count: Int) -> [F] {
        let start = counter
        counter += UInt64(count)
        let key = self.key
        return [F](unsafeUninitializedCapacity: count) { buffer, initialized in
            ParallelRanges.forEachChunk(count: count, minimumChunk: 1024) { range in
                for i in range { (buffer.baseAddress! + i).initialize(to: Self.element(key: key, counter: start + UInt64(i))) }
            }
            initialized = count
        }
    }

    private static func element<F: PrimeField>(key: [UInt8], counter: UInt64) -> F {
        F(uniformBytes: Blake2b.hash(withUnsafeBytes(of: counter.littleEndian) { Array($0) }, key: key,
                                     personalization: Array("zkml-prover-rand".utf8)))
    }
}
