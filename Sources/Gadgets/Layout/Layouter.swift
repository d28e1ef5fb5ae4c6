import Plonkish

/// Places cells on the grid for gadgets and layers. One code path serves every purpose:
///
/// - **count** (`init(counting:)`): advances the row cursor and records rows per gadget, lookups per table, table
///   sizes and constants; computes no values and touches no field element. The optimizer's row count is this.
/// - **assign** (`init(assigningInto:grid:)`): the same walk, also writing into a Plonkish `Assignment`: selectors,
///   constants, tables and copy constraints always, advice values when the assignment records advice (not during
///   keygen, where the witness is unknown).
/// - **evaluate** (`init(evaluating:)`): the same walk computing every value but writing nothing: a layer's output
///   integers without a circuit.
///
/// Values are Int64 fixed-point integers; they become field elements (negative x as p − |x|) only when assigned.
/// Gadgets pass values as autoclosures, evaluated only when values are computed.
public final class Layouter<F: FFTField> {
    /// The row name under which free witness cells are counted.
    public static var witnessRowName: String { "Witness" }

    public let grid: Grid
    let assignment: Assignment<F>?
    /// Whether advice values are computed (and checked against tables).
    public let computesValues: Bool
    /// The layer being laid out, named in errors; set by the caller.
    public var layer = ""
    /// What the layout used so far.
    public var statistics: LayoutStatistics {
        var statistics = recorded
        statistics.rowsByGadget = rowsByGadget.totals
        statistics.lookupsByTable = lookupsByTable.totals
        for kind in [Column.Kind.advice, .fixed, .instance] {
            for (index, count) in copiedCellCounts[Int(kind.rawValue)].enumerated() where count > 0 {
                let column = Column(kind, index)
                // A constant is one cell however often it is copied (σ showed 138 copied constant cells where the
                // copy ends numbered 5,463 in digits-cnn).
                statistics.copiedCellsByColumn[column] =
                    column == grid.constants ? min(count, constantRows.count) : count
            }
        }
        return statistics
    }
    private var recorded = LayoutStatistics()
    private var rowsByGadget = RunTally()
    private var lookupsByTable = RunTally()
    /// Copied cells per column index, one raw buffer per column kind (indexed by `Column.Kind.rawValue`), in raw
    /// memory: every copy of a large model passes here twice, and a tally through dictionaries, arrays (bounds
    /// checks, uniqueness checks) or the `Column` value (a call per cell) took a fifth of COUNT mode's time.
    private let copiedCellCounts: UnsafeMutablePointer<UnsafeMutableBufferPointer<Int>> = {
        let table = UnsafeMutablePointer<UnsafeMutableBufferPointer<Int>>.allocate(capacity: 3)
        table.initialize(repeating: UnsafeMutableBufferPointer(start: nil, count: 0), count: 3)
        return table
    }()

    /// Soundness tooling: advice values changed while the witness is generated (see `WitnessTamper`). Values
    /// outside a table are then left for the verifier to reject instead of stopping the layout.
    public var tamper: WitnessTamper?
    /// Every advice cell assigned so far, in assignment order, when recording was asked for (`recordsCells`).
    public private(set) var assignedCells: [AssignedCell] = []
    /// Whether `assignedCells` is kept: set before the walk starts.
    public var recordsCells = false
    /// The gadget whose row `beginRow` opened last, for `assignedCells`.
    private var currentGadget = ""
    /// Whether the cells being placed pad unused slots, for `assignedCells`.
    var placingPadding = false

    private var nextRow = 0
    /// The row free witness cells are filling, and its next free column (`grid.width` when none is open).
    private var witnessRow = 0
    private var witnessColumn: Int
    private var constantRows = ConstantRows()

    public init(counting grid: Grid) {
        self.grid = grid
        self.assignment = nil
        self.computesValues = false
        self.witnessColumn = grid.width
    }

    public init(evaluating grid: Grid) {
        self.grid = grid
        self.assignment = nil
        self.computesValues = true
        self.witnessColumn = grid.width
    }

    public init(assigningInto assignment: Assignment<F>, grid: Grid) {
        self.grid = grid
        self.assignment = assignment
        self.computesValues = assignment.recordsAdvice
        self.witnessColumn = grid.width
    }

    /// Whether fixed columns (constants, tables, selectors) are written.
    public var writesFixed: Bool { assignment != nil }

    /// Takes the next free row for `gadget`, with its selector on.
    public func beginRow(_ gadget: String, selector: Selector?) throws -> Int {
        let row = nextRow
        nextRow += 1
        recorded.rows = nextRow
        rowsByGadget.add(gadget)
        if recordsCells { currentGadget = gadget }
        if let assignment, let selector { try assignment.enable(selector, row: row) }
        return row
    }

    /// Writes a value into advice column `column` of `row`.
    public func assign(_ column: Int, row: Int, _ value: @autoclosure () throws -> Int64) throws -> CellRef {
        let ordinal = nextOrdinal(grid.advice[column], row: row)
        guard computesValues else { return CellRef(column: grid.advice[column], row: row, value: 0) }
        var v = try value()
        if let tamper { v = tamper.apply(v, ordinal: ordinal) }
        let cell = CellRef(column: grid.advice[column], row: row, value: v)
        try assignment?.assignAdvice(cell.column, row: row, F(v))
        return cell
    }

