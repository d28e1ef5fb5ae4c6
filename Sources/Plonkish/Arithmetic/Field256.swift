/// The constants that define one prime field of fewer than 255 bits in Montgomery form with R = 2^256.
///
/// Every requirement is a computed property returning a literal, so that once `Field256<P>` is specialized the
/// constants fold into the instruction stream: no global loads, no lazy initialization, no witness-table calls.
/// The modulus must be below 2^255 with a top limb below 2^63 − 1: then sums of two reduced values fit in 256 bits
/// and Montgomery multiplication needs no fifth limb. BN254 (254 bits) and Pasta (255 bits) both qualify.
public protocol Field256Parameters: Sendable {
    static var name: String { get }
    /// p as little-endian limbs.
    static var modulus: (UInt64, UInt64, UInt64, UInt64) { get }
    /// −p⁻¹ mod 2^64.
    static var inverseModulusNegated: UInt64 { get }
    /// R mod p (the Montgomery form of one).
    static var montgomeryR: (UInt64, UInt64, UInt64, UInt64) { get }
    /// R² mod p.
    static var montgomeryR2: (UInt64, UInt64, UInt64, UInt64) { get }
    /// R³ mod p.
    static var montgomeryR3: (UInt64, UInt64, UInt64, UInt64) { get }
    static var bitWidth: Int { get }
    static var twoAdicity: Int { get }
    /// The multiplicative generator, canonical.
    static var generator: UInt64 { get }
    /// A primitive 2^S-th root of unity, canonical little-endian limbs.
    static var rootOfUnity: (UInt64, UInt64, UInt64, UInt64) { get }
}

/// An element of the prime field described by `P`, held in Montgomery form as four 64-bit limbs.
@frozen
public struct Field256<P: Field256Parameters>: PrimeField, ExpressibleByIntegerLiteral {
    /// Montgomery-form limbs, least significant first.
    public var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    /// Wraps raw Montgomery-form limbs; no reduction is done.
    @inlinable @inline(__always)
    public init(montgomery l0: UInt64, _ l1: UInt64, _ l2: UInt64, _ l3: UInt64) {
        self.l0 = l0
        self.l1 = l1
        self.l2 = l2
        self.l3 = l3
    }

    @inlinable @inline(__always)
    init(montgomery t: (UInt64, UInt64, UInt64, UInt64)) {
        self.init(montgomery: t.0, t.1, t.2, t.3)
    }

    @inlinable
    public static var zero: Self { Self(montgomery: 0, 0, 0, 0) }
    @inlinable
    public static var one: Self { Self(montgomery: P.montgomeryR) }

    @inlinable
    public var isZero: Bool { (l0 | l1 | l2 | l3) == 0 }

    // MARK: Arithmetic

    /// Subtracts p once if the value is ≥ p. Inputs are below 2p, so one subtraction reduces fully.
    @inlinable @inline(__always)
    static func reduceOnce(_ t0: UInt64, _ t1: UInt64, _ t2: UInt64, _ t3: UInt64) -> Self {
        let p = P.modulus
        let d0 = UInt128(t0) &- UInt128(p.0)
        let d1 = UInt128(t1) &- UInt128(p.1) &- ((d0 >> 64) & 1)
        let d2 = UInt128(t2) &- UInt128(p.2) &- ((d1 >> 64) & 1)
        let d3 = UInt128(t3) &- UInt128(p.3) &- ((d2 >> 64) & 1)
        // Select by mask, not by branch: whether t ≥ p is data-dependent and random, so a branch mispredicts half the
        // time (FFT butterflies and MSM additions hit this on every operation). keep is all ones on borrow (t < p).
        let keep = 0 &- UInt64(truncatingIfNeeded: (d3 >> 64) & 1)
        return Self(
            montgomery: (t0 & keep) | (UInt64(truncatingIfNeeded: d0) & ~keep),
            (t1 & keep) | (UInt64(truncatingIfNeeded: d1) & ~keep),
            (t2 & keep) | (UInt64(truncatingIfNeeded: d2) & ~keep),
            (t3 & keep) | (UInt64(truncatingIfNeeded: d3) & ~keep))
    }

    @inlinable @inline(__always)
    public static func + (a: Self, b: Self) -> Self {
        // p < 2^255: the sum of two reduced values fits in 256 bits.
        let s0 = UInt128(a.l0) &+ UInt128(b.l0)
        let s1 = UInt128(a.l1) &+ UInt128(b.l1) &+ (s0 >> 64)
        let s2 = UInt128(a.l2) &+ UInt128(b.l2) &+ (s1 >> 64)
        let s3 = UInt128(a.l3) &+ UInt128(b.l3) &+ (s2 >> 64)
        return reduceOnce(
            UInt64(truncatingIfNeeded: s0), UInt64(truncatingIfNeeded: s1),
            UInt64(truncatingIfNeeded: s2), UInt64(truncatingIfNeeded: s3))
    }

