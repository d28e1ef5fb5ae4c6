import Gadgets
import Plonkish

/// A model's layout as COUNT mode records it, assembled from its operations' counts: the same rows, rows by gadget,
/// lookups, tables and copies as `ModelCircuit.count()`, and the rows k must hold.
public struct LayoutCount: Equatable, Sendable {
    /// Advice rows (gadget rows and free witness rows).
    public var rows: Int
    public var rowsByGadget: [String: Int]
    public var lookupsByTable: [String: Int]
    public var tableSizes: [String: Int]
    public var copies: Int
    /// Copied cells per column (the public values' instance cells included).
    public var copiedCellsByColumn: [Column: Int]
    public var witnessCells: Int
    /// Advice cells placed, the graph inputs' included.
    public var assignedAdviceCells: Int
    /// Rows of the graph inputs: their free witness cells and their range check (laid out before any operation).
    public var inputRows: Double
    /// Advice rows of each operation by gadget, in graph order (free witness cells as their share of rows).
    public var operationRows: [[String: Double]]
    /// The usable rows the layout needs: advice rows, constants, the largest table and the public values.
    public var requiredRows: Int

    public var lookups: Int { lookupsByTable.values.reduce(0, +) }
    public var rowsByOperation: [Double] { operationRows.map { $0.values.reduce(0, +) } }
}

extension OperationCounter {
    /// The whole model's count for `shape`. The distinct constants are the one figure that does not add up over
    /// operations; where they could decide the rows k must hold, the model is counted whole instead.
    func layoutCount(_ shape: ModelCircuitShape) throws -> LayoutCount {
        let operations = try counts(shape)
        let inputCheck = try Self.inputCheckCount(of: graph, shape: shape)
        let inputCells = graph.inputs.reduce(0) { $0 + graph.tensors[$1].elementCount }
        let publicValues = graph.outputs.reduce(0) { $0 + graph.tensors[$1].elementCount }
        var rowsByGadget: [String: Int] = [:]
        var lookups: [String: Int] = [:]
        var tables: [String: Int] = [:]
        var copies = publicValues
        var copiedCells: [Column: Int] = publicValues > 0 ? [Column(.instance, 0): publicValues] : [:]
        var witnessCells = inputCells
        var assignedAdviceCells = inputCells
        var constantsBound = 0
        for count in [inputCheck] + operations {
            rowsByGadget.merge(count.gadgetRows, uniquingKeysWith: +)
            lookups.merge(count.lookupsByTable, uniquingKeysWith: +)
            tables.merge(count.tableSizes) { max($0, $1) }
            copies += count.copies
            copiedCells.merge(count.copiedCellsByColumn, uniquingKeysWith: +)
            witnessCells += count.witnessCells
            assignedAdviceCells += count.assignedAdviceCells
            constantsBound += count.constants
        }
        let width = shape.columns
        let witnessRows = (witnessCells + width - 1) / width
        if witnessRows > 0 { rowsByGadget[Layouter<BN254Fr>.witnessRowName] = witnessRows }
        let rows = rowsByGadget.values.reduce(0, +)
        let floor = max(rows, tables.values.max() ?? 0, publicValues)
        var required = floor
        if constantsBound > floor {
            let whole = try ModelCircuit<BN254Fr>(graph: Self.withPlaceholders(graph), shape: shape).count()
            required = max(floor, whole.constants)
        }
        let operationRows = operations.map { count in
            var rows = count.gadgetRows.mapValues(Double.init)
            if count.witnessCells > 0 {
                rows[Layouter<BN254Fr>.witnessRowName] = Double(count.witnessCells) / Double(width)
            }
            return rows
        }
        return LayoutCount(rows: rows, rowsByGadget: rowsByGadget, lookupsByTable: lookups, tableSizes: tables,
                           copies: copies, copiedCellsByColumn: copiedCells, witnessCells: witnessCells,
                           assignedAdviceCells: assignedAdviceCells,
                           inputRows: Double(inputCells) / Double(width)
                               + Double(inputCheck.gadgetRows.values.reduce(0, +)),
                           operationRows: operationRows,
                           requiredRows: required)
    }

    /// `graph` with zeros for the constants a shape-only file leaves out.
    static func withPlaceholders(_ graph: Graph) -> Graph {
        var filled = graph
        let exponents = Set(graph.operations.compactMap { $0.op == .pow && $0.inputs.count > 1 ? $0.inputs[1] : nil })
        for index in filled.tensors.indices where filled.tensors[index].isConstant && filled.tensors[index].data == nil {
            let tensor = filled.tensors[index]
            filled.tensors[index].data = exponents.contains(index) ? powExponent(tensor, graph: graph)
                : placeholder(tensor, graph: graph)
        }
        return filled
    }
}
