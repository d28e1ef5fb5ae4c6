/// A curve y² = x³ + b over `Base` (a = 0, as for BN254 G1/G2, Pallas and Vesta), with a prime-order group of points
/// whose scalars live in `Scalar`.
public protocol ShortWeierstrassCurve: Sendable {
    associatedtype Base: FieldElement
    associatedtype Scalar: PrimeField
    static var name: String { get }
    static var b: Base { get }
    static var generatorX: Base { get }
    static var generatorY: Base { get }
    /// Whether `point`, assumed to be on the curve, lies in the subgroup of prime order |Scalar|. The default
    /// (SubgroupMembership.swift) multiplies by that order; prime-order curves and curves with a faster test override it.
    static func isInPrimeOrderSubgroup(_ point: AffinePoint<Self>) -> Bool
}

/// A point in affine coordinates; the point at infinity is flagged (its coordinates are zero).
@frozen
public struct AffinePoint<C: ShortWeierstrassCurve>: Hashable, Sendable, CustomStringConvertible {
    public var x: C.Base
    public var y: C.Base
    public var isInfinity: Bool

    /// Wraps coordinates without checking that they are on the curve; decoders check with `isOnCurve`.
    @inlinable @inline(__always)
    public init(x: C.Base, y: C.Base) {
        self.x = x
        self.y = y
        self.isInfinity = false
    }

    @inlinable @inline(__always)
    init(x: C.Base, y: C.Base, isInfinity: Bool) {
        self.x = x
        self.y = y
        self.isInfinity = isInfinity
    }

    @inlinable public static var infinity: Self { Self(x: .zero, y: .zero, isInfinity: true) }
    @inlinable public static var generator: Self { Self(x: C.generatorX, y: C.generatorY) }

    /// y² = x³ + b (the point at infinity counts as on the curve).
    @inlinable
    public var isOnCurve: Bool {
        isInfinity || y.squared() == x.squared() * x + C.b
    }

    @inlinable @inline(__always)
    public static prefix func - (p: Self) -> Self {
        p.isInfinity ? p : Self(x: p.x, y: -p.y)
    }

    @inlinable
    public var jacobian: JacobianPoint<C> { JacobianPoint(self) }

    public var description: String { isInfinity ? "\(C.name)(∞)" : "\(C.name)(\(x), \(y))" }
}

/// A point in Jacobian coordinates (X/Z², Y/Z³); Z = 0 is the point at infinity.
@frozen
public struct JacobianPoint<C: ShortWeierstrassCurve>: Sendable, CustomStringConvertible {
    public var x: C.Base
    public var y: C.Base
    public var z: C.Base

    @inlinable @inline(__always)
    public init(x: C.Base, y: C.Base, z: C.Base) {
        self.x = x
        self.y = y
        self.z = z
    }

    @inlinable @inline(__always)
    public init(_ p: AffinePoint<C>) {
        if p.isInfinity {
            self = .infinity
        } else {
            self.init(x: p.x, y: p.y, z: .one)
        }
    }

    @inlinable public static var infinity: Self { Self(x: .one, y: .one, z: .zero) }
    @inlinable public static var generator: Self { Self(AffinePoint<C>.generator) }

    @inlinable @inline(__always)
    public var isInfinity: Bool { z.isZero }

    @inlinable @inline(__always)
    public static prefix func - (p: Self) -> Self { Self(x: p.x, y: -p.y, z: p.z) }

    /// Doubling for a = 0 ("dbl-2009-l": 2M + 5S).
    @inlinable
    public func doubled() -> Self {
        if isInfinity { return self }
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        var d = (x + b).squared() - a - c
        d = d.doubled()
        let e = a.doubled() + a
        let f = e.squared()
        let x3 = f - d.doubled()
        var c8 = c.doubled()
        c8 = c8.doubled()
        c8 = c8.doubled()
        let y3 = e * (d - x3) - c8
        let z3 = (y * z).doubled()
        return Self(x: x3, y: y3, z: z3)
    }

