import ArgumentParser
import Foundation
import Optimizer
import Plonkish

struct Prove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Prove a model's inference on an input: writes the proof and the public outputs.",
        discussion: """
            Runs setup first when the key directory has no pk.bin. The model file must still have the digest the \
            plan records. The outputs are public (public.json: integers, shapes, scale, dequantized values); the \
            input stays private.

            Example: zkml prove plan.json --input input.json -o proof.bin --public public.json
            """
    )

    @Argument(help: "The plan (from zkml optimize).")
    var plan: String

    @Option(help: "The input file ({\"input\": nested list of numbers}, or the paper's inp.msgpack).")
    var input: String

    @OptionGroup var keyFiles: KeyFileOptions

    @Option(name: .shortAndLong, help: "Where to write the proof (default: proof.bin beside the plan).")
    var output: String?

    @Option(name: .customLong("public"), help: "Where to write the public values (default: public.json beside the plan).")
    var publicValues: String?

    @Flag(help: "Print one JSON object on stdout instead of a summary.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let progress = global.apply()
        let planURL = URL(fileURLWithPath: plan)
        let plan = try ModelPlan.read(from: planURL)
        let graph = try plan.loadModel(relativeTo: planURL)
        let inputURL = URL(fileURLWithPath: input)
        let execution = inputURL.pathExtension.lowercased() == "msgpack"
            ? try ModelProving.execution(graph: graph, plan: plan,
                                         integerInputs: try Run.fixedPointInputs(inputURL, graph: graph))
            : try ModelProving.execution(graph: graph, plan: plan,
                                         inputs: try TensorJSONFile.readInputs(from: inputURL, for: graph))
        let keys = keyFiles.modelKeys(plan: plan, planURL: planURL)
        let proofURL = output.map { URL(fileURLWithPath: $0) }
            ?? planURL.deletingLastPathComponent().appendingPathComponent("proof.bin")
        let publicURL = publicValues.map { URL(fileURLWithPath: $0) }
            ?? planURL.deletingLastPathComponent().appendingPathComponent("public.json")
        var seconds = 0.0
        let proofFile: [UInt8]
        switch plan.backend {
        case .kzg:
            proofFile = try prove(params: try keys.kzgParameters(progress: progress), keys: keys, graph: graph, plan: plan,
                                  execution: execution, progress: progress, seconds: &seconds)
        case .ipa:
            proofFile = try prove(params: IPAParameters(k: plan.k), keys: keys, graph: graph, plan: plan,
                                  execution: execution, progress: progress, seconds: &seconds)
        }
        let values = PublicValues(graph: graph, execution: execution)
        try OutputFile.write([(proofFile, proofURL), (try values.json(), publicURL)])
        if json {
            print(try CommandJSON.string(ProveSummary(
                proof: proofURL.path, publicValues: publicURL.path, backend: plan.backend.rawValue, k: plan.k,
                proveSeconds: seconds, proofBytes: proofFile.count, outputs: values.outputs.map(\.values),
                integers: values.outputs.map(\.integers))))
        } else {
            for output in values.outputs {
                print("output '\(output.name)' \(output.shape): "
                      + output.values.map { String(format: "%.6f", $0) }.joined(separator: " "))
            }
            print("proof \(proofURL.path) (\(proofFile.count) bytes, \(String(format: "%.2f", seconds)) s), "
                  + "public values \(publicURL.path)")
        }
    }

    func prove<S: CommitmentScheme>(
        params: S, keys: ModelKeys, graph: Graph, plan: ModelPlan, execution: QuantizedExecution, progress: Progress,
        seconds: inout Double
    ) throws -> [UInt8] {
        let pk = try keys.provingKey(params: params, graph: graph, progress: progress)
        let started = Date()
        let proof = try progress.phase("proving (k = \(plan.k))") {
            try ModelProving.prove(provingKey: pk, graph: graph, plan: plan, execution: execution,
                                   progress: { progress.say("  \($0)") })
        }
        seconds = Date().timeIntervalSince(started)
        return ProofFile<S>(verifyingKeyDigest: pk.vk.digest, proof: proof).serialized()
    }
}

struct ProveSummary: Encodable {
    let proof: String
    let publicValues: String
    let backend: String
    let k: Int
    let proveSeconds: Double
    let proofBytes: Int
    let outputs: [[Double]]
    let integers: [[Int64]]

    enum CodingKeys: String, CodingKey {
        case proof, backend, k, outputs, integers
        case publicValues = "public", proveSeconds = "prove_s", proofBytes = "proof_bytes"
    }
}
