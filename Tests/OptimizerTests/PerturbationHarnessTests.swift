import Foundation
import Gadgets
@testable import Optimizer
import Plonkish
import Testing

/// Every used cell of every corpus model and the paper's MNIST is constrained: changing it (and computing the rest
/// of the witness from the change) makes the MockProver fail, unless the cell is a private model input, the one
/// documented free cell (SOUNDNESS.md): an input is the prover's own choice, range-checked, and a changed input
/// proves a true statement about another input.
@Suite("Perturbation harness")
struct PerturbationHarnessTests {
    /// One harness run: a model, its layer choices, and how many cells of each (layer, gadget, column) group to
    /// change (nil: every cell).
    struct Case: CustomStringConvertible, Sendable {
        let model: String
        var choices = LayerChoices()
        var perGroup: Int? = 6
        var description: String {
            "\(model) (\(choices.matMul), \(choices.depthwise), \(choices.activation), \(choices.square))"
                + (perGroup.map { ", ≤ \($0) cells per group" } ?? ", every cell")
        }
    }

    /// Each gadget kind appears in at least one case: dot products with and without bias and Freivalds for
    /// matrix products, both depthwise layouts, ReLU by lookup and by bits, squares by Square and MulPairs.
    static let cases: [Case] = [
        Case(model: "digits-mlp", perGroup: nil),
        Case(model: "digits-mlp", choices: LayerChoices(matMul: .dotProductWithBias, activation: .bits)),
        Case(model: "digits-mlp", choices: LayerChoices(matMul: .freivalds)),
        Case(model: "digits-cnn"),
        Case(model: "digits-cnn", choices: LayerChoices(matMul: .freivalds), perGroup: nil),
        Case(model: "depthwise", perGroup: 3),
        Case(model: "depthwise", choices: LayerChoices(depthwise: .dotProductWithBias), perGroup: 3),
        Case(model: "attention-toy", perGroup: 2),
        Case(model: "misc-ops", perGroup: 3),
        Case(model: "misc-ops", choices: LayerChoices(matMul: .freivalds, square: .mulPairs), perGroup: 3),
        Case(model: "zkml-mnist", perGroup: 1),
        Case(model: "paper-mnist", perGroup: 1),
    ]

    static func setting(_ test: Case) throws -> (graph: Graph, plan: ModelPlan, execution: QuantizedExecution) {
        if test.model == "paper-mnist" {
            let modelURL = try ImportFixtures.url("zkml/mnist/model.msgpack")
            let graph = try ModelImporter.load(url: modelURL)
            let integers = try ImportFixtures.paperMNISTInputs(for: graph)
            let scale = Float(1 << (graph.fixedPointScaleBits ?? 9))
            let calibration = integers.map { DenseTensor(shape: $0.shape, scalars: $0.scalars.map { Float($0) / scale }) }
            let plan = try ModelPlanner.fixedPlan(
                graph: graph, modelURL: modelURL,
                planURL: modelURL.deletingLastPathComponent().appendingPathComponent("plan.json"), backend: .kzg,
                calibration: [calibration], choices: test.choices)
            return (graph, plan, try ModelProving.execution(graph: graph, plan: plan, integerInputs: integers))
        }
        let modelURL = try ImportFixtures.url("corpus/\(test.model)/model.tflite.json")
        let graph = try ModelImporter.load(url: modelURL)
        let inputs = try TensorJSONFile.readInputs(
            from: try ImportFixtures.url("corpus/\(test.model)/input-0.json"), for: graph)
        let plan = try ModelPlanner.fixedPlan(
            graph: graph, modelURL: modelURL,
            planURL: modelURL.deletingLastPathComponent().appendingPathComponent("plan.json"), backend: .kzg,
            scaleBits: 5, calibration: [inputs], choices: test.choices)
        return (graph, plan, try ModelProving.execution(graph: graph, plan: plan, inputs: inputs))
    }

    @Test("changing any used cell is detected, private inputs excepted", arguments: cases)
    func perturb(test: Case) throws {
        let (graph, plan, execution) = try Self.setting(test)
        let harness = try WitnessPerturbation(graph: graph, plan: plan, execution: execution)
        // Checking every constraint of 2^17 rows takes longer than the sample (ModelCircuitTests checks the others).
        if plan.k <= 14 { #expect(harness.honest.verify().isEmpty) }
        let ordinals = harness.sample(perGroup: test.perGroup)
        let start = Date()
        let report = harness.run(ordinals)
        let inputs = Set(graph.inputs.map { "input '\(graph.tensors[$0].name)'" })
        let documented = report.undetected.filter { $0.cell.gadget == Layouter<BN254Fr>.witnessRowName
            && inputs.contains($0.cell.layer) }
        let unexplained = report.undetected.filter { free in !documented.contains { $0.ordinal == free.ordinal } }
        let groups = Set(harness.cells.map { "\($0.gadget)|\($0.cell.column)" })
        print("perturbation \(test): k \(plan.k), \(harness.cells.count) cells assigned, \(report.changed) changed "
              + "(\(report.coverage.count) of \(groups.count) gadget×column groups), \(report.undetected.count) "
              + "undetected, \(documented.count) of them private inputs, \(report.notReplayed) not replayed, "
              + String(format: "%.1f s", Date().timeIntervalSince(start)) + "; gadgets: "
              + Set(harness.cells.map(\.gadget)).sorted().joined(separator: " "))
        #expect(unexplained.isEmpty, "\(unexplained.prefix(10))")
        #expect(report.coverage == groups)
        #expect(report.changed == ordinals.count)
        // A change the honest code cannot carry on from is checked as the single cell, which proves less.
        #expect(report.notReplayed == 0)
    }
}
