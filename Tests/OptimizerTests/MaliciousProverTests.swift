import Foundation
import Gadgets
@testable import Optimizer
@testable import Plonkish
import Testing

/// Forgeries through the real verifiers: a malicious prover tampers with the honest witness (`WitnessTamper`: the
/// chosen cells change and everything after them is computed from the changed values), proves with the honest keys
/// (counting a lookup input outside its table nowhere rather than stopping), publishes the outputs its witness
/// computes, and the verifier must reject. Each attack was accepted before its fix (see SOUNDNESS.md).
@Suite("Malicious prover")
struct MaliciousProverTests {
    enum Scheme: String, CaseIterable, CustomStringConvertible {
        case kzg, ipa
        var description: String { rawValue }
    }

    /// The result of one attack: whether the verifier accepted, and the honest and forged public values.
    struct Attack {
        let accepted: Bool
        let honest: PublicValues
        let forged: PublicValues
    }

    static func attack(_ scheme: Scheme, graph: Graph, plan: ModelPlan, execution: QuantizedExecution,
                       tamper: ([AssignedCell]) throws -> WitnessTamper) throws -> Attack {
        switch scheme {
        case .kzg:
            try attack(KZGParameters(insecureSeed: Array("malicious prover tests".utf8), k: plan.k), graph: graph,
                       plan: plan, execution: execution, tamper: tamper)
        case .ipa:
            try attack(IPAParameters(k: plan.k), graph: graph, plan: plan, execution: execution, tamper: tamper)
        }
    }

    static func attack<S: CommitmentScheme>(
        _ params: S, graph: Graph, plan: ModelPlan, execution: QuantizedExecution,
        tamper: ([AssignedCell]) throws -> WitnessTamper
    ) throws -> Attack {
        let pk = try ModelProving.provingKey(params: params, graph: graph, plan: plan)
        let honestInstances = ModelCircuit<S.Scalar>.instances(outputs: execution.outputs)
        var logged = ModelCircuit<S.Scalar>(graph: graph, plan: plan, execution: execution)
        logged.recordsAssignedCells = true
        _ = try MockProver.run(k: plan.k, circuit: logged, instances: honestInstances)
        var circuit = ModelCircuit<S.Scalar>(graph: graph, plan: plan, execution: execution)
        circuit.tamper = try tamper(logged.run.assignedCells)
        // Synthesis alone (the mock run does not check): the outputs the tampered witness computes.
        _ = try MockProver.run(k: plan.k, circuit: circuit, instances: honestInstances)
        let honest = PublicValues(graph: graph, execution: execution)
        var forged = honest
        for (i, output) in circuit.run.outputs.enumerated() {
            forged.outputs[i].integers = output.values.elements
            forged.outputs[i].values = output.values.elements.map {
                PublicValues.dequantize($0, scaleBits: forged.scaleBits)
            }
        }
        let proof = try Prover.prove(provingKey: pk, circuit: circuit, instances: forged.instances(S.Scalar.self),
                                     stopsAtLookupOutsideTable: false)
        // Public values that match the key's layout: the verifier itself must decide, without throwing.
        let accepted = try ModelProving.verify(vk: pk.vk, publicValues: forged, proof: proof)
        return Attack(accepted: accepted, honest: honest, forged: forged)
    }

    static func digitsMLP(_ matMul: MatMulStrategy, backend: ProofBackend, columns: Int = ModelPlanner.defaultColumns) throws
        -> (graph: Graph, plan: ModelPlan, execution: QuantizedExecution)
    {
        let modelURL = try ImportFixtures.url("corpus/digits-mlp/model.tflite.json")
        let graph = try ModelImporter.load(url: modelURL)
        let inputs = try TensorJSONFile.readInputs(from: try ImportFixtures.url("corpus/digits-mlp/input-0.json"),
                                                   for: graph)
        let plan = try ModelPlanner.fixedPlan(
            graph: graph, modelURL: modelURL,
            planURL: modelURL.deletingLastPathComponent().appendingPathComponent("plan.json"), backend: backend,
            scaleBits: 5, columns: columns, calibration: [inputs], choices: LayerChoices(matMul: matMul))
        return (graph, plan, try ModelProving.execution(graph: graph, plan: plan, inputs: inputs))
    }

