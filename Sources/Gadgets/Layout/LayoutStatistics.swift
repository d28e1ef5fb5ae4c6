import Plonkish

/// What a layout uses, as the layouter records it in every mode: the optimizer sizes k from it, and tests check that
/// counting and assigning agree.
public struct LayoutStatistics: Equatable, Sendable {
    /// Advice rows used, from row 0.
    public var rows = 0
    /// Rows taken by each gadget (free witness cells count under `Layouter.witnessRowName`).
    public var rowsByGadget: [String: Int] = [:]
    /// Lookups performed into each table by the operations laid out (padding slots excluded).
    public var lookupsByTable: [String: Int] = [:]
    /// Rows each loaded lookup table fills.
    public var tableSizes: [String: Int] = [:]
    /// Distinct constants, one fixed-column row each.
    public var constants = 0
    public var copies = 0
    /// Copied cells per column, one per end of each copy, except that the constants column counts each constant
    /// once: where the permutation products change value. An upper bound on the cells σ moves (a cell copied to
    /// several places counts once per copy).
    public var copiedCellsByColumn: [Column: Int] = [:]
    public var witnessCells = 0
    /// Advice cells placed (gadget cells, copies, free witness cells, later-phase cells): a witness column's
    /// commitment skips the empty rest.
    public var assignedAdviceCells = 0

    public init() {}

    /// The usable rows the circuit needs: its advice rows, its constants and its largest table must all fit.
    public var requiredRows: Int { max(rows, constants, tableSizes.values.max() ?? 0) }
}
