/// Affine points in one array of (x, y) pairs, aligned so that for 32-byte coordinates a point fills exactly one
/// 64-byte cache line (bucket accesses are random, so each touching one line matters), with an empty flag standing
/// for the point at infinity.
@usableFromInline
struct AffinePointSlots<C: ShortWeierstrassCurve> {
    /// One coordinate of every slot: element i is at base[2i].
    @frozen @usableFromInline
    struct Coordinate {
        @usableFromInline let base: UnsafeMutablePointer<C.Base>

        @inlinable
        init(base: UnsafeMutablePointer<C.Base>) { self.base = base }

        @inlinable
        subscript(i: Int) -> C.Base {
            @inline(__always) get { base[2 &* i] }
            @inline(__always) nonmutating set { base[2 &* i] = newValue }
        }
    }

    @usableFromInline let storage: UnsafeMutablePointer<C.Base>
    @usableFromInline let count: Int
    @usableFromInline let x: Coordinate
    @usableFromInline let y: Coordinate
    @usableFromInline let occupied: UnsafeMutableBufferPointer<Bool>

    @inlinable
    init(count: Int) {
        self.count = count
        let stride = MemoryLayout<C.Base>.stride
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: 2 * count * stride, alignment: max(64, MemoryLayout<C.Base>.alignment))
        storage = raw.bindMemory(to: C.Base.self, capacity: 2 * count)
        storage.initialize(repeating: .zero, count: 2 * count)
        x = Coordinate(base: storage)
        y = Coordinate(base: storage + 1)
        occupied = .allocate(capacity: count)
        occupied.initialize(repeating: false)
    }

    @inlinable
    func deallocate() {
        storage.deinitialize(count: 2 * count)
        UnsafeMutableRawPointer(storage).deallocate()
        occupied.deallocate()
    }

    @inlinable @inline(__always)
    func point(_ i: Int) -> AffinePoint<C> {
        occupied[i] ? AffinePoint(x: x[i], y: y[i]) : .infinity
    }
}

/// Affine additions slot[t] += (x, y) queued so that a whole batch shares one field inversion (Montgomery's trick):
/// each costs 5M + 1S plus its share of the inversion, against 7M + 4S for a mixed Jacobian addition.
///
/// A batch must not queue two additions into the same slot: every queued addition reads the slot's value from before
/// the batch. Callers guarantee that. Additions into an empty slot and cancellations (P + (−P)) are settled at once;
/// doublings are queued with the tangent slope 3x²/(2y), so every case stays affine.
@usableFromInline
struct AffineAdditionBatch<C: ShortWeierstrassCurve> {
    @usableFromInline let capacity: Int
    @usableFromInline let target: UnsafeMutableBufferPointer<Int32>
    @usableFromInline let addendX: UnsafeMutableBufferPointer<C.Base>
    @usableFromInline let numerators: UnsafeMutableBufferPointer<C.Base>
    @usableFromInline let denominators: UnsafeMutableBufferPointer<C.Base>
    /// prefixProducts[j] = product of denominators[0..<j].
    @usableFromInline let prefixProducts: UnsafeMutableBufferPointer<C.Base>
    @usableFromInline var count = 0
    @usableFromInline var product = C.Base.one

    @inlinable
    init(capacity: Int) {
        self.capacity = capacity
        target = .allocate(capacity: capacity)
        addendX = .allocate(capacity: capacity)
        numerators = .allocate(capacity: capacity)
        denominators = .allocate(capacity: capacity)
        prefixProducts = .allocate(capacity: capacity)
        target.initialize(repeating: 0)
        addendX.initialize(repeating: .zero)
        numerators.initialize(repeating: .zero)
        denominators.initialize(repeating: .zero)
        prefixProducts.initialize(repeating: .zero)
    }

    @inlinable
    func deallocate() {
        target.deallocate()
        addendX.deallocate()
        numerators.deallocate()
        denominators.deallocate()
        prefixProducts.deallocate()
    }

    @inlinable
    var isFull: Bool { count == capacity }

    /// Queues slots[t] += (x, y), or settles it at once when no division is needed; returns whether it was queued.
    @inlinable @inline(__always)
    mutating func add(x: C.Base, y: C.Base, to t: Int, in slots: AffinePointSlots<C>) -> Bool {
        if !slots.occupied[t] {
            slots.x[t] = x
            slots.y[t] = y
            slots.occupied[t] = true
            return false
        }
        let x1 = slots.x[t]
        let y1 = slots.y[t]
        var numerator: C.Base
        var denominator = x - x1
        if denominator.isZero {
            // Equal x: the opposite point (or a point of order two) sums to infinity; the same point doubles.
            if y != y1 || y1.isZero {
                slots.occupied[t] = false
                return false
            }
            let xx = x1.squared()
            numerator = xx.doubled() + xx
            denominator = y1.doubled()
        } else {
            numerator = y - y1
        }
        let j = count
        target[j] = Int32(truncatingIfNeeded: t)
        addendX[j] = x
        numerators[j] = numerator
        denominators[j] = denominator
        prefixProducts[j] = product
        product = product * denominator
        count = j + 1
        return true
    }

    /// Completes every queued addition with one inversion of the product of the denominators.
    @inlinable
    mutating func complete(in slots: AffinePointSlots<C>) {
        if count == 0 { return }
        // Every denominator is non-zero (the zero cases are settled when queued), so the product is invertible.
        guard var inverse = product.inverse() else { preconditionFailure("zero denominator in an affine batch") }
        for j in stride(from: count - 1, through: 0, by: -1) {
            let denominatorInverse = inverse * prefixProducts[j]
            inverse = inverse * denominators[j]
            let t = Int(target[j])
            let x1 = slots.x[t]
            let y1 = slots.y[t]
            let slope = numerators[j] * denominatorInverse
            let x3 = slope.squared() - x1 - addendX[j]
            slots.y[t] = slope * (x1 - x3) - y1
            slots.x[t] = x3
        }
        count = 0
        product = .one
    }
}
