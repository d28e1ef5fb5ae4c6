import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Gadgets
@testable import Optimizer
import Plonkish
import Testing

/// The layout optimizer on the corpus: candidates ranked by each objective, every candidate's rows those COUNT mode
/// gives the whole model, the best plan proving, and the pieces (logical layouts, column bound, τ, pictures).
@Suite("Plan search")
struct PlanSearchTests {
    static var profile: CostProfile {
        get throws {
            try CostProfile(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("cost-profiles/intel-xeon-2-cores.json"))
        }
    }

    /// A corpus model with its tables sized as `fixedPlan` sizes them (scale 2^5, input-0 as calibration).
    static func corpus(_ model: String) throws -> (graph: Graph, sizing: TableSizing, inputs: [DenseTensor<Float>]) {
        let graph = try ModelImporter.load(url: try ImportFixtures.url("corpus/\(model)/model.tflite.json"))
        let inputs = try TensorJSONFile.readInputs(from: try ImportFixtures.url("corpus/\(model)/input-0.json"),
                                                   for: graph)
        let tables = try ModelPlanner.tableSizing(graph: graph, scaleBits: 5, calibration: [inputs])
        return (graph, tables.sizing, inputs)
    }

    static func search(_ graph: Graph, sizing: TableSizing, objective: PlanObjective = .time,
                       backend: ProofBackend = .kzg) throws -> PlanSearch {
        PlanSearch(graph: graph, sizing: sizing, backend: backend,
                   estimator: try CostEstimator(profile: try profile, backend: backend == .kzg ? .kzg : .ipa),
                   objective: objective)
    }

    /// COUNT mode on the whole model, as `ModelPlanner.measure` reads it.
    static func wholeCount(_ graph: Graph, _ shape: ModelCircuitShape) throws -> (statistics: LayoutStatistics, required: Int) {
        let circuit = ModelCircuit<BN254Fr>(graph: OperationCounter.withPlaceholders(graph), shape: shape)
        let statistics = try circuit.count()
        return (statistics, max(statistics.requiredRows, circuit.publicValueCount))
    }

