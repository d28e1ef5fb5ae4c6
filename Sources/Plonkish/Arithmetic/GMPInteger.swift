import CGMP

/// An arbitrary-precision integer backed by libgmp, for slow-path work: checking constants, converting between
/// radixes, cross-checking the fixed-width field code. Never used on a hot path.
public final class GMPInteger: @unchecked Sendable, CustomStringConvertible, Equatable {
    @usableFromInline var value = __mpz_struct()

    public init(_ small: Int = 0) {
        __gmpz_init_set_si(&value, small)
    }

    /// Parses decimal, or hexadecimal with a "0x" prefix; nil if malformed.
    public init?(_ text: String) {
        __gmpz_init(&value)
        var digits = text
        var base: Int32 = 10
        if digits.hasPrefix("0x") {
            digits.removeFirst(2)
            base = 16
        }
        if digits.isEmpty || __gmpz_set_str(&value, digits, base) != 0 { return nil }
    }

    /// From little-endian 64-bit limbs.
    public convenience init(limbs: [UInt64]) {
        self.init(0)
        for limb in limbs.reversed() {
            __gmpz_mul_2exp(&value, &value, 64)
            __gmpz_add_ui(&value, &value, UInt(limb))
        }
    }

    deinit { __gmpz_clear(&value) }

    /// Little-endian 64-bit limbs, zero-padded to `count`; the value must be non-negative and fit.
    public func limbs(count: Int) -> [UInt64] {
        var out = [UInt64](repeating: 0, count: count)
        let t = GMPInteger(0)
        __gmpz_set(&t.value, &value)
        for i in 0..<count {
            out[i] = UInt64(__gmpz_get_ui(&t.value))
            __gmpz_tdiv_q_2exp(&t.value, &t.value, 64)
        }
        return out
    }

    public var description: String { string(radix: 10) }

    public func string(radix: Int32) -> String {
        let size = __gmpz_sizeinbase(&value, radix) + 2
        var buffer = [CChar](repeating: 0, count: size)
        __gmpz_get_str(&buffer, radix, &value)
        return String(cString: buffer)
    }

    private static func binary(
        _ a: GMPInteger, _ b: GMPInteger,
        _ op: (UnsafeMutablePointer<__mpz_struct>, UnsafePointer<__mpz_struct>, UnsafePointer<__mpz_struct>) -> Void
    ) -> GMPInteger {
        let r = GMPInteger()
        op(&r.value, &a.value, &b.value)
        return r
    }

    public static func + (a: GMPInteger, b: GMPInteger) -> GMPInteger { binary(a, b, __gmpz_add) }
    public static func - (a: GMPInteger, b: GMPInteger) -> GMPInteger { binary(a, b, __gmpz_sub) }
    public static func * (a: GMPInteger, b: GMPInteger) -> GMPInteger { binary(a, b, __gmpz_mul) }
    /// Non-negative remainder (b > 0).
    public static func % (a: GMPInteger, b: GMPInteger) -> GMPInteger { binary(a, b, __gmpz_fdiv_r) }
    public static func / (a: GMPInteger, b: GMPInteger) -> GMPInteger { binary(a, b, __gmpz_fdiv_q) }

    public static func == (a: GMPInteger, b: GMPInteger) -> Bool { __gmpz_cmp(&a.value, &b.value) == 0 }

    /// self^e mod m.
    public func power(_ e: GMPInteger, modulo m: GMPInteger) -> GMPInteger {
        let r = GMPInteger()
        __gmpz_powm(&r.value, &value, &e.value, &m.value)
        return r
    }

    /// self⁻¹ mod m, or nil if not invertible.
    public func inverse(modulo m: GMPInteger) -> GMPInteger? {
        let r = GMPInteger()
        return __gmpz_invert(&r.value, &value, &m.value) != 0 ? r : nil
    }

    /// 2^e.
    public static func powerOfTwo(_ e: Int) -> GMPInteger {
        let r = GMPInteger(1)
        __gmpz_mul_2exp(&r.value, &r.value, UInt(e))
        return r
    }

    public func isProbablePrime(rounds: Int32 = 30) -> Bool { __gmpz_probab_prime_p(&value, rounds) > 0 }

    public var bitCount: Int { value._mp_size == 0 ? 0 : Int(__gmpz_sizeinbase(&value, 2)) }
}
