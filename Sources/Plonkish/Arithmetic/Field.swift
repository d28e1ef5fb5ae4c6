/// A field element: the arithmetic every field in the system shares, prime fields and extension towers alike.
///
/// Generic algorithms (exponentiation, batch inversion, FFT, curve formulas) are written once against this protocol
/// and marked `@inlinable`, so that callers in other modules get them specialized to the concrete field type.
public protocol FieldElement: Hashable, Sendable, CustomStringConvertible {
    static var zero: Self { get }
    static var one: Self { get }

    var isZero: Bool { get }

    static func + (lhs: Self, rhs: Self) -> Self
    static func - (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static prefix func - (value: Self) -> Self

    func squared() -> Self
    func doubled() -> Self
    /// The multiplicative inverse, or nil for zero.
    func inverse() -> Self?
}

extension FieldElement {
    @inlinable @inline(__always)
    public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    @inlinable @inline(__always)
    public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    @inlinable @inline(__always)
    public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }

    /// self^exponent, the exponent given as little-endian 64-bit limbs (square-and-multiply from the top bit).
    @inlinable
    public func pow(_ exponent: [UInt64]) -> Self {
        var result = Self.one
        var started = false
        for limb in exponent.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                if started { result = result.squared() }
                if (limb >> UInt64(bit)) & 1 == 1 {
                    result = started ? result * self : self
                    started = true
                }
            }
        }
        return result
    }

    @inlinable
    public func pow(_ exponent: UInt64) -> Self { pow([exponent]) }
}

/// Inverts every non-zero element in place with one field inversion (Montgomery's trick); zeros stay zero.
@inlinable
public func batchInvert<F: FieldElement>(_ values: UnsafeMutableBufferPointer<F>) {
    let n = values.count
    if n == 0 { return }
    // prefix[i] = product of the non-zero values before i; reuses one scratch buffer, no per-element allocation.
    let prefix = UnsafeMutableBufferPointer<F>.allocate(capacity: n)
    defer { prefix.deallocate() }
    var acc = F.one
    for i in 0..<n {
        prefix.initializeElement(at: i, to: acc)
        let v = values[i]
        if !v.isZero { acc = acc * v }
    }
    guard var inv = acc.inverse() else { return }  // acc is a product of non-zero values, never zero
    for i in stride(from: n - 1, through: 0, by: -1) {
        let v = values[i]
        if v.isZero { continue }
        values[i] = inv * prefix[i]
        inv = inv * v
    }
}

@inlinable
public func batchInvert<F: FieldElement>(_ values: inout [F]) {
    values.withUnsafeMutableBufferPointer { batchInvert($0) }
}

/// A prime field of at most 256 bits: the scalar and base fields of the curves.
public protocol PrimeField: FieldElement, Comparable {
    /// Bits in the modulus.
    static var bitWidth: Int { get }
    /// The modulus as little-endian 64-bit limbs.
    static var modulusLimbs: [UInt64] { get }
    /// S such that 2^S is the largest power of two dividing p − 1.
    static var twoAdicity: Int { get }
    /// A generator of the multiplicative group.
    static var multiplicativeGenerator: Self { get }
    /// A primitive 2^S-th root of unity (the generator raised to (p − 1)/2^S).
    static var rootOfUnity: Self { get }

    /// The element congruent to `value` (negative values map to p − |value|).
    init(_ value: Int64)
    /// The element congruent to `value`.
    init(word value: UInt64)
    /// The canonical 32-byte little-endian encoding; nil if the bytes encode an integer ≥ p.
    init?(bytes: some Collection<UInt8>)
    /// The integer from canonical little-endian limbs; nil if it is ≥ p.
    init?(canonicalLimbs: [UInt64])
    /// A 512-bit little-endian integer reduced mod p (halo2's `from_uniform_bytes`).
    init(uniformBytes: some Collection<UInt8>)
    /// The same reduction from eight little-endian 64-bit words (no byte array needed).
    init(uniformWords: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64))

    /// The canonical integer value as little-endian limbs.
    var canonicalLimbs: [UInt64] { get }
    /// The canonical integer value as four little-endian words, without allocating (for hot loops such as MSM
    /// scalar recoding).
    var canonical: (UInt64, UInt64, UInt64, UInt64) { get }
    /// The canonical 32-byte little-endian encoding.
    var bytes: [UInt8] { get }
}

extension PrimeField {
    /// A uniformly random element from the system CSPRNG (64 random bytes reduced mod p: bias below 2^-250).
    public static func random() -> Self {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> Self {
        Self(uniformWords: (
            generator.next(), generator.next(), generator.next(), generator.next(),
            generator.next(), generator.next(), generator.next(), generator.next()))
    }

    /// The Legendre symbol: 0 for zero, 1 for a non-zero square, −1 otherwise.
    public func legendre() -> Int {
        if isZero { return 0 }
        let r = pow(LimbArithmetic.shiftRight(LimbArithmetic.subtractOne(Self.modulusLimbs), 1))
        return r == .one ? 1 : -1
    }

    /// A square root (Tonelli–Shanks), or nil when `self` is not a square. Which of the two roots is returned is
    /// unspecified; callers that need a particular one choose by parity.
    public func squareRoot() -> Self? {
        if isZero { return self }
        let s = Self.twoAdicity
        // p − 1 = 2^S · t with t odd.
        let t = LimbArithmetic.shiftRight(LimbArithmetic.subtractOne(Self.modulusLimbs), s)
        let w = pow(LimbArithmetic.shiftRight(t, 1))  // self^((t−1)/2)
        var x = w * self  // self^((t+1)/2)
        var b = x * w  // self^t
        var z = Self.rootOfUnity
        var m = s
        while b != .one {
            var i = 0
            var b2 = b
            while b2 != .one {
                b2 = b2.squared()
                i += 1
                if i == m { return nil }
            }
            var c = z
            for _ in 0..<(m - i - 1) { c = c.squared() }
            z = c.squared()
            x = x * c
            b = b * z
            m = i
        }
        return x
    }

    /// Parses "0x…" hexadecimal or plain decimal; nil for malformed text or a value ≥ p.
    public init?(_ text: String) {
        guard let limbs = LimbArithmetic.parse(text), let value = Self(canonicalLimbs: limbs) else { return nil }
        self = value
    }

    /// Canonical value as "0x" followed by 64 lower-case hex digits, most significant first.
    public var hexString: String { LimbArithmetic.hexString(canonicalLimbs) }

    /// Canonical value in decimal.
    public var decimalString: String { LimbArithmetic.decimalString(canonicalLimbs) }

    public var description: String { hexString }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        LimbArithmetic.compare(lhs.canonicalLimbs, rhs.canonicalLimbs) < 0
    }

    /// A primitive 2^k-th root of unity, k ≤ S: the root of unity squared S − k times.
    public static func rootOfUnity(log2Order k: Int) -> Self {
        precondition(k >= 0 && k <= twoAdicity, "no 2^\(k)-th root of unity in a field of two-adicity \(twoAdicity)")
        var w = rootOfUnity
        for _ in k..<twoAdicity { w = w.squared() }
        return w
    }
}