    @Test("digits-mlp: candidates sorted by each objective; every candidate's rows are COUNT mode's", arguments: PlanObjective.allCases)
    func digitsMLP(objective: PlanObjective) throws {
        let (graph, sizing, _) = try Self.corpus("digits-mlp")
        let search = try Self.search(graph, sizing: sizing, objective: objective)
        let result = try search.run()
        #expect(result.candidates.count >= 6)
        let scores = result.candidates.map { $0.score(objective) }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(result.candidates.map(\.choices.matMul)) == Set(MatMulStrategy.allCases))
        // ReLU by bits only where its bits cover the tables' inputs.
        let bitsColumns = PlanSearch.reluBitsColumns(sizing)
        #expect(result.candidates.filter { $0.choices.activation == .bits }.allSatisfy { $0.columns >= bitsColumns })
        for candidate in result.candidates {
            let whole = try Self.wholeCount(graph, candidate.shape)
            #expect(candidate.rows == whole.required, "\(candidate.choices) \(candidate.columns)")
            let counted = try search.layoutCount(candidate)
            #expect(counted.rows == whole.statistics.rows)
            #expect(counted.rowsByGadget == whole.statistics.rowsByGadget)
            #expect(counted.lookupsByTable == whole.statistics.lookupsByTable)
            #expect(counted.tableSizes == whole.statistics.tableSizes)
            #expect(counted.copies == whole.statistics.copies)
            #expect(counted.witnessCells == whole.statistics.witnessCells)
            // Each copy places two copied cells (a constant counts once); the operations' counts find copies in the
            // columns the whole has.
            let copied = whole.statistics.copiedCellsByColumn
            #expect(copied.values.reduce(0, +) <= 2 * whole.statistics.copies)
            // Every copy ends in at least one advice cell.
            #expect(copied.filter { $0.key.kind == .advice }.values.reduce(0, +) >= whole.statistics.copies)
            #expect(copied.filter { $0.key.kind == .fixed }.values.allSatisfy { $0 <= whole.statistics.constants })
            #expect(Set(counted.copiedCellsByColumn.keys) == Set(whole.statistics.copiedCellsByColumn.keys))
            // k is the smallest that holds the rows.
            #expect(candidate.rows <= (try search.usableRows(candidate)))
        }
    }

    @Test("the operation-by-operation count is COUNT mode's on every corpus model and layout",
          arguments: ImportFixtures.corpusModels)
    func countsMatchCountMode(model: String) throws {
        let (graph, sizing, _) = try Self.corpus(model)
        let counter = OperationCounter(graph: graph)
        let columnCounts = model == "zkml-mnist" ? [7] : [7, 12]
        for choices in LogicalLayouts.all(for: graph) {
            for columns in columnCounts {
                let shape = ModelCircuitShape(columns: columns, sizing: sizing, choices: choices)
                let whole = try Self.wholeCount(graph, shape)
                let counted = try counter.layoutCount(shape)
                #expect(counted.rows == whole.statistics.rows, "\(choices) \(columns)")
                #expect(counted.requiredRows == whole.required, "\(choices) \(columns)")
                #expect(counted.rowsByGadget == whole.statistics.rowsByGadget, "\(choices) \(columns)")
                #expect(counted.lookupsByTable == whole.statistics.lookupsByTable, "\(choices) \(columns)")
                #expect(counted.assignedAdviceCells == whole.statistics.assignedAdviceCells, "\(choices) \(columns)")
                #expect(abs(counted.rowsByOperation.reduce(0, +) + counted.inputRows - Double(counted.rows)) < 1)
                #expect(ProductRowsBound.rows(graph: graph, choices: choices, columns: columns) <= counted.rows)
            }
        }
    }

    @Test("the paper's MNIST: candidates sorted, the best's rows are COUNT mode's")
    func paperMNIST() throws {
        let graph = try ModelImporter.load(url: try ImportFixtures.url("zkml/mnist/model.msgpack"))
        let tables = try ModelPlanner.tableSizing(graph: graph, scaleBits: nil, calibration: [])
        let search = try Self.search(graph, sizing: tables.sizing)
        let result = try search.run()
        let times = result.candidates.map(\.estimate.provingSeconds)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
        let best = try #require(result.candidates.first)
        #expect(best.rows == (try Self.wholeCount(graph, best.shape)).required)
    }

    @Test("rows never grow with columns, so bisecting the column ladder finds the fewest columns per k")
    func rowsFallWithColumns() throws {
        let (graph, sizing, _) = try Self.corpus("digits-cnn")
        let counter = OperationCounter(graph: graph)
        for choices in LogicalLayouts.all(for: graph) {
            var previous = Int.max
            for columns in PlanSearch.columnLadder(upTo: 24) {
                let shape = ModelCircuitShape(columns: columns, sizing: sizing, choices: choices)
                guard let rows = try? counter.layoutCount(shape).rows else { continue }
                #expect(rows <= previous, "\(choices) at \(columns) columns")
                previous = rows
            }
        }
    }

    @Test("COUNT's copied cells bound the cells σ moves, column by column (digits-mlp's best plan)")
    func copiedCellsBoundSigma() throws {
        let (graph, sizing, _) = try Self.corpus("digits-mlp")
        let search = try Self.search(graph, sizing: sizing)
        let best = try #require(try search.run().candidates.first)
        let counted = try search.layoutCount(best).copiedCellsByColumn
        let plan = ModelPlan(model: "", modelDigest: "", backend: .kzg, scaleBits: 5, columns: best.columns, k: best.k,
                             degree: best.degree, tableSize: sizing.size, choices: best.choices,
                             estimatedRows: best.rows, lookups: best.lookups)
        let pk = try ModelProving.provingKey(params: KZGParameters(insecureSeed: Array("copied cells".utf8), k: best.k),
                                             graph: graph, plan: plan)
        let moved = pk.copiedCellsByColumn
        #expect(moved.values.contains { $0 > 0 })
        for (column, cells) in moved where cells > 0 {
            #expect((counted[column] ?? 0) >= cells, "\(column): \(counted[column] ?? 0) counted, σ moves \(cells)")
        }
    }

    @Test("the best digits-mlp plan proves and verifies (KZG)")
    func bestProves() throws {
        let (graph, sizing, inputs) = try Self.corpus("digits-mlp")
        let best = try #require(try Self.search(graph, sizing: sizing).run().candidates.first)
        let run = try CandidateValidation.prove(graph: graph, candidate: best, rank: 0, scaleBits: 5, backend: .kzg,
                                                inputs: inputs, rounds: 1)
        #expect(run.wallSeconds > 0 && run.cpuSeconds > 0 && run.proofCount == 1)
        #expect(run.phaseSeconds.values.reduce(0, +) <= run.wallSeconds * 1.001 && (run.phaseSeconds[.msm] ?? 0) > 0)
        let plan = ModelPlan(model: "", modelDigest: "", backend: .kzg, scaleBits: 5, columns: best.columns, k: best.k,
                             degree: best.degree, tableSize: sizing.size, choices: best.choices,
                             estimatedRows: best.rows, lookups: best.lookups)
        try ModelCircuitTests.proveAndVerify(params: KZGParameters(insecureSeed: Array("plan search".utf8), k: best.k),
                                             graph: graph, plan: plan, inputs: inputs)
    }

    @Test("logical layouts: the implementations of the kinds a graph has, defaults for the rest")
    func logicalLayouts() throws {
        let mlp = try Self.corpus("digits-mlp").graph
        let present = LayerKindsPresent(graph: mlp)
        #expect(present.matMul && !present.depthwise && !present.square)
        let layouts = LogicalLayouts.all(for: mlp)
        #expect(layouts.count == 3 * (present.relu ? 2 : 1))
        #expect(Set(layouts.map(\.depthwise)) == [.dotProduct] && Set(layouts.map(\.square)) == [.square])
        let depthwise = try Self.corpus("depthwise").graph
        #expect(LogicalLayouts.all(for: depthwise).contains { $0.depthwise == .dotProductWithBias })
        let empty = Graph(tensors: [], operations: [], inputs: [], outputs: [])
        #expect(LogicalLayouts.all(for: empty) == [LayerChoices()])
    }

    @Test("a fixed column count is searched alone; too few columns for a gadget reject the layout")
    func fixedColumns() throws {
        let (graph, sizing, _) = try Self.corpus("digits-mlp")
        let estimator = try CostEstimator(profile: try Self.profile, backend: .kzg)
        let twelve = try PlanSearch(graph: graph, sizing: sizing, backend: .kzg, estimator: estimator, columns: [12]).run()
        #expect(!twelve.candidates.isEmpty && twelve.candidates.allSatisfy { $0.columns == 12 })
        let three = try PlanSearch(graph: graph, sizing: sizing, backend: .kzg, estimator: estimator, columns: [3]).run()
        #expect(!three.rejected.isEmpty)
        #expect(three.rejected.allSatisfy { $0.reason.contains("columns") })
        #expect(PlanSearch.neededColumns("BiasDivRound needs at least 6 advice columns, the grid has 3") == 6)
        #expect(PlanSearch.neededColumns("value 7 outside table relu") == nil)
    }

    @Test("the column ladder: every count to 16, then even counts; ReLU bits cover the tables")
    func ladder() {
        // Tables of 512 rows take inputs −256…255: 9 bits, 11 columns.
        #expect(PlanSearch.reluBitsColumns(TableSizing(size: 512, scaleFactor: 32)) == 11)
        #expect(PlanSearch.reluBitsColumns(TableSizing(size: 513, scaleFactor: 32)) == 12)
        #expect(PlanSearch.columnLadder(upTo: 20) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 20])
        #expect(PlanSearch.columnLadder(upTo: 64).last == 64 && PlanSearch.columnLadder(upTo: 64).count == 38)
    }

    @Test("Kendall's tau-b on hand-computed examples")
    func kendallTau() throws {
        #expect(KendallTau.tauB([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(KendallTau.tauB([1, 2, 3, 4], [4, 3, 2, 1]) == -1)
        // Pairs of (1,3,2,4) against (1,2,3,4): one of six discordant, (5 − 1)/6.
        #expect(abs(try #require(KendallTau.tauB([1, 2, 3, 4], [1, 3, 2, 4])) - 4.0 / 6) < 1e-12)
        // x ties one pair (1,1): concordant 2, discordant 0, pairs 3, ties in x 1: 2/√(2·3).
        #expect(abs(try #require(KendallTau.tauB([1, 1, 2], [1, 2, 3])) - 2 / 6.0.squareRoot()) < 1e-12)
        #expect(KendallTau.tauB([1, 1, 1], [1, 2, 3]) == nil)
        #expect(KendallTau.tauB([1], [1]) == nil)
        #expect(KendallTau.tauB([1, 2], [1]) == nil)
    }

    @Test("validation ranks: the n best and n spread over the rest; keys grouped by memory")
    func validationRanks() {
        #expect(CandidateValidation.ranks(count: 10, n: 2) == [0, 1, 4, 8])
        #expect(CandidateValidation.ranks(count: 3, n: 2) == [0, 1, 2])
        #expect(CandidateValidation.ranks(count: 2, n: 5) == [0, 1])
        #expect(CandidateValidation.ranks(count: 7, n: 1) == [0, 4])
        #expect(CandidateValidation.memoryGroups(bytes: [3, 3, 3, 9, 1, 1], budget: 6) == [0..<2, 2..<3, 3..<4, 4..<6])
        #expect(CandidateValidation.memoryGroups(bytes: [], budget: 6).isEmpty)
    }

    @Test("the plan picture is SVG that parses, with a legend entry per gadget")
    func picture() throws {
        let (graph, sizing, _) = try Self.corpus("digits-mlp")
        let search = try Self.search(graph, sizing: sizing)
        let best = try #require(try search.run().candidates.first)
        let layout = try search.layoutCount(best)
        let svg = LayoutPicture.grid(candidate: best, layout: layout, graph: graph, usableRows: try search.usableRows(best),
                                     title: "digits-mlp <best> & co")
        let texts = try SVGText.texts(svg)
        for gadget in layout.rowsByGadget.keys {
            #expect(texts.contains { $0.hasPrefix("\(gadget) (\(layout.rowsByGadget[gadget] ?? 0))") }, "\(gadget)")
        }
        #expect(texts.contains { $0.hasPrefix(LayoutPicture.unusedName) })
        #expect(texts.contains { $0.hasPrefix(LayoutPicture.blindingName) })
        #expect(texts.contains("digits-mlp <best> & co"))

        let chart = LayoutPicture.estimatedVersusMeasured(
            [.init(rank: 1, estimatedSeconds: 0.5, wallSeconds: 0.6, cpuSeconds: 1.1),
             .init(rank: 4, estimatedSeconds: 0.9, wallSeconds: 1.2, cpuSeconds: 2.0)], title: "t")
        let chartTexts = try SVGText.texts(chart)
        #expect(chartTexts.contains("wall time") && chartTexts.contains("CPU time"))
        #expect(chartTexts.contains("#1") && chartTexts.contains("#4"))
    }
}

/// The text contents of an SVG document, read with Foundation's XML parser (which fails on malformed XML).
final class SVGText: NSObject, XMLParserDelegate {
    private var texts: [String] = []
    private var current: String?
    private(set) var rootName: String?

    static func texts(_ svg: String) throws -> [String] {
        let delegate = SVGText()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse(), delegate.rootName == "svg" else {
            throw parser.parserError ?? CocoaError(.fileReadCorruptFile)
        }
        return delegate.texts
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if rootName == nil { rootName = name }
        if name == "text" { current = "" }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { current? += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text", let current { texts.append(current) }
        if name == "text" { current = nil }
    }
}