    /// The last padding cell of `gadget`, and with `pair` the padding cell assigned right after it on its row (a
    /// dot product's padded x and w).
    static func padding(_ cells: [AssignedCell], gadget: String, pair: Bool) throws -> [Int] {
        let first = try #require(cells.indices.last { i in
            cells[i].gadget == gadget && cells[i].isPadding
                && (!pair || (i + 1 < cells.count && cells[i + 1].isPadding && cells[i + 1].cell.row == cells[i].cell.row))
        }, "no padding slot in a \(gadget) row")
        return pair ? [first, first + 1] : [first]
    }

    @Test("a padded slot of a Sum, DotProduct or DotProductWithBias row cannot change a layer's result",
          arguments: Scheme.allCases, ["Sum", "DotProduct", "DotProductWithBias"])
    func paddingSlots(scheme: Scheme, gadget: String) throws {
        // 64 and 32 inputs leave slots unused at 3 pairs a row (7 columns) and at 5 (13 columns, with bias).
        let (matMul, columns): (MatMulStrategy, Int) = gadget == "DotProductWithBias" ? (.dotProductWithBias, 13)
            : (.dotProduct, 7)
        let (graph, plan, execution) = try Self.digitsMLP(matMul, backend: scheme == .kzg ? .kzg : .ipa,
                                                          columns: columns)
        let unit = Int64(1) << Int64(plan.scaleBits)
        // The logits softmax reads: the last padded dot product row is the last logit's (class 9), raised here by
        // x·w = 1·(lift·2^s), lift units after the rescale, to beat class 7 by a unit.
        let logits = try #require(graph.operations.last?.inputs.first.flatMap { $0 }.flatMap { execution.tensors[$0] })
        let lift = try #require(logits.scalars.max()) - logits.scalars[9] + 1
        let attack = try Self.attack(scheme, graph: graph, plan: plan, execution: execution) { cells in
            let slots = try Self.padding(cells, gadget: gadget, pair: gadget != "Sum")
            // The last padded Sum slot is softmax's: one more unit in Σ exp halves the probabilities (e^0 = 1 is the
            // largest term).
            return slots.count == 1 ? WitnessTamper(deltas: [slots[0]: unit])
                : WitnessTamper(deltas: [slots[0]: 1, slots[1]: lift * unit])
        }
        #expect(attack.forged != attack.honest, "the tampered padding changes the public outputs")
        #expect(!attack.accepted)
    }

    @Test("public values must present the key's outputs: scale, names, shapes, grouping and count are bound",
          arguments: Scheme.allCases)
    func publicLayout(scheme: Scheme) throws {
        let (graph, plan, execution) = try Self.digitsMLP(.dotProduct, backend: scheme == .kzg ? .kzg : .ipa)
        switch scheme {
        case .kzg:
            try Self.checkLayout(KZGParameters(insecureSeed: Array("malicious prover tests".utf8), k: plan.k),
                                 graph: graph, plan: plan, execution: execution)
        case .ipa:
            try Self.checkLayout(IPAParameters(k: plan.k), graph: graph, plan: plan, execution: execution)
        }
    }

    static func checkLayout<S: CommitmentScheme>(_ params: S, graph: Graph, plan: ModelPlan,
                                                 execution: QuantizedExecution) throws {
        let pk = try ModelProving.provingKey(params: params, graph: graph, plan: plan)
        let proof = try ModelProving.prove(provingKey: pk, graph: graph, plan: plan, execution: execution)
        let honest = PublicValues(graph: graph, execution: execution)
        #expect(try ModelProving.verify(vk: pk.vk, publicValues: honest, proof: proof))
        let output = honest.outputs[0]
        #expect(output.shape == [1, 10])

        var rescaled = honest
        rescaled.scaleBits -= 2
        rescaled.outputs[0].values = output.integers.map { PublicValues.dequantize($0, scaleBits: rescaled.scaleBits) }
        var renamed = honest
        renamed.outputs[0].name = "probabilities"
        var reshaped = honest
        reshaped.outputs[0].shape = [10]
        var extraEntry = honest
        extraEntry.outputs.append(PublicValues.Output(name: "extra", shape: [0], integers: [], values: []))
        var split = honest
        split.outputs = [0..<4, 4..<10].map { part in
            PublicValues.Output(name: output.name, shape: [part.count], integers: Array(output.integers[part]),
                                values: Array(output.values[part]))
        }
        var extraValue = honest
        extraValue.outputs[0].shape = [1, 11]
        extraValue.outputs[0].integers.append(0)
        extraValue.outputs[0].values.append(0)
        var removedValue = honest
        removedValue.outputs[0].shape = [1, 9]
        removedValue.outputs[0].integers.removeLast()
        removedValue.outputs[0].values.removeLast()
        for (what, values) in [("scale", rescaled), ("name", renamed), ("shape", reshaped), ("extra entry", extraEntry),
                               ("split", split), ("extra value", extraValue), ("removed value", removedValue)] {
            #expect(values.inconsistency == nil, "\(what): consistent in itself, so only the key can refuse it")
            #expect(throws: PublicLayoutMismatch.self, "\(what)") {
                try ModelProving.verify(vk: pk.vk, publicValues: values, proof: proof)
            }
        }
    }

    /// y = x + 1 for x of 4 elements: nothing but the input's range check bounds x.
    static func addOne(backend: ProofBackend) throws -> (graph: Graph, plan: ModelPlan, execution: QuantizedExecution) {
        let graph = InterpreterTests.single(.add(.none), tensors: [
            InterpreterTests.activation("x", [1, 4]), InterpreterTests.constant("one", [1, 4], [1, 1, 1, 1]),
            InterpreterTests.activation("y", [1, 4]),
        ], inputs: [0, 1])
        let modelURL = FileManager.default.temporaryDirectory.appendingPathComponent("zkml-add-one-\(UUID()).bin")
        try Data("y = x + 1".utf8).write(to: modelURL)
        defer { try? FileManager.default.removeItem(at: modelURL) }
        let input = DenseTensor<Float>(shape: [1, 4], scalars: [0.5, -0.25, 1, -1])
        let plan = try ModelPlanner.fixedPlan(graph: graph, modelURL: modelURL, planURL: modelURL, backend: backend,
                                              scaleBits: 4, calibration: [[input]])
        return (graph, plan, try ModelProving.execution(graph: graph, plan: plan, inputs: [input]))
    }

    @Test("a private input outside the plan's range is rejected by the verifier", arguments: Scheme.allCases)
    func inputOutOfRange(scheme: Scheme) throws {
        let (graph, plan, execution) = try Self.addOne(backend: scheme == .kzg ? .kzg : .ipa)
        let attack = try Self.attack(scheme, graph: graph, plan: plan, execution: execution) { cells in
            let input = try #require(cells.firstIndex { $0.gadget == Layouter<BN254Fr>.witnessRowName })
            return WitnessTamper(ordinal: input, delta: Int64(plan.tableSize))
        }
        #expect(attack.forged.outputs[0].integers[0] == attack.honest.outputs[0].integers[0] + Int64(plan.tableSize))
        #expect(!attack.accepted)
    }

    @Test("control: the same malicious prover changing an input within its range is accepted, with other outputs",
          arguments: Scheme.allCases)
    func inputWithinRange(scheme: Scheme) throws {
        let (graph, plan, execution) = try Self.addOne(backend: scheme == .kzg ? .kzg : .ipa)
        let attack = try Self.attack(scheme, graph: graph, plan: plan, execution: execution) { cells in
            let input = try #require(cells.firstIndex { $0.gadget == Layouter<BN254Fr>.witnessRowName })
            return WitnessTamper(ordinal: input, delta: 3)
        }
        #expect(attack.forged.outputs[0].integers[0] == attack.honest.outputs[0].integers[0] + 3)
        #expect(attack.accepted, "a true statement about another input: the tampering path itself must prove")
    }

    @Test("proving an input outside the plan's range is a one-line error naming the input")
    func honestInputOutOfRange() throws {
        let (graph, plan, _) = try Self.addOne(backend: .kzg)
        let far = Float(plan.tableSize) / 16
        let execution = try ModelProving.execution(graph: graph, plan: plan,
                                                   inputs: [DenseTensor(shape: [1, 4], scalars: [0, far, 0, 0])])
        let circuit = ModelCircuit<BN254Fr>(graph: graph, plan: plan, execution: execution)
        #expect {
            _ = try MockProver.run(k: plan.k, circuit: circuit,
                                   instances: ModelCircuit<BN254Fr>.instances(outputs: execution.outputs))
        } throws: { error in
            guard case let .synthesis(.circuit(message))? = error as? PlonkError else {
                return "\(error)".contains("input 'x': element 1")
            }
            return message.contains("input 'x': element 1")
        }
    }
}
