/// A named polynomial identity that must vanish on every row.
public struct Gate<F: PrimeField>: Sendable {
    public let name: String
    public let constraints: [(name: String, expression: Expression<F>)]
}

/// A lookup: on every usable row, the tuple of `inputs` must equal the tuple of the `table` columns on some usable
/// row.
public struct Lookup<F: PrimeField>: Sendable {
    public let name: String
    public let inputs: [Expression<F>]
    public let table: [Column]
}

/// Why a circuit's configuration is invalid.
public enum ConstraintSystemError: Error, Equatable, Sendable, CustomStringConvertible {
    case lookupArity(lookup: String, inputs: Int, tableColumns: Int)
    case notATableColumn(lookup: String, column: Column)
    case unknownColumn(Column)
    case challengeTooEarly(gate: String, phase: Int)
    case invalidPhase(Int)

    public var description: String {
        switch self {
        case let .lookupArity(name, inputs, columns):
            "lookup '\(name)' has \(inputs) inputs for \(columns) table columns"
        case let .notATableColumn(name, column): "lookup '\(name)' uses \(column), which is not a table column"
        case let .unknownColumn(column): "\(column) was never declared"
        case let .challengeTooEarly(gate, phase):
            "gate '\(gate)' uses a challenge of phase \(phase) in a query of the same or an earlier phase"
        case let .invalidPhase(phase): "advice phase \(phase) is not supported (phases are 0 and 1)"
        }
    }
}

/// What a circuit declares in `configure`: its columns, gates, lookups, challenges and which columns take part in
/// copy constraints. Everything the verifying key must bind is here.
public struct ConstraintSystem<F: FFTField>: Sendable {
    /// The phase of each advice column, by index.
    public internal(set) var advicePhases: [Int] = []
    public internal(set) var fixedCount = 0
    public internal(set) var instanceCount = 0
    /// Fixed columns used as selectors, in declaration order.
    public internal(set) var selectorColumns: [Column] = []
    /// Fixed columns that hold lookup tables (their unassigned usable rows repeat row 0, as in halo2).
    public internal(set) var tableColumns: [Column] = []
    /// The phase after which each challenge is drawn, by index.
    public internal(set) var challengePhases: [Int] = []
    public internal(set) var gates: [Gate<F>] = []
    public internal(set) var lookups: [Lookup<F>] = []
    /// Columns in the permutation argument, in the order they were enabled.
    public internal(set) var equalityColumns: [Column] = []
    /// A floor on the constraint degree: raising it buys larger permutation chunks and lookup batches (fewer
    /// committed columns) for a larger extended domain.
    public var minimumDegree = 3

    public init() {}

    public var adviceCount: Int { advicePhases.count }
    public var phaseCount: Int { (advicePhases.max() ?? 0) + 1 }

    public mutating func adviceColumn(phase: Int = 0) -> Column {
        precondition(phase == 0 || phase == 1, "advice phases are 0 and 1")
        advicePhases.append(phase)
        return Column(.advice, advicePhases.count - 1)
    }

    public mutating func fixedColumn() -> Column {
        fixedCount += 1
        return Column(.fixed, fixedCount - 1)
    }

    public mutating func instanceColumn() -> Column {
        instanceCount += 1
        return Column(.instance, instanceCount - 1)
    }

    public mutating func selector() -> Selector {
        let column = fixedColumn()
        selectorColumns.append(column)
        return Selector(column: column)
    }

    /// A fixed column for lookup tables. Row 0 must be assigned: its value fills the table's unassigned usable rows,
    /// so that an unassigned row never smuggles 0 into the table.
    public mutating func tableColumn() -> Column {
        let column = fixedColumn()
        tableColumns.append(column)
        return column
    }

    public mutating func challenge(usableAfter phase: Int) -> Challenge {
        challengePhases.append(phase)
        return Challenge(index: challengePhases.count - 1, phase: phase)
    }

    public mutating func enableEquality(_ column: Column) {
        if !equalityColumns.contains(column) { equalityColumns.append(column) }
    }

