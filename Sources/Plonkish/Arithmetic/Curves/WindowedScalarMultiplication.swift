/// Variable-base scalar multiplication with signed 5-bit windows: 255 doublings and about 51 additions of a
/// precomputed multiple, against about 128 additions for plain double-and-add. The IPA prover folds its generators
/// with one such multiplication per generator, and the point FFT (Lagrange bases) spends one per twiddle, so these
/// dominate both.
extension JacobianPoint {
    /// Window width in bits; digits lie in [−16, 16].
    @usableFromInline
    static var scalarWindowBits: Int { 5 }

    /// self·scalar by signed fixed windows over the canonical value (not constant time).
    @inlinable
    public func multipliedWindowed(by scalar: C.Scalar) -> Self {
        if isInfinity { return self }
        let c = scalar.canonical
        let window = Self.scalarWindowBits
        let half = 1 << (window - 1)
        let windowCount = (256 + window - 1) / window + 1
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 5) { limbs in
            limbs[0] = c.0
            limbs[1] = c.1
            limbs[2] = c.2
            limbs[3] = c.3
            limbs[4] = 0
            return withUnsafeTemporaryAllocation(of: Int8.self, capacity: windowCount) { digits in
                var carry = 0
                var top = -1
                for w in 0..<windowCount {
                    let bit = w * window
                    var raw = 0
                    if bit < 256 {
                        let limb = bit >> 6
                        let offset = bit & 63
                        var bits = limbs[limb] >> UInt64(offset)
                        if offset + window > 64 { bits |= limbs[limb + 1] << UInt64(64 - offset) }
                        raw = Int(bits & UInt64((1 << window) - 1))
                    }
                    var digit = raw + carry
                    if digit > half {
                        digit -= 1 << window
                        carry = 1
                    } else {
                        carry = 0
                    }
                    digits[w] = Int8(digit)
                    if digit != 0 { top = w }
                }
                if top < 0 { return .infinity }
                return withUnsafeTemporaryAllocation(of: Self.self, capacity: half) { table in
                    table.initialize(repeating: self)
                    table[1] = self.doubled()
                    for i in 2..<half { table[i] = table[i - 1].adding(self) }
                    var acc = Self.infinity
                    for w in stride(from: top, through: 0, by: -1) {
                        for _ in 0..<window { acc = acc.doubled() }
                        let digit = Int(digits[w])
                        if digit > 0 {
                            acc = acc.adding(table[digit - 1])
                        } else if digit < 0 {
                            acc = acc.adding(-table[-digit - 1])
                        }
                    }
                    return acc
                }
            }
        }
    }
}
