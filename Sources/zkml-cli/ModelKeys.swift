import ArgumentParser
import Foundation
import Optimizer
import Plonkish

/// Where `setup` and `prove` keep a plan's keys, and which KZG parameters make them.
struct KeyFileOptions: ParsableArguments {
    @Option(help: "Directory of pk.bin and vk.bin (default: beside the plan).")
    var keys: String?

    @Option(help: "KZG parameters file (halo2/PSE format) instead of the insecure test setup.")
    var srs: String?

    func modelKeys(plan: ModelPlan, planURL: URL) -> ModelKeys {
        ModelKeys(plan: plan, planURL: planURL, keys: keys, srs: srs)
    }
}

/// The key files of a plan and the scheme parameters they are made with.
struct ModelKeys {
    let plan: ModelPlan
    let planURL: URL
    let directory: URL
    /// A halo2/PSE KZG parameters file; nil: the insecure test setup of `zkml srs`.
    let srs: String?

    init(plan: ModelPlan, planURL: URL, keys: String?, srs: String?) {
        self.plan = plan
        self.planURL = planURL
        directory = keys.map { URL(fileURLWithPath: $0) } ?? planURL.deletingLastPathComponent()
        self.srs = srs
    }

    var provingKeyURL: URL { directory.appendingPathComponent("pk.bin") }
    var verifyingKeyURL: URL { directory.appendingPathComponent("vk.bin") }

    func kzgParameters() throws -> KZGParameters {
        if let srs { return try KZGParameters(pseParametersFile: URL(fileURLWithPath: srs)) }
        return KZGParameters(insecureSeed: Array(InsecureParameters.defaultSeed.utf8), k: plan.k)
    }

    /// Makes both keys from the plan's circuit and writes them, each atomically.
    func setUp<S: CommitmentScheme>(params: S, graph: Graph, progress: Progress) throws -> ProvingKey<S> {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pk = try progress.phase("keygen (k = \(plan.k))") {
            try ModelProving.provingKey(params: params, graph: graph, plan: plan)
        }
        try OutputFile.write(pk.serialized(), to: provingKeyURL)
        try OutputFile.write(pk.vk.serialized(), to: verifyingKeyURL)
        return pk
    }

    /// The proving key from pk.bin, or made (and written) when the directory has none.
    func provingKey<S: CommitmentScheme>(params: S, graph: Graph, progress: Progress) throws -> ProvingKey<S> {
        guard FileManager.default.fileExists(atPath: provingKeyURL.path) else {
            progress.say("no keys in \(directory.path): running setup")
            return try setUp(params: params, graph: graph, progress: progress)
        }
        let bytes = Array(try Data(contentsOf: provingKeyURL))
        return try progress.phase("loading \(provingKeyURL.lastPathComponent)") {
            try ProvingKey<S>(serialized: bytes, params: params)
        }
    }
}