    public mutating func createGate(_ name: String, _ constraints: [(String, Expression<F>)]) {
        gates.append(Gate(name: name, constraints: constraints.map { (name: $0.0, expression: $0.1) }))
    }

    public mutating func createGate(_ name: String, _ constraints: [Expression<F>]) {
        createGate(name, constraints.enumerated().map { ("\(name)[\($0.offset)]", $0.element) })
    }

    public mutating func lookup(_ name: String, inputs: [Expression<F>], table: [Column]) {
        lookups.append(Lookup(name: name, inputs: inputs, table: table))
    }

    /// Merges lookups of mutually exclusive groups: within the lookups whose indices lie in `groups`, the i-th lookup
    /// of each group into a table joins the i-th of every other group into that table, as one lookup whose inputs are
    /// their inputs summed. The merged lookups take the place of the first grouped one; the others keep theirs.
    ///
    /// Sound only when every input of a group is gated by a selector of that group and no row has selectors of two
    /// groups on: on each row the sum is then the one active group's input, or zero on rows no group uses (which the
    /// gated lookups already needed in the table). Each argument costs committed columns, so merging the lookups
    /// of gadgets that never share a row divides that cost by the number of gadgets.
    public mutating func mergeExclusiveLookups(_ groups: [Range<Int>]) {
        let grouped = groups.flatMap { $0 }
        guard let first = grouped.min() else { return }
        var tables: [[Column]] = []
        var merged: [[Lookup<F>]] = []
        for group in groups {
            var used: [Int: Int] = [:]
            for lookup in lookups[group] {
                let t = tables.firstIndex(of: lookup.table) ?? {
                    tables.append(lookup.table)
                    merged.append([])
                    return tables.count - 1
                }()
                let slot = used[t, default: 0]
                used[t] = slot + 1
                if slot < merged[t].count {
                    let other = merged[t][slot]
                    merged[t][slot] = Lookup(name: other.name + " | " + lookup.name,
                                             inputs: zip(other.inputs, lookup.inputs).map { $0 + $1 }, table: other.table)
                } else {
                    merged[t].append(lookup)
                }
            }
        }
        let isGrouped = Set(grouped)
        var result: [Lookup<F>] = []
        for (index, lookup) in lookups.enumerated() {
            if index == first { result += merged.flatMap { $0 } }
            if !isGrouped.contains(index) { result.append(lookup) }
        }
        lookups = result
    }

    /// Checks that everything referenced was declared and used consistently.
    public func validate() throws(ConstraintSystemError) {
        func check(_ column: Column) throws(ConstraintSystemError) {
            let count = switch column.kind {
            case .advice: adviceCount
            case .fixed: fixedCount
            case .instance: instanceCount
            }
            guard column.index >= 0 && column.index < count else { throw .unknownColumn(column) }
        }
        func check(_ expression: Expression<F>, _ name: String) throws(ConstraintSystemError) {
            for query in expression.queries {
                switch query.polynomial {
                case let .advice(i): try check(Column(.advice, i))
                case let .fixed(i): try check(Column(.fixed, i))
                case let .instance(i): try check(Column(.instance, i))
                default: break
                }
            }
            for case let .user(index) in expression.challenges {
                guard index < challengePhases.count else { throw .challengeTooEarly(gate: name, phase: -1) }
            }
        }
        for phase in advicePhases where phase != 0 && phase != 1 { throw .invalidPhase(phase) }
        for gate in gates {
            for constraint in gate.constraints { try check(constraint.expression, gate.name) }
        }
        for lookup in lookups {
            guard lookup.inputs.count == lookup.table.count, !lookup.inputs.isEmpty else {
                throw .lookupArity(lookup: lookup.name, inputs: lookup.inputs.count, tableColumns: lookup.table.count)
            }
            for input in lookup.inputs { try check(input, lookup.name) }
            for column in lookup.table where !tableColumns.contains(column) {
                throw .notATableColumn(lookup: lookup.name, column: column)
            }
        }
        for column in equalityColumns { try check(column) }
    }
}
