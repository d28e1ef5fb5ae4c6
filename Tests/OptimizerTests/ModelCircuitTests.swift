import Foundation
import Gadgets
@testable import Optimizer
import Plonkish
import Testing

/// The model circuit on the corpus: digits-mlp proved and verified with both schemes, its public outputs exactly
/// the quantized interpreter's; counting and assigning agreeing on every corpus model.
@Suite("Model circuit")
struct ModelCircuitTests {
    /// A plan for a corpus model sized by its input-0 at 2^5 (small tables, small k).
    static func plan(_ model: String, backend: ProofBackend, scaleBits: Int = 5) throws
        -> (graph: Graph, plan: ModelPlan, inputs: [DenseTensor<Float>])
    {
        let modelURL = try ImportFixtures.url("corpus/\(model)/model.tflite.json")
        let graph = try ModelImporter.load(url: modelURL)
        let inputs = try TensorJSONFile.readInputs(from: try ImportFixtures.url("corpus/\(model)/input-0.json"), for: graph)
        let plan = try ModelPlanner.fixedPlan(graph: graph, modelURL: modelURL,
                                              planURL: modelURL.deletingLastPathComponent().appendingPathComponent("plan.json"),
                                              backend: backend, scaleBits: scaleBits, calibration: [inputs])
        return (graph, plan, inputs)
    }

    @Test("digits-mlp proves and verifies with KZG; outputs are the interpreter's; a changed output is rejected")
    func kzg() throws {
        let (graph, plan, inputs) = try Self.plan("digits-mlp", backend: .kzg)
        let params = KZGParameters(insecureSeed: Array("zkml model circuit tests".utf8), k: plan.k)
        try Self.proveAndVerify(params: params, graph: graph, plan: plan, inputs: inputs)
    }

    @Test("digits-mlp proves and verifies with IPA; a changed output is rejected")
    func ipa() throws {
        let (graph, plan, inputs) = try Self.plan("digits-mlp", backend: .ipa)
        try Self.proveAndVerify(params: IPAParameters(k: plan.k), graph: graph, plan: plan, inputs: inputs)
    }

    static func proveAndVerify<S: CommitmentScheme>(params: S, graph: Graph, plan: ModelPlan,
                                                    inputs: [DenseTensor<Float>]) throws {
        let execution = try ModelProving.execution(graph: graph, plan: plan, inputs: inputs)
        let pk = try ModelProving.provingKey(params: params, graph: graph, plan: plan)
        let circuit = ModelCircuit<S.Scalar>(graph: graph, plan: plan, execution: execution)
        let proof = try Prover.prove(provingKey: pk, circuit: circuit,
                                     instances: ModelCircuit<S.Scalar>.instances(outputs: execution.outputs))
        // The circuit's output cells hold the interpreter's integers, and TFLite's class (output-0.json: 7) wins.
        #expect(circuit.run.outputs.map { $0.values.elements } == execution.outputs.map(\.scalars))
        #expect(execution.dequantizedOutputs[0].argmaxAlongLastAxis == [7])

        let values = PublicValues(graph: graph, execution: execution)
        #expect(values.inconsistency == nil)
        #expect(try ModelProving.verify(vk: pk.vk, publicValues: values, proof: proof))

        var changed = values
        changed.outputs[0].integers[7] -= 1
        let accepted = try? ModelProving.verify(vk: pk.vk, publicValues: changed, proof: proof)
        #expect(accepted != true)
    }

    @Test("a witness that differs from the interpreter's names the op and the tensor")
    func witnessMismatch() throws {
        let (graph, plan, inputs) = try Self.plan("digits-mlp", backend: .kzg)
        var execution = try ModelProving.execution(graph: graph, plan: plan, inputs: inputs)
        let first = try #require(graph.operations.first?.outputs.first)
        execution.tensors[first]?.scalars[0] += 1
        let circuit = ModelCircuit<BN254Fr>(graph: graph, plan: plan, execution: execution)
        #expect {
            _ = try MockProver.run(k: plan.k, circuit: circuit, instances: ModelCircuit<BN254Fr>.instances(outputs: execution.outputs))
        } throws: { error in
            guard case let .witnessMismatch(index, name, _, position, _, _)? = error as? ModelCircuitError else { return false }
            return index == 0 && name == "FULLY_CONNECTED" && position == 0
        }
    }

    @Test("count and assign agree on rows, lookups and tables; the MockProver accepts the witness",
          arguments: ImportFixtures.corpusModels)
    func countMatchesAssign(model: String) throws {
        let (graph, plan, inputs) = try Self.plan(model, backend: .kzg)
        let execution = try ModelProving.execution(graph: graph, plan: plan, inputs: inputs)
        let circuit = ModelCircuit<BN254Fr>(graph: graph, plan: plan, execution: execution)
        let counted = try circuit.count()
        let prover = try MockProver.run(k: plan.k, circuit: circuit,
                                        instances: ModelCircuit<BN254Fr>.instances(outputs: execution.outputs))
        let assigned = circuit.run.statistics
        #expect(counted == assigned)
        #expect(max(counted.requiredRows, circuit.publicValueCount) == plan.estimatedRows)
        #expect(plan.estimatedRows <= prover.usableRows)
        // Checking every constraint of zkml-mnist's 2^17 rows takes most of this test's time; its assignment
        // (checked against the interpreter op by op) still runs.
        guard plan.k <= 14 else { return }
        let failures = prover.verify()
        #expect(failures.isEmpty, "\(failures.prefix(3))")
    }

    @Test("a plan survives its JSON, with the model path relative to the plan")
    func planJSON() throws {
        let (_, plan, _) = try Self.plan("digits-mlp", backend: .ipa)
        #expect(plan.model == "model.tflite.json")
        #expect(plan.modelDigest.count == 64)
        let decoded = try JSONDecoder().decode(ModelPlan.self, from: Data(try plan.json()))
        #expect(decoded == plan)
        let planURL = try ImportFixtures.url("corpus/digits-mlp/plan.json")
        #expect(try plan.loadModel(relativeTo: planURL).operations.count == 3)
        var altered = plan
        altered.modelDigest = String(repeating: "0", count: 64)
        #expect(throws: ModelCircuitError.self) { try altered.loadModel(relativeTo: planURL) }
        #expect(ModelPlanner.relativePath(of: URL(fileURLWithPath: "/a/b/m.tflite"), from: URL(fileURLWithPath: "/a/c"))
                == "../b/m.tflite")
    }
}
