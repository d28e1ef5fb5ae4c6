import Plonkish

/// A placed cell: where it is, and (when the layouter computes values) the fixed-point integer it holds. In count
/// mode and keygen the value of an advice cell is 0; constants always carry their value.
public struct CellRef: Hashable, Sendable, CustomStringConvertible {
    public let column: Column
    public let row: Int
    public let value: Int64

    public init(column: Column, row: Int, value: Int64) {
        self.column = column
        self.row = row
        self.value = value
    }

    public var cell: Cell { Cell(column, row) }

    public var description: String { "\(column)@\(row) = \(value)" }
}