    /// The value of `challenge` once it is drawn: nil when counting, evaluating, in keygen and in earlier phases.
    public func challenge(_ challenge: Challenge) -> F? { assignment?.challenge(challenge) }

    /// Writes a field value (one derived from challenges) into advice column `column` of `row`, which may be outside
    /// the grid, e.g. a later-phase column; a nil value (not yet known) writes nothing. The returned cell's integer
    /// value is 0: such cells hold no fixed-point number.
    public func assignField(_ column: Column, row: Int, _ value: F?) throws -> CellRef {
        let ordinal = column.kind == .advice ? nextOrdinal(column, row: row) : -1
        if let assignment, let value {
            try assignment.assignAdvice(column, row: row, tamper.map { $0.apply(value, ordinal: ordinal) } ?? value)
        }
        return CellRef(column: column, row: row, value: 0)
    }

    /// Places a copy of `cell` in advice column `column` of `row`, bound to it by a copy constraint.
    public func copy(_ cell: CellRef, to column: Int, row: Int) throws -> CellRef {
        let placed = try assign(column, row: row, cell.value)
        try constrainEqual(cell, placed)
        return placed
    }

    public func constrainEqual(_ a: CellRef, _ b: CellRef) throws {
        recorded.copies += 1
        recordCopiedCell(a)
        recordCopiedCell(b)
        if let assignment { try assignment.copy(a.cell, b.cell) }
    }

    /// Counts an advice assignment and returns its ordinal (the count before it); when recording, logs its cell.
    /// The column is built only then: COUNT mode passes here for every cell of a large model.
    @inline(__always)
    private func nextOrdinal(_ column: @autoclosure () -> Column, row: Int) -> Int {
        let ordinal = recorded.assignedAdviceCells
        recorded.assignedAdviceCells &+= 1
        if recordsCells {
            assignedCells.append(AssignedCell(cell: Cell(column(), row), layer: layer, gadget: currentGadget,
                                              isPadding: placingPadding))
        }
        return ordinal
    }

    @inline(__always)
    private func recordCopiedCell(_ cell: CellRef) {
        let kind = cell.columnKindRawValue, index = cell.columnIndex
        var counts = copiedCellCounts[kind]
        if index >= counts.count {
            let grown = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(2 * counts.count, index + 1))
            grown.initialize(repeating: 0)
            if counts.count > 0 { _ = grown.update(fromContentsOf: counts) }
            counts.deallocate()
            copiedCellCounts[kind] = grown
            counts = grown
        }
        counts[index] &+= 1
    }

    deinit {
        for kind in 0..<3 { copiedCellCounts[kind].deallocate() }
        copiedCellCounts.deallocate()
    }

    /// The cell of the constants column holding `value`, one row per distinct constant.
    public func constant(_ value: Int64) throws -> CellRef {
        let (row, isNew) = constantRows.row(of: value)
        if isNew {
            recorded.constants = constantRows.count
            if let assignment { try assignment.assignFixed(grid.constants, row: row, F(value)) }
        }
        return CellRef(column: grid.constants, row: row, value: value)
    }

    /// Free witness cells (model inputs, weights held as advice), packed row-major across the grid; a later call
    /// continues the last partly filled row.
    public func witness(count: Int, _ value: (Int) throws -> Int64) throws -> [CellRef] {
        var cells: [CellRef] = []
        cells.reserveCapacity(count)
        for i in 0..<count {
            if witnessColumn == grid.width {
                witnessRow = try beginRow(Self.witnessRowName, selector: nil)
                witnessColumn = 0
            }
            // A partly filled witness row continues after other gadgets' rows.
            if recordsCells { currentGadget = Self.witnessRowName }
            cells.append(try assign(witnessColumn, row: witnessRow, try value(i)))
            witnessColumn += 1
        }
        recorded.witnessCells += count
        return cells
    }

    public func witness(_ values: [Int64]) throws -> [CellRef] {
        try witness(count: values.count) { values[$0] }
    }

    /// Records one lookup into `table` and, when values are computed, checks that its input lies in `range`: an
    /// input outside would make the proof fail, so it is an error here, naming the layer and gadget.
    public func lookup(
        _ table: String, _ value: @autoclosure () throws -> Int64, within range: ClosedRange<Int64>, gadget: String
    ) throws {
        lookupsByTable.add(table)
        guard computesValues else { return }
        let v = try value()
        guard range.contains(v) || tamper != nil else {
            throw GadgetError.outsideTable(layer: layer, gadget: gadget, table: table, value: v, range: range)
        }
    }

    /// Records a table of `size` rows; `fill` writes it when fixed columns are written.
    public func loadTable(_ name: String, size: Int, _ fill: (Assignment<F>) throws -> Void) throws {
        recorded.tableSizes[name] = size
        if let assignment { try fill(assignment) }
    }

    /// The result of an Int64 operation, or an overflow error naming the gadget and the operation.
    public func exact(_ result: (partialValue: Int64, overflow: Bool), _ gadget: String, _ operation: String) throws
        -> Int64
    {
        guard !result.overflow else { throw GadgetError.overflow(layer: layer, gadget: gadget, operation: operation) }
        return result.partialValue
    }
}
