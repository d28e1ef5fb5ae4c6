import Foundation
import Gadgets
import Plonkish

/// What one operation adds to a model's layout in COUNT mode. Everything but free witness cells is additive over
/// operations: gadget rows are taken one after another, lookups and copies are counted one by one. Free witness
/// cells are packed across operations into shared rows, so they are kept as cells and turned into rows once, for
/// the whole model.
struct OperationCount: Sendable {
    /// Rows by gadget, free witness rows excluded.
    var gadgetRows: [String: Int] = [:]
    var witnessCells = 0
    /// Advice cells placed, the isolated graph's input cells left out.
    var assignedAdviceCells = 0
    var lookupsByTable: [String: Int] = [:]
    var tableSizes: [String: Int] = [:]
    var copies = 0
    /// Copied cells per advice and fixed column (the isolated graph's instance copies left out).
    var copiedCellsByColumn: [Column: Int] = [:]
    /// Distinct constants the operation uses on its own (the model's are between the largest and the sum).
    var constants = 0
}

/// Counts model layouts exactly as `ModelCircuit.count()` does, but lays out each distinct operation only once per
/// layout shape: an operation is counted in a graph of its own (its activations as inputs, its constants as they
/// are) and its contribution reused for every operation with the same kind, options, shapes and constants. Layers
/// never read cell values in COUNT mode, so the rows do not depend on where the inputs came from.
///
/// Shape-only models (weights without values) are counted with zero weights: rows, lookups and copies do not depend
/// on the weights' values, only the number of distinct constants does.
final class OperationCounter {
    let graph: Graph
    /// Per operation, an index into the distinct operations.
    private let signatureOfOperation: [Int]
    /// Per distinct operation, one operation with it.
    private let representatives: [Int]
    /// Per distinct operation, its graph of its own without the weights' values: what its gadget kinds are read from.
    private let outlines: [Graph]
    private var cache: [CacheKey: OperationCount] = [:]

    /// An operation's layout depends on the choices only through the gadget kinds they give it, so logical layouts
    /// that differ in choices the operation does not use share its count.
    private struct CacheKey: Hashable {
        let signature: Int
        let columns: Int
        let kinds: Set<GadgetKind>
        let sizing: TableSizing
    }

    init(graph: Graph) {
        self.graph = graph
        var ids: [String: Int] = [:]
        var representatives: [Int] = []
        signatureOfOperation = graph.operations.indices.map { index in
            let signature = Self.signature(graph.operations[index], graph: graph)
            if let id = ids[signature] { return id }
            ids[signature] = representatives.count
            representatives.append(index)
            return representatives.count - 1
        }
        self.representatives = representatives
        outlines = representatives.map { Self.isolated(operation: $0, of: graph, fillingWeights: false).graph }
    }

    var distinctOperations: Int { representatives.count }

    /// Layouts counted so far in units of one whole layout: each call adds the share of its distinct operations
    /// that were not cached.
    private(set) var freshCounts = 0.0

    /// The counts of every operation of the graph for `shape`, in graph order (distinct operations counted once).
    func counts(_ shape: ModelCircuitShape) throws -> [OperationCount] {
        let keys = try representatives.indices.map { signature in
            let kinds = try Self.renumberingErrors(to: self.representatives[signature]) {
                try ModelLayout<BN254Fr>.gadgetKinds(operation: 0, graph: outlines[signature], shape: shape)
            }
            return CacheKey(signature: signature, columns: shape.columns, kinds: kinds, sizing: shape.sizing)
        }
        let missing = keys.indices.filter { cache[keys[$0]] == nil }
        if !keys.isEmpty { freshCounts += Double(missing.count) / Double(keys.count) }
        let representatives = self.representatives, graph = self.graph
        // Distinct operations are laid out independently, each on its own layouter: in parallel.
        var results = [Result<OperationCount, any Error>?](repeating: nil, count: missing.count)
        results.withUnsafeMutableBufferPointer { slots in
            let slots = UncheckedSendable(slots)
            DispatchQueue.concurrentPerform(iterations: missing.count) { position in
                let signature = missing[position]
                slots.value[position] = Result {
                    try Self.count(operation: representatives[signature], of: graph, shape: shape)
                }
            }
        }
        // The first failing operation in graph order is the one reported.
        for (position, signature) in missing.enumerated() {
            guard let result = results[position] else { continue }
            cache[keys[signature]] = try result.get()
        }
        return signatureOfOperation.map { cache[keys[$0]] ?? OperationCount() }
    }

    /// One operation laid out in a graph of its own, less what that graph adds around it (its inputs as free
    /// witness cells, its outputs copied to the instance column).
    static func count(operation index: Int, of graph: Graph, shape: ModelCircuitShape) throws -> OperationCount {
        let (single, inputCells, outputCells) = isolated(operation: index, of: graph)
        // The isolated graph's inputs are the model's activations: the model checks only its own inputs.
        var operationShape = shape
        operationShape.checksInputs = false
        let statistics = try renumberingErrors(to: index) {
            try ModelCircuit<BN254Fr>(graph: single, shape: operationShape).count()
        }
        return Self.count(statistics, inputCells: inputCells, outputCells: outputCells)
    }