    /// Mixed addition with an affine point ("madd-2007-bl": 7M + 4S), falling back to doubling for equal points.
    @inlinable
    public func adding(_ q: AffinePoint<C>) -> Self {
        if q.isInfinity { return self }
        if isInfinity { return Self(q) }
        let z1z1 = z.squared()
        let u2 = q.x * z1z1
        let s2 = q.y * z * z1z1
        let h = u2 - x
        let r0 = s2 - y
        if h.isZero {
            return r0.isZero ? Self(q).doubled() : .infinity
        }
        let hh = h.squared()
        let i = hh.doubled().doubled()
        let j = h * i
        let r = r0.doubled()
        let v = x * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (y * j).doubled()
        let z3 = (z + h).squared() - z1z1 - hh
        return Self(x: x3, y: y3, z: z3)
    }

    /// Full Jacobian addition ("add-2007-bl": 11M + 5S), falling back to doubling for equal points.
    @inlinable
    public func adding(_ q: Self) -> Self {
        if q.isInfinity { return self }
        if isInfinity { return q }
        let z1z1 = z.squared()
        let z2z2 = q.z.squared()
        let u1 = x * z2z2
        let u2 = q.x * z1z1
        let s1 = y * q.z * z2z2
        let s2 = q.y * z * z1z1
        let h = u2 - u1
        let r0 = s2 - s1
        if h.isZero {
            return r0.isZero ? doubled() : .infinity
        }
        let i = h.doubled().squared()
        let j = h * i
        let r = r0.doubled()
        let v = u1 * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (s1 * j).doubled()
        let z3 = ((z + q.z).squared() - z1z1 - z2z2) * h
        return Self(x: x3, y: y3, z: z3)
    }

    @inlinable @inline(__always)
    public static func + (p: Self, q: Self) -> Self { p.adding(q) }
    @inlinable @inline(__always)
    public static func + (p: Self, q: AffinePoint<C>) -> Self { p.adding(q) }
    @inlinable @inline(__always)
    public static func - (p: Self, q: Self) -> Self { p.adding(-q) }
    @inlinable @inline(__always)
    public static func += (p: inout Self, q: Self) { p = p.adding(q) }
    @inlinable @inline(__always)
    public static func += (p: inout Self, q: AffinePoint<C>) { p = p.adding(q) }

    /// Scalar multiplication by the canonical value of `k` (double-and-add from the top bit; not constant time).
    @inlinable
    public func multiplied(by k: C.Scalar) -> Self {
        multiplied(byLimbs: k.canonicalLimbs)
    }

    /// Scalar multiplication by an integer given as little-endian limbs (any size; e.g. the group order for subgroup
    /// checks).
    @inlinable
    public func multiplied(byLimbs limbs: [UInt64]) -> Self {
        var acc = Self.infinity
        for limb in limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                acc = acc.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { acc = acc.adding(self) }
            }
        }
        return acc
    }

    @inlinable
    public static func * (p: Self, k: C.Scalar) -> Self { p.multiplied(by: k) }

    /// The affine form (one inversion).
    @inlinable
    public var affine: AffinePoint<C> {
        guard let zInv = z.inverse() else { return .infinity }
        let zInv2 = zInv.squared()
        return AffinePoint(x: x * zInv2, y: y * zInv2 * zInv)
    }

    /// Converts many points to affine with one shared inversion.
    @inlinable
    public static func batchAffine(_ points: [Self]) -> [AffinePoint<C>] {
        var zs = points.map { $0.z }
        batchInvert(&zs)
        var out = [AffinePoint<C>](repeating: .infinity, count: points.count)
        for i in 0..<points.count where !points[i].isInfinity {
            let zInv = zs[i]
            let zInv2 = zInv.squared()
            out[i] = AffinePoint(x: points[i].x * zInv2, y: points[i].y * zInv2 * zInv)
        }
        return out
    }

    /// Y² = X³ + b·Z⁶.
    @inlinable
    public var isOnCurve: Bool {
        if isInfinity { return true }
        let z2 = z.squared()
        let z6 = z2.squared() * z2
        return y.squared() == x.squared() * x + C.b * z6
    }

    public var description: String { affine.description }
}

extension JacobianPoint: Equatable {
    /// Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³.
    @inlinable
    public static func == (p: Self, q: Self) -> Bool {
        if p.isInfinity || q.isInfinity { return p.isInfinity && q.isInfinity }
        let z1z1 = p.z.squared()
        let z2z2 = q.z.squared()
        return p.x * z2z2 == q.x * z1z1 && p.y * z2z2 * q.z == q.y * z1z1 * p.z
    }
}
