/// Multi-precision helpers on little-endian 64-bit limb arrays, for parsing, printing and exponent bookkeeping.
/// Nothing here is on a hot path; the field types do their own fixed-width arithmetic.
public enum LimbArithmetic {
    /// −1, 0 or 1 as a <, = or > b (arrays of any lengths; missing limbs are zero).
    public static func compare(_ a: [UInt64], _ b: [UInt64]) -> Int {
        let n = max(a.count, b.count)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            if x != y { return x < y ? -1 : 1 }
        }
        return 0
    }

    /// a − 1 for a > 0.
    public static func subtractOne(_ a: [UInt64]) -> [UInt64] {
        var r = a
        for i in 0..<r.count {
            let (d, borrow) = r[i].subtractingReportingOverflow(1)
            r[i] = d
            if !borrow { break }
        }
        return r
    }

    /// a + b, one limb longer than the longer operand.
    public static func add(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        let n = max(a.count, b.count)
        var r = [UInt64](repeating: 0, count: n + 1)
        var carry: UInt64 = 0
        for i in 0..<n {
            let s = UInt128(i < a.count ? a[i] : 0) &+ UInt128(i < b.count ? b[i] : 0) &+ UInt128(carry)
            r[i] = UInt64(truncatingIfNeeded: s)
            carry = UInt64(truncatingIfNeeded: s >> 64)
        }
        r[n] = carry
        return r
    }

    /// a − b for a ≥ b.
    public static func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var r = a
        var borrow: UInt64 = 0
        for i in 0..<r.count {
            let d = UInt128(r[i]) &- UInt128(i < b.count ? b[i] : 0) &- UInt128(borrow)
            r[i] = UInt64(truncatingIfNeeded: d)
            borrow = UInt64(truncatingIfNeeded: d >> 64) & 1
        }
        return r
    }

    /// a >> shift.
    public static func shiftRight(_ a: [UInt64], _ shift: Int) -> [UInt64] {
        let words = shift / 64, bits = shift % 64
        var r = [UInt64](repeating: 0, count: a.count)
        for i in 0..<a.count where i + words < a.count {
            var v = a[i + words] >> UInt64(bits)
            if bits > 0 && i + words + 1 < a.count { v |= a[i + words + 1] << UInt64(64 - bits) }
            r[i] = v
        }
        return r
    }

    /// a · m + c with single-limb m and c; nil on overflow of `a.count` limbs.
    public static func multiplyAdd(_ a: [UInt64], _ m: UInt64, _ c: UInt64) -> [UInt64]? {
        var r = a
        var carry = c
        for i in 0..<r.count {
            let t = UInt128(r[i]) &* UInt128(m) &+ UInt128(carry)
            r[i] = UInt64(truncatingIfNeeded: t)
            carry = UInt64(truncatingIfNeeded: t >> 64)
        }
        return carry == 0 ? r : nil
    }

    /// Quotient and remainder of a by a single limb.
    public static func divide(_ a: [UInt64], by d: UInt64) -> ([UInt64], UInt64) {
        var q = [UInt64](repeating: 0, count: a.count)
        var rem: UInt64 = 0
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            let cur = (UInt128(rem) << 64) | UInt128(a[i])
            q[i] = UInt64(truncatingIfNeeded: cur / UInt128(d))
            rem = UInt64(truncatingIfNeeded: cur % UInt128(d))
        }
        return (q, rem)
    }

    public static func isZero(_ a: [UInt64]) -> Bool { a.allSatisfy { $0 == 0 } }

    /// Parses "0x…" hexadecimal or decimal digits into `limbCount` limbs; nil if malformed or too large.
    public static func parse(_ text: String, limbCount: Int = 4) -> [UInt64]? {
        var digits = Substring(text.trimmingCharacters(in: " \t\n"))
        var radix: UInt64 = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            radix = 16
            digits = digits.dropFirst(2)
        }
        if digits.isEmpty { return nil }
        var value = [UInt64](repeating: 0, count: limbCount)
        for ch in digits {
            guard let d = ch.hexDigitValue, d < Int(radix) else { return nil }
            guard let next = multiplyAdd(value, radix, UInt64(d)) else { return nil }
            value = next
        }
        return value
    }

    public static func hexString(_ a: [UInt64]) -> String {
        var s = "0x"
        for limb in a.reversed() {
            let h = String(limb, radix: 16)
            s += String(repeating: "0", count: 16 - h.count) + h
        }
        return s
    }

    public static func decimalString(_ a: [UInt64]) -> String {
        var value = a
        var chunks: [UInt64] = []
        let base: UInt64 = 10_000_000_000_000_000_000
        repeat {
            let (q, r) = divide(value, by: base)
            chunks.append(r)
            value = q
        } while !isZero(value)
        var s = String(chunks.removeLast())
        for chunk in chunks.reversed() {
            let c = String(chunk)
            s += String(repeating: "0", count: 19 - c.count) + c
        }
        return s
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var sub = Substring(self)
        while let f = sub.first, set.contains(f) { sub.removeFirst() }
        while let l = sub.last, set.contains(l) { sub.removeLast() }
        return String(sub)
    }
}
