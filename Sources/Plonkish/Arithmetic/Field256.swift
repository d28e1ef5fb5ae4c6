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
    /// a·b·R⁻¹ by a routine written for this platform (see `FieldAssembly.swift`), or nil where there is none and
    /// the portable Swift multiplication serves.
    static func platformMontgomeryProduct(_ a: Field256<Self>, _ b: Field256<Self>) -> Field256<Self>?
}

extension Field256Parameters {
    @inlinable @inline(__always)
    public static func platformMontgomeryProduct(_ a: Field256<Self>, _ b: Field256<Self>) -> Field256<Self>? { nil }
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
        // Select without a branch: whether t < p is data-dependent and would mispredict about half the time.
        let keep = 0 &- UInt64(truncatingIfNeeded: (d3 >> 64) & 1)  // all ones when t < p
        @inline(__always) func select(_ t: UInt64, _ d: UInt128) -> UInt64 {
            let d = UInt64(truncatingIfNeeded: d)
            return d ^ ((t ^ d) & keep)
        }
        return Self(montgomery: select(t0, d0), select(t1, d1), select(t2, d2), select(t3, d3))
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

    /// Montgomery multiplication: the platform's routine where there is one, else the portable one.
    @inlinable @inline(__always)
    public static func * (a: Self, b: Self) -> Self {
        P.platformMontgomeryProduct(a, b) ?? portableProduct(a, b)
    }

