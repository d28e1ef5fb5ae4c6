/// A circuit: `configure` declares columns, gates and lookups; `synthesize` fills the grid through an
/// `Assignment`. Proving calls `synthesize` once per advice phase, with the challenges of earlier phases
/// available, so phase-1 columns may depend on them.
///
/// Unlike halo2, `configure` is an instance method: a circuit's shape may depend on its parameters (a model plan's
/// column count, a benchmark's width). It must not depend on the witness; the prover checks that the constraint
/// system it configures is the one in the proving key. The verifier never configures: the verifying key carries
/// the constraint system.
public protocol Circuit {
    associatedtype Field: FFTField
    associatedtype Config

    func configure(_ cs: inout ConstraintSystem<Field>) -> Config
    func synthesize(_ config: Config, _ assignment: Assignment<Field>) throws
}

/// Why an assignment was refused.
public enum SynthesisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A cell outside the usable rows (the rows from `usable` on are reserved for blinding).
    case rowOutOfRange(Cell, usable: Int)
    case unknownColumn(Column)
    /// A copy constraint on a column not enabled for equality.
    case equalityNotEnabled(Column)
    /// A lookup table column whose row 0 (the default for its unused rows) was never assigned.
    case tableDefaultMissing(Column)
    /// Instance values that do not fit the usable rows, or a wrong number of instance columns.
    case instanceShape(String)
    /// A circuit-specific failure.
    case circuit(String)

    public var description: String {
        switch self {
        case let .rowOutOfRange(cell, usable): "\(cell) is outside the usable rows 0..<\(usable)"
        case let .unknownColumn(column): "\(column) was never declared"
        case let .equalityNotEnabled(column): "copy constraint on \(column), which is not enabled for equality"
        case let .tableDefaultMissing(column): "lookup table \(column) has no value in row 0 (its default)"
        case let .instanceShape(reason): "instance values: \(reason)"
        case let .circuit(reason): reason
        }
    }
}

/// The grid a circuit writes into. One class serves keygen (fixed columns, selectors, copies), witness generation
/// (advice of the current phase) and the MockProver (everything), so a circuit's synthesis is the same code in all
/// three.
public final class Assignment<F: FFTField> {
    public enum Purpose: Sendable {
        /// Record fixed columns, selectors and copy constraints; advice values are ignored.
        case keygen
        /// Record advice values of `phase` only.
        case witness
        /// Record everything (MockProver).
        case everything
    }

    public let purpose: Purpose
    public let n: Int
    public let usableRows: Int
    /// The advice phase being synthesized; advice of other phases is ignored in witness generation.
    public internal(set) var phase: Int
    let advicePhases: [Int]
    let fixedCount: Int
    let equalityColumns: Set<Column>
    /// Challenge values known so far, by index.
    var challengeValues: [Int: F]

    public internal(set) var advice: [[F]]
    public internal(set) var fixed: [[F]]
    /// Which advice and fixed cells were assigned (MockProver reporting and table defaults).
    var adviceAssigned: [[Bool]]
    var fixedAssigned: [[Bool]]
    public internal(set) var copies: [(Cell, Cell)] = []

    init(purpose: Purpose, cs: ConstraintSystem<F>, n: Int, usableRows: Int, phase: Int, challenges: [Int: F]) {
        self.purpose = purpose
        self.n = n
        self.usableRows = usableRows
        self.phase = phase
        self.advicePhases = cs.advicePhases
        self.fixedCount = cs.fixedCount
        self.equalityColumns = Set(cs.equalityColumns)
        self.challengeValues = challenges
        let keepsAdvice = purpose != .keygen
        let keepsFixed = purpose != .witness
        advice = keepsAdvice ? Array(repeating: [F](repeating: .zero, count: n), count: cs.adviceCount) : []
        adviceAssigned = purpose == .everything ? Array(repeating: [Bool](repeating: false, count: n), count: cs.adviceCount) : []
        fixed = keepsFixed ? Array(repeating: [F](repeating: .zero, count: n), count: cs.fixedCount) : []
        fixedAssigned = keepsFixed ? Array(repeating: [Bool](repeating: false, count: n), count: cs.fixedCount) : []
    }

    /// Whether advice values matter in this pass; circuits may skip computing them when false.
    public var recordsAdvice: Bool { purpose != .keygen }

    /// The value of a challenge, or nil while it has not been drawn (during keygen and earlier phases).
    public func challenge(_ challenge: Challenge) -> F? { challengeValues[challenge.index] }

    @inline(__always)
    func checkRow(_ column: Column, _ row: Int) throws(SynthesisError) {
        guard row >= 0 && row < usableRows else { throw .rowOutOfRange(Cell(column, row), usable: usableRows) }
    }

    public func assignAdvice(_ column: Column, row: Int, _ value: F) throws(SynthesisError) {
        guard column.kind == .advice, column.index < advicePhases.count else { throw .unknownColumn(column) }
        try checkRow(column, row)
        guard purpose != .keygen, purpose == .everything || advicePhases[column.index] == phase else { return }
        advice[column.index][row] = value
        if purpose == .everything { adviceAssigned[column.index][row] = true }
    }

    /// Assigns consecutive rows of one advice column starting at `row`.
    public func assignAdvice(_ column: Column, startingAt row: Int, _ values: [F]) throws(SynthesisError) {
        guard column.kind == .advice, column.index < advicePhases.count else { throw .unknownColumn(column) }
        if values.isEmpty { return }
        try checkRow(column, row)
        try checkRow(column, row + values.count - 1)
        guard purpose != .keygen, purpose == .everything || advicePhases[column.index] == phase else { return }
        advice[column.index].replaceSubrange(row..<(row + values.count), with: values)
        if purpose == .everything {
            for r in row..<(row + values.count) { adviceAssigned[column.index][r] = true }
        }
    }

    public func assignFixed(_ column: Column, row: Int, _ value: F) throws(SynthesisError) {
        guard column.kind == .fixed, column.index < fixedCount else { throw .unknownColumn(column) }
        try checkRow(column, row)
        guard purpose != .witness else { return }
        fixed[column.index][row] = value
        fixedAssigned[column.index][row] = true
    }

    public func enable(_ selector: Selector, row: Int) throws(SynthesisError) {
        try assignFixed(selector.column, row: row, .one)
    }

    /// Constrains two cells to hold equal values; both columns must be enabled for equality.
    public func copy(_ a: Cell, _ b: Cell) throws(SynthesisError) {
        for cell in [a, b] {
            guard equalityColumns.contains(cell.column) else { throw .equalityNotEnabled(cell.column) }
            try checkRow(cell.column, cell.row)
        }
        if purpose != .witness { copies.append((a, b)) }
    }

    /// Fills unassigned usable rows of each table column with its row-0 value, so that unused rows repeat an
    /// existing table entry rather than add 0 to the table.
    func fillTableDefaults(_ tableColumns: [Column]) throws(SynthesisError) {
        for column in tableColumns {
            let i = column.index
            guard fixedAssigned[i][0] else { throw .tableDefaultMissing(column) }
            let fill = fixed[i][0]
            for row in 0..<usableRows where !fixedAssigned[i][row] { fixed[i][row] = fill }
        }
    }
}
