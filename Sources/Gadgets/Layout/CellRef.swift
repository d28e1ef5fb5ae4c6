import Plonkish

/// A placed cell: where it is, and (when the layouter computes values) the fixed-point integer it holds. In count
/// mode and keygen the value of an advice cell is 0; constants always carry their value.
///
/// Layers hold every weight as a cell (GPT-2's output layer alone has 38.6 million), so a cell is packed into 16
/// bytes: the column's kind and index in one 32-bit word, the row in another (k is at most 26).
public struct CellRef: Hashable, Sendable, CustomStringConvertible {
    private let packedColumn: UInt32
    private let packedRow: UInt32
    public let value: Int64

    public init(column: Column, row: Int, value: Int64) {
        precondition(column.index < 1 << 30 && row >= 0 && row <= Int(UInt32.max), "cell \(column)@\(row) out of range")
        packedColumn = UInt32(column.kind.rawValue) << 30 | UInt32(column.index)
        packedRow = UInt32(row)
        self.value = value
    }

    public var column: Column {
        // Only `init` packs the word, and from a real kind: any other value is memory corruption, not a column.
        guard let kind = Column.Kind(rawValue: UInt8(columnKindRawValue)) else {
            preconditionFailure("cell packs column kind \(columnKindRawValue), which no column has")
        }
        return Column(kind, columnIndex)
    }

    /// The column's kind and index without building the `Column`, for tallies on COUNT mode's hot path.
    @inline(__always) var columnKindRawValue: Int { Int(packedColumn >> 30) }
    @inline(__always) var columnIndex: Int { Int(packedColumn & (1 << 30 - 1)) }

    public var row: Int { Int(packedRow) }

    public var cell: Cell { Cell(column, row) }

    public var description: String { "\(column)@\(row) = \(value)" }
}
