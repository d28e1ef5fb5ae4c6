/// The row of each distinct constant, in the order constants were first used. Layers look up every weight (GPT-2's
/// output layer alone has 38.6 million), so this is an open-addressing table with a multiplicative hash rather than
/// a `Dictionary`, whose per-call seeded hashing dominated counting large models.
struct ConstantRows {
    private var keys: [Int64]
    /// Row + 1 of the key in the same slot; 0 marks an empty slot.
    private var slots: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init() {
        let capacityBits = 6
        keys = [Int64](repeating: 0, count: 1 << capacityBits)
        slots = [Int32](repeating: 0, count: 1 << capacityBits)
        shift = UInt64(64 - capacityBits)
    }

    /// The row of `value`, adding it (as the next row) when new; `isNew` tells which.
    mutating func row(of value: Int64) -> (row: Int, isNew: Bool) {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: value) &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while slots[slot] != 0 {
            if keys[slot] == value { return (Int(slots[slot]) - 1, false) }
            slot = (slot + 1) & mask
        }
        let row = count
        keys[slot] = value
        slots[slot] = Int32(row + 1)
        count += 1
        if count * 2 > keys.count { grow() }
        return (row, true)
    }

    private mutating func grow() {
        let oldKeys = keys, oldSlots = slots
        let capacity = keys.count * 2
        keys = [Int64](repeating: 0, count: capacity)
        slots = [Int32](repeating: 0, count: capacity)
        shift -= 1
        let mask = capacity - 1
        for (key, stored) in zip(oldKeys, oldSlots) where stored != 0 {
            var slot = Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            slots[slot] = stored
        }
    }
}
