/// A column of the circuit's grid. Advice columns hold the prover's witness (committed per proof), fixed columns
/// are set at keygen and bound by the verifying key (selectors and lookup tables are fixed columns), instance
/// columns hold the public values.
public struct Column: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable, Comparable {
        case advice = 0, fixed = 1, instance = 2

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public let kind: Kind
    /// The column's index among the columns of its kind.
    public let index: Int

    public init(_ kind: Kind, _ index: Int) {
        self.kind = kind
        self.index = index
    }

    public static func < (a: Column, b: Column) -> Bool { (a.kind, a.index) < (b.kind, b.index) }

    public var description: String {
        switch kind {
        case .advice: "advice[\(index)]"
        case .fixed: "fixed[\(index)]"
        case .instance: "instance[\(index)]"
        }
    }

    /// The query of this column at a row offset from the current one.
    public func query<F: PrimeField>(_ rotation: Int = 0) -> Expression<F> {
        .query(PolynomialQuery(Self.polynomial(self), rotation))
    }

    static func polynomial(_ column: Column) -> PolynomialID {
        switch column.kind {
        case .advice: .advice(column.index)
        case .fixed: .fixed(column.index)
        case .instance: .instance(column.index)
        }
    }
}

/// One cell of the grid.
public struct Cell: Hashable, Sendable, CustomStringConvertible {
    public let column: Column
    public let row: Int

    public init(_ column: Column, _ row: Int) {
        self.column = column
        self.row = row
    }

    public var description: String { "\(column)@\(row)" }
}

/// A fixed 0/1 column that switches a gate on for the rows where it is 1.
public struct Selector: Hashable, Sendable {
    public let column: Column

    public func query<F: PrimeField>() -> Expression<F> { column.query(0) }
}

/// A verifier challenge a circuit may use once every advice column of phases ≤ `phase` is committed.
public struct Challenge: Hashable, Sendable {
    public let index: Int
    /// The last advice phase committed before the challenge is drawn.
    public let phase: Int

    public func expression<F: PrimeField>() -> Expression<F> { .challenge(.user(index)) }
}
