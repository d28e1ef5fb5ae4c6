import Foundation
import Gadgets
@testable import Optimizer
import Plonkish
import Testing

/// Freivalds' check is the one layer alternative with a second advice phase: the product is committed before the
/// challenge that checks it is drawn. Through the real prover and verifier, with both schemes.
@Suite("Freivalds through the prover")
struct FreivaldsModelTests {
    @Test("digits-mlp with Freivalds' check proves and verifies with KZG and IPA; a changed output is rejected")
    func freivaldsProves() throws {
        let modelURL = try ImportFixtures.url("corpus/digits-mlp/model.tflite.json")
        let graph = try ModelImporter.load(url: modelURL)
        let inputs = try TensorJSONFile.readInputs(from: try ImportFixtures.url("corpus/digits-mlp/input-0.json"),
                                                   for: graph)
        for backend in [ProofBackend.kzg, .ipa] {
            let plan = try ModelPlanner.fixedPlan(
                graph: graph, modelURL: modelURL,
                planURL: modelURL.deletingLastPathComponent().appendingPathComponent("plan.json"), backend: backend,
                scaleBits: 5, calibration: [inputs], choices: LayerChoices(matMul: .freivalds))
            var cs = ConstraintSystem<BN254Fr>()
            _ = ModelCircuit<BN254Fr>(graph: graph, plan: plan).configure(&cs)
            #expect(cs.phaseCount == 2, "Freivalds' product is committed in phase 0, checked in phase 1")
            switch backend {
            case .kzg:
                let params = KZGParameters(insecureSeed: Array("zkml freivalds tests".utf8), k: plan.k)
                try ModelCircuitTests.proveAndVerify(params: params, graph: graph, plan: plan, inputs: inputs)
            case .ipa:
                try ModelCircuitTests.proveAndVerify(params: IPAParameters(k: plan.k), graph: graph, plan: plan,
                                                     inputs: inputs)
            }
        }
    }
}
