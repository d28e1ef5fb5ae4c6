import Gadgets
import Plonkish
import Testing

/// The layouter's keygen pass (selectors, constants, tables and copies, no witness values) and its witness pass
/// build a key and a proof that verify, and the proof of a different witness value does not.
struct GadgetProvingTests {
    @Test("A fused rescale + ReLU6 and a division prove and verify with KZG")
    func proveAndVerify() throws {
        let params = KZGParameters(insecureSeed: Array("zkml gadget tests".utf8), k: testK)
        let x: [Int64] = [-1600, -8, 8, 1000, 1599, 40]
        let circuit = GadgetTestCircuit<Fr>(columns: 6, sizing: testSizing,
                                            .biasDivRound(x, bias: [3, 0, 0, -2, 1, 0], activation: .relu6))
        let pk = try Keygen.provingKey(params: params, circuit: circuit, k: testK)
        let proof = try Prover.prove(provingKey: pk, circuit: circuit, instances: [])
        #expect(try Verifier.verify(verifier: params.verifier, vk: pk.vk, instances: [], proof: proof))
        #expect(circuit.run.outputs.map(\.value) == [0, 0, 1, 61, 96, 3])

        // A witness the gate rejects cannot be proved, or its proof does not verify.
        var broken = circuit
        broken.corruption = (circuit.run.outputs[3].cell, .one)
        let forged = try? Prover.prove(provingKey: pk, circuit: broken, instances: [])
        let accepted = try forged.map { try Verifier.verify(verifier: params.verifier, vk: pk.vk, instances: [], proof: $0) }
        #expect(accepted != true)
    }
}
