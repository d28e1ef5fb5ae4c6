/// A cell a failing constraint read: its column and rotation relative to the failing row, the row it resolved to,
/// and its value, or nil when it is an advice cell of the unusable rows (random in a real proof, so unknown here).
public struct QueriedCell<F: PrimeField>: Hashable, Sendable, CustomStringConvertible {
    public let column: Column
    public let rotation: Int
    public let row: Int
    public let value: F?

    public init(column: Column, rotation: Int, row: Int, value: F?) {
        self.column = column
        self.rotation = rotation
        self.row = row
        self.value = value
    }

    public var description: String {
        let name = "\(column)@\(rotation)"
        guard let value else { return "\(name) = unknown (unusable row \(row))" }
        return "\(name) = \(value.decimalStringIfSmall)"
    }
}

/// One way a circuit's assignment fails its constraint system, as the MockProver reports it.
public enum VerifyFailure<F: PrimeField>: Hashable, Sendable, CustomStringConvertible {
    /// A gate constraint is non-zero on `row`; `cells` are the values it read.
    case constraintNotSatisfied(gate: String, constraint: String, row: Int, cells: [QueriedCell<F>])
    /// A gate constraint is non-zero on `row` because of advice cells in the unusable rows: the gate is active where
    /// no witness can be, usually because it lacks a selector or queries past the last usable row.
    case constraintPoisoned(gate: String, constraint: String, row: Int, cells: [QueriedCell<F>])
    /// A lookup's input tuple on `row` is not among the table's tuples.
    case lookupInputNotInTable(lookup: String, row: Int, input: [F])
    /// Two cells joined by a copy constraint hold different values (an instance cell among them: the public input
    /// does not match the witness).
    case copyMismatch(a: Cell, aValue: F, b: Cell, bValue: F)
    /// A gate enabled on `row` (all its selectors non-zero) reads an advice cell the circuit never assigned.
    case cellNotAssigned(gate: String, row: Int, cell: Cell)

    /// The gate that failed, for the gate failures.
    public var gate: String? {
        switch self {
        case let .constraintNotSatisfied(gate, _, _, _), let .constraintPoisoned(gate, _, _, _),
             let .cellNotAssigned(gate, _, _): gate
        case .lookupInputNotInTable, .copyMismatch: nil
        }
    }

    /// The constraint that failed, for the constraint failures.
    public var constraint: String? {
        switch self {
        case let .constraintNotSatisfied(_, constraint, _, _), let .constraintPoisoned(_, constraint, _, _): constraint
        case .lookupInputNotInTable, .copyMismatch, .cellNotAssigned: nil
        }
    }

    public var lookup: String? {
        if case let .lookupInputNotInTable(lookup, _, _) = self { return lookup }
        return nil
    }

    /// The row a gate or lookup failed on; nil for a copy mismatch, which concerns two cells.
    public var row: Int? {
        switch self {
        case let .constraintNotSatisfied(_, _, row, _), let .constraintPoisoned(_, _, row, _),
             let .lookupInputNotInTable(_, row, _), let .cellNotAssigned(_, row, _): row
        case .copyMismatch: nil
        }
    }

    /// The cells a copy mismatch or an unassigned-cell failure concerns.
    public var cells: [Cell] {
        switch self {
        case let .copyMismatch(a, _, b, _): [a, b]
        case let .cellNotAssigned(_, _, cell): [cell]
        case .constraintNotSatisfied, .constraintPoisoned, .lookupInputNotInTable: []
        }
    }

    /// A copy mismatch involving a public input.
    public var isInstanceMismatch: Bool {
        if case let .copyMismatch(a, _, b, _) = self { return a.column.kind == .instance || b.column.kind == .instance }
        return false
    }

    public var description: String {
        switch self {
        case let .constraintNotSatisfied(gate, constraint, row, cells):
            return "Constraint '\(constraint)' in gate '\(gate)' is not satisfied on row \(row)"
                + Self.listing(cells)
        case let .constraintPoisoned(gate, constraint, row, cells):
            return "Constraint '\(constraint)' in gate '\(gate)' on row \(row) depends on unknown advice cells of "
                + "the unusable rows (is a selector missing?)" + Self.listing(cells)
        case let .lookupInputNotInTable(lookup, row, input):
            let tuple = input.map(\.decimalStringIfSmall).joined(separator: ", ")
            return "Lookup '\(lookup)' input (\(tuple)) on row \(row) is not in the table"
        case let .copyMismatch(a, aValue, b, bValue):
            let kind = a.column.kind == .instance || b.column.kind == .instance
                ? "Instance value does not match" : "Copy constraint is not satisfied"
            return "\(kind): \(a) = \(aValue.decimalStringIfSmall), \(b) = \(bValue.decimalStringIfSmall)"
        case let .cellNotAssigned(gate, row, cell):
            return "Gate '\(gate)' is enabled on row \(row) but reads \(cell), which was never assigned"
        }
    }

    private static func listing(_ cells: [QueriedCell<F>]) -> String {
        cells.isEmpty ? "" : ": " + cells.map(\.description).joined(separator: ", ")
    }
}