    /// What the graph's inputs add besides their free witness cells: their range check.
    static func inputCheckCount(of graph: Graph, shape: ModelCircuitShape) throws -> OperationCount {
        let inputsOnly = Graph(tensors: graph.inputs.map { graph.tensors[$0] }, operations: [],
                               inputs: Array(graph.inputs.indices), outputs: [])
        let inputCells = graph.inputs.reduce(0) { $0 + graph.tensors[$1].elementCount }
        let statistics = try ModelCircuit<BN254Fr>(graph: inputsOnly, shape: shape).count()
        return count(statistics, inputCells: inputCells, outputCells: 0)
    }

    /// A layout's statistics less what its graph adds around the counted work: `inputCells` free witness cells
    /// and `outputCells` copies to the instance column.
    private static func count(_ statistics: LayoutStatistics, inputCells: Int, outputCells: Int) -> OperationCount {
        var count = OperationCount()
        count.gadgetRows = statistics.rowsByGadget
        count.gadgetRows[Layouter<BN254Fr>.witnessRowName] = nil
        count.witnessCells = statistics.witnessCells - inputCells
        count.assignedAdviceCells = statistics.assignedAdviceCells - inputCells
        count.lookupsByTable = statistics.lookupsByTable
        count.tableSizes = statistics.tableSizes
        count.copies = statistics.copies - outputCells
        count.copiedCellsByColumn = statistics.copiedCellsByColumn.filter { $0.key.kind != .instance }
        count.constants = statistics.constants
        return count
    }

    /// `body` on an isolated graph, which numbers its only operation 0; its errors name the model's own `index`.
    static func renumberingErrors<T>(to index: Int, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let ModelCircuitError.layer(_, name, tensor, reason) {
            throw ModelCircuitError.layer(index: index, name: name, tensor: tensor, reason: reason)
        } catch let ModelCircuitError.unsupported(_, name, tensor, reason) {
            throw ModelCircuitError.unsupported(index: index, name: name, tensor: tensor, reason: reason)
        }
    }

    /// A graph holding only operation `index`: its non-constant operands become the graph's inputs, its constants
    /// keep their data (zeros where the file has none, unless `fillingWeights` is false), its outputs are the graph's
    /// outputs.
    static func isolated(operation index: Int, of graph: Graph, fillingWeights: Bool = true)
        -> (graph: Graph, inputCells: Int, outputCells: Int)
    {
        let operation = graph.operations[index]
        var tensors: [Tensor] = []
        var renumbered: [Int: Int] = [:]
        var inputs: [Int] = []
        func place(_ original: Int) -> Int {
            if let known = renumbered[original] { return known }
            var tensor = graph.tensors[original]
            if tensor.isConstant && tensor.data == nil {
                let isExponent = operation.op == .pow && operation.inputs.count > 1 && operation.inputs[1] == original
                if isExponent {
                    tensor.data = powExponent(tensor, graph: graph)
                } else if fillingWeights {
                    tensor.data = placeholder(tensor, graph: graph)
                }
            }
            tensors.append(tensor)
            renumbered[original] = tensors.count - 1
            return tensors.count - 1
        }
        let operands = operation.inputs.map { $0.map { original -> Int in
            let placed = place(original)
            if !graph.tensors[original].isConstant && !inputs.contains(placed) { inputs.append(placed) }
            return placed
        } }
        let outputs = operation.outputs.map(place)
        let single = Graph(tensors: tensors, operations: [Operation(op: operation.op, inputs: operands, outputs: outputs)],
                           inputs: inputs, outputs: outputs, fixedPointScaleBits: graph.fixedPointScaleBits)
        let inputCells = inputs.reduce(0) { $0 + tensors[$1].elementCount }
        let outputCells = outputs.reduce(0) { $0 + tensors[$1].elementCount }
        return (single, inputCells, outputCells)
    }

    /// Zeros standing in for the values a shape-only file leaves out.
    static func placeholder(_ tensor: Tensor, graph: Graph) -> TensorData {
        if tensor.elementType == .float32 && graph.fixedPointScaleBits == nil {
            return .float([Float](repeating: 0, count: tensor.elementCount))
        }
        return .integer([Int64](repeating: 0, count: tensor.elementCount))
    }

    /// The paper's POW is the cube (its exponent is hard-coded to 3), which shape-only files leave out.
    static func powExponent(_ tensor: Tensor, graph: Graph) -> TensorData {
        let count = max(1, tensor.elementCount)
        if let bits = graph.fixedPointScaleBits { return .integer(Array(repeating: Int64(3) << Int64(bits), count: count)) }
        return tensor.elementType == .float32 ? .float(Array(repeating: 3, count: count))
            : .integer(Array(repeating: 3, count: count))
    }

    /// What decides an operation's layout: its kind and options, its operands' shapes, and its constants' values
    /// (small integer arguments by value; weights by tensor, since their values decide the distinct constants;
    /// absent weights as zeros of their shape).
    static func signature(_ operation: Operation, graph: Graph) -> String {
        var parts = ["\(operation.op)"]
        for input in operation.inputs {
            guard let input else { parts.append("-"); continue }
            let tensor = graph.tensors[input]
            let shape = tensor.shape.map(String.init).joined(separator: "x")
            guard tensor.isConstant else { parts.append("v\(shape):\(tensor.elementType)"); continue }
            switch tensor.data {
            case nil: parts.append("z\(shape):\(tensor.elementType)")
            case .integer(let values)? where values.count <= 64: parts.append("i\(shape):\(values)")
            default: parts.append("t\(input)")
            }
        }
        for output in operation.outputs {
            parts.append("o" + graph.tensors[output].shape.map(String.init).joined(separator: "x"))
        }
        return parts.joined(separator: " ")
    }
}

/// A value handed to parallel workers that each touch their own part of it.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