    @inlinable @inline(__always)
    public static func - (a: Self, b: Self) -> Self {
        let d0 = UInt128(a.l0) &- UInt128(b.l0)
        let d1 = UInt128(a.l1) &- UInt128(b.l1) &- ((d0 >> 64) & 1)
        let d2 = UInt128(a.l2) &- UInt128(b.l2) &- ((d1 >> 64) & 1)
        let d3 = UInt128(a.l3) &- UInt128(b.l3) &- ((d2 >> 64) & 1)
        // On borrow add p back: mask is all ones when a < b.
        let mask = 0 &- UInt64(truncatingIfNeeded: (d3 >> 64) & 1)
        let p = P.modulus
        let r0 = UInt128(UInt64(truncatingIfNeeded: d0)) &+ UInt128(p.0 & mask)
        let r1 = UInt128(UInt64(truncatingIfNeeded: d1)) &+ UInt128(p.1 & mask) &+ (r0 >> 64)
        let r2 = UInt128(UInt64(truncatingIfNeeded: d2)) &+ UInt128(p.2 & mask) &+ (r1 >> 64)
        let r3 = UInt128(UInt64(truncatingIfNeeded: d3)) &+ UInt128(p.3 & mask) &+ (r2 >> 64)
        return Self(
            montgomery: UInt64(truncatingIfNeeded: r0), UInt64(truncatingIfNeeded: r1),
            UInt64(truncatingIfNeeded: r2), UInt64(truncatingIfNeeded: r3))
    }

    @inlinable @inline(__always)
    public static prefix func - (a: Self) -> Self {
        a.isZero ? a : Self.zero - a
    }

    @inlinable @inline(__always)
    public func doubled() -> Self { self + self }

    /// Montgomery multiplication, CIOS with the "no-carry" shortcut (valid because the top limb of p is < 2^63 − 1):
    /// the running value never needs a fifth limb.
    @inlinable @inline(__always)
    public static func * (a: Self, b: Self) -> Self {
        let p = P.modulus
        let inv = P.inverseModulusNegated
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0

        @inline(__always)
        func round(_ bi: UInt64) {
            var c = UInt128(a.l0) &* UInt128(bi) &+ UInt128(t0)
            let u0 = UInt64(truncatingIfNeeded: c)
            c = UInt128(a.l1) &* UInt128(bi) &+ UInt128(t1) &+ (c >> 64)
            let u1 = UInt64(truncatingIfNeeded: c)
            c = UInt128(a.l2) &* UInt128(bi) &+ UInt128(t2) &+ (c >> 64)
            let u2 = UInt64(truncatingIfNeeded: c)
            c = UInt128(a.l3) &* UInt128(bi) &+ UInt128(t3) &+ (c >> 64)
            let u3 = UInt64(truncatingIfNeeded: c)
            let high = UInt64(truncatingIfNeeded: c >> 64)

            let m = u0 &* inv
            var r = UInt128(m) &* UInt128(p.0) &+ UInt128(u0)
            r = UInt128(m) &* UInt128(p.1) &+ UInt128(u1) &+ (r >> 64)
            t0 = UInt64(truncatingIfNeeded: r)
            r = UInt128(m) &* UInt128(p.2) &+ UInt128(u2) &+ (r >> 64)
            t1 = UInt64(truncatingIfNeeded: r)
            r = UInt128(m) &* UInt128(p.3) &+ UInt128(u3) &+ (r >> 64)
            t2 = UInt64(truncatingIfNeeded: r)
            t3 = high &+ UInt64(truncatingIfNeeded: r >> 64)
        }
        round(b.l0)
        round(b.l1)
        round(b.l2)
        round(b.l3)
        return reduceOnce(t0, t1, t2, t3)
    }

    @inlinable @inline(__always)
    public func squared() -> Self { self * self }

    /// The inverse by Fermat's little theorem (self^(p−2)); nil for zero.
    @inlinable
    public func inverse() -> Self? {
        if isZero { return nil }
        let p = P.modulus
        return pow([p.0 &- 2, p.1, p.2, p.3])  // p is odd and > 2, so p.0 ≥ 3
    }

    // MARK: Conversions

    /// Converts canonical limbs (assumed < p) into Montgomery form: a·R² / R = a·R.
    @inlinable
    static func fromCanonical(_ a: (UInt64, UInt64, UInt64, UInt64)) -> Self {
        Self(montgomery: a) * Self(montgomery: P.montgomeryR2)
    }