    /// Montgomery multiplication in Swift, CIOS with the "no-carry" shortcut (valid because the top limb of p is
    /// < 2^63 − 1): the running value never needs a fifth limb.
    @inlinable @inline(__always)
    static func portableProduct(_ a: Self, _ b: Self) -> Self {
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

    /// The inverse by the binary extended Euclidean algorithm; nil for zero.
    ///
    /// Not constant time: the prover inverts its own witness values on its own machine, and a binary GCD is about
    /// five times faster than Fermat's a^(p−2). Working on the Montgomery limbs aR directly gives (aR)⁻¹; one
    /// Montgomery multiplication by R³ turns that into a⁻¹R, the Montgomery form of a⁻¹.
    @inlinable
    public func inverse() -> Self? {
        if isZero { return nil }
        let p = UInt256(P.modulus)
        var u = UInt256((l0, l1, l2, l3))
        var v = p
        var x1 = UInt256((1, 0, 0, 0))
        var x2 = UInt256((0, 0, 0, 0))
        // Invariants: x1·(aR) ≡ u and x2·(aR) ≡ v (mod p); gcd(u, v) = 1 throughout.
        while !u.isOne && !v.isOne {
            while u.isEven {
                u.shiftRightOne()
                x1.halveModulo(p)
            }
            while v.isEven {
                v.shiftRightOne()
                x2.halveModulo(p)
            }
            if u.isLess(than: v) {
                v.subtract(u)
                x2.subtractModulo(x1, p)
            } else {
                u.subtract(v)
                x1.subtractModulo(x2, p)
            }
        }
        let raw = u.isOne ? x1 : x2
        return Self(montgomery: raw.l0, raw.l1, raw.l2, raw.l3) * Self(montgomery: P.montgomeryR3)
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
        guard bytes.count == 32,
            let value = Array(bytes).withUnsafeBytes({ Self(canonicalBytes: $0) })
        else { return nil }
        self = value
    }

    /// lo + hi·2^256 mod p for the 64 little-endian bytes lo‖hi, computed as lo·R² + hi·R³ in Montgomery form.
    public init(uniformBytes: some Collection<UInt8>) {
        precondition(uniformBytes.count == 64, "uniform bytes must be 64 bytes")
        self = Array(uniformBytes).withUnsafeBytes { raw in
            let lo = Self.readLimbs(raw), hi = Self.readLimbs(UnsafeRawBufferPointer(rebasing: raw[32...]))
            return Self(uniformWords: (lo.0, lo.1, lo.2, lo.3, hi.0, hi.1, hi.2, hi.3))
        }
    }

    /// lo + hi·2^256 mod p for the words lo = w0…w3, hi = w4…w7, computed as lo·R² + hi·R³ in Montgomery form.
    @inlinable
    public init(uniformWords w: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) {
        // Montgomery-multiplying an unreduced 256-bit value by R² stays below 2p, so one reduction suffices.
        // The reduced constant goes on the left: the multiplication's row operand must be below p.
        let lo = Self(montgomery: P.montgomeryR2) * Self(montgomery: w.0, w.1, w.2, w.3)
        let hi = Self(montgomery: P.montgomeryR3) * Self(montgomery: w.4, w.5, w.6, w.7)
        self = lo + hi
    }

    public var canonicalLimbs: [UInt64] {
        let c = canonical
        return [c.0, c.1, c.2, c.3]
    }

    public var bytes: [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { writeCanonicalBytes(to: $0) }
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

/// A bare 256-bit unsigned integer for the inversion's binary GCD; values stay below 2p < 2^256.
@frozen @usableFromInline
struct UInt256 {
    @usableFromInline var l0: UInt64, l1: UInt64, l2: UInt64, l3: UInt64

    @inlinable @inline(__always)
    init(_ t: (UInt64, UInt64, UInt64, UInt64)) {
        (l0, l1, l2, l3) = t
    }

    @inlinable var isEven: Bool { l0 & 1 == 0 }
    @inlinable var isOne: Bool { l0 == 1 && (l1 | l2 | l3) == 0 }

    @inlinable @inline(__always)
    mutating func shiftRightOne() {
        l0 = (l0 >> 1) | (l1 << 63)
        l1 = (l1 >> 1) | (l2 << 63)
        l2 = (l2 >> 1) | (l3 << 63)
        l3 >>= 1
    }

    @inlinable @inline(__always)
    func isLess(than o: Self) -> Bool {
        if l3 != o.l3 { return l3 < o.l3 }
        if l2 != o.l2 { return l2 < o.l2 }
        if l1 != o.l1 { return l1 < o.l1 }
        return l0 < o.l0
    }

    /// self − o, wrapping; returns the final borrow (1 if o > self).
    @inlinable @inline(__always) @discardableResult
    mutating func subtract(_ o: Self) -> UInt64 {
        let d0 = UInt128(l0) &- UInt128(o.l0)
        let d1 = UInt128(l1) &- UInt128(o.l1) &- ((d0 >> 64) & 1)
        let d2 = UInt128(l2) &- UInt128(o.l2) &- ((d1 >> 64) & 1)
        let d3 = UInt128(l3) &- UInt128(o.l3) &- ((d2 >> 64) & 1)
        l0 = UInt64(truncatingIfNeeded: d0)
        l1 = UInt64(truncatingIfNeeded: d1)
        l2 = UInt64(truncatingIfNeeded: d2)
        l3 = UInt64(truncatingIfNeeded: d3)
        return UInt64(truncatingIfNeeded: (d3 >> 64) & 1)
    }

    /// self + o, wrapping (callers keep the sum below 2^256).
    @inlinable @inline(__always)
    mutating func add(_ o: Self) {
        let s0 = UInt128(l0) &+ UInt128(o.l0)
        let s1 = UInt128(l1) &+ UInt128(o.l1) &+ (s0 >> 64)
        let s2 = UInt128(l2) &+ UInt128(o.l2) &+ (s1 >> 64)
        let s3 = UInt128(l3) &+ UInt128(o.l3) &+ (s2 >> 64)
        l0 = UInt64(truncatingIfNeeded: s0)
        l1 = UInt64(truncatingIfNeeded: s1)
        l2 = UInt64(truncatingIfNeeded: s2)
        l3 = UInt64(truncatingIfNeeded: s3)
    }

    /// self/2 mod p for self < p: an odd value is made even by adding p first (the sum stays below 2^256).
    @inlinable @inline(__always)
    mutating func halveModulo(_ p: Self) {
        if !isEven { add(p) }
        shiftRightOne()
    }

    /// self − o mod p for self, o < p.
    @inlinable @inline(__always)
    mutating func subtractModulo(_ o: Self, _ p: Self) {
        if subtract(o) != 0 { add(p) }
    }
}