    /// The element with the given canonical little-endian limbs, which must already be below p (for constants;
    /// untrusted input goes through `init?(canonicalLimbs:)`).
    @inlinable
    public init(canonical limbs: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(Self.lessThanModulus(limbs), "constant is not below the modulus")
        self = Self.fromCanonical(limbs)
    }

    @inlinable
    public var canonical: (UInt64, UInt64, UInt64, UInt64) {
        let c = self * Self(montgomery: 1, 0, 0, 0)  // a·R · 1 / R = a
        return (c.l0, c.l1, c.l2, c.l3)
    }

    @inlinable
    static func lessThanModulus(_ a: (UInt64, UInt64, UInt64, UInt64)) -> Bool {
        let p = P.modulus
        if a.3 != p.3 { return a.3 < p.3 }
        if a.2 != p.2 { return a.2 < p.2 }
        if a.1 != p.1 { return a.1 < p.1 }
        return a.0 < p.0
    }

    @inlinable
    public init(word value: UInt64) {
        // value < 2^64 < p, so it is already canonical.
        self = Self.fromCanonical((value, 0, 0, 0))
    }

    @inlinable
    public init(_ value: Int64) {
        let magnitude = Self(word: value.magnitude)
        self = value < 0 ? -magnitude : magnitude
    }

    @inlinable
    public init(integerLiteral value: Int64) { self.init(value) }

    public init?(canonicalLimbs limbs: [UInt64]) {
        guard limbs.count <= 4 || limbs[4...].allSatisfy({ $0 == 0 }) else { return nil }
        var t: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        if limbs.count > 0 { t.0 = limbs[0] }
        if limbs.count > 1 { t.1 = limbs[1] }
        if limbs.count > 2 { t.2 = limbs[2] }
        if limbs.count > 3 { t.3 = limbs[3] }
        guard Self.lessThanModulus(t) else { return nil }
        self = Self.fromCanonical(t)
    }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 32 else { return nil }
        var limbs = [UInt64](repeating: 0, count: 4)
        for (i, byte) in bytes.enumerated() { limbs[i / 8] |= UInt64(byte) << UInt64(8 * (i % 8)) }
        self.init(canonicalLimbs: limbs)
    }

    /// lo + hi·2^256 mod p for the 64 little-endian bytes lo‖hi, computed as lo·R² + hi·R³ in Montgomery form.
    public init(uniformBytes: some Collection<UInt8>) {
        precondition(uniformBytes.count == 64, "uniform bytes must be 64 bytes")
        var w = [UInt64](repeating: 0, count: 8)
        for (i, byte) in uniformBytes.enumerated() { w[i / 8] |= UInt64(byte) << UInt64(8 * (i % 8)) }
        // Montgomery-multiplying an unreduced 256-bit value by R² stays below 2p, so one reduction suffices.
        // The reduced constant goes on the left: the multiplication's row operand must be below p.
        let lo = Self(montgomery: P.montgomeryR2) * Self(montgomery: w[0], w[1], w[2], w[3])
        let hi = Self(montgomery: P.montgomeryR3) * Self(montgomery: w[4], w[5], w[6], w[7])
        self = lo + hi
    }

    public var canonicalLimbs: [UInt64] {
        let c = canonical
        return [c.0, c.1, c.2, c.3]
    }

    public var bytes: [UInt8] {
        let c = canonical
        var out = [UInt8](repeating: 0, count: 32)
        for (i, limb) in [c.0, c.1, c.2, c.3].enumerated() {
            for j in 0..<8 { out[8 * i + j] = UInt8(truncatingIfNeeded: limb >> UInt64(8 * j)) }
        }
        return out
    }

    // MARK: Constants

    public static var bitWidth: Int { P.bitWidth }
    public static var twoAdicity: Int { P.twoAdicity }
    public static var modulusLimbs: [UInt64] {
        let p = P.modulus
        return [p.0, p.1, p.2, p.3]
    }
    public static var multiplicativeGenerator: Self { Self(word: P.generator) }
    public static var rootOfUnity: Self { fromCanonical(P.rootOfUnity) }

    // MARK: Equatable, Hashable

    @inlinable @inline(__always)
    public static func == (a: Self, b: Self) -> Bool {
        // Montgomery form is unique for reduced values, so limb equality is value equality.
        ((a.l0 ^ b.l0) | (a.l1 ^ b.l1) | (a.l2 ^ b.l2) | (a.l3 ^ b.l3)) == 0
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(l0)
        hasher.combine(l1)
        hasher.combine(l2)
        hasher.combine(l3)
    }
}
