import ArgumentParser
import Foundation
import Optimizer
import Plonkish

struct Setup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make the proving and verifying keys of a plan's circuit (DIR/pk.bin, DIR/vk.bin, DIR/keys.json).",
        discussion: """
            The verifying key commits to the circuit, weights included, so it alone (with a proof and its public \
            values) verifies. KZG uses --srs (a ceremony's parameters: a snarkjs .ptau file such as the Hermez \
            powers of tau, whose first 2^k powers are taken, or a halo2/PSE ParamsKZG file; --srs-blake2b HEX \
            checks the whole file against its published BLAKE2b-512 first) or, without it, the INSECURE \
            development parameters of `zkml srs`, whose secret is public: such keys are for development only, a \
            warning on stderr says so, and `zkml verify` rejects them unless given --allow-insecure. IPA needs no \
            setup file. keys.json, written last, records the plan the keys \
            belong to and both files' digests: `zkml prove` refuses keys made for another plan or changed since. \
            Processes sharing a key directory take turns (a lock on the directory), so one makes the keys and the \
            others load them.

            Examples:
              zkml setup plan.json --keys keys/
              zkml setup plan.json --srs powersOfTau28_hez_final_17.ptau
            """
    )

    @Argument(help: "The plan (from zkml optimize).")
    var plan: String

    @OptionGroup var keyFiles: KeyFileOptions

    @Flag(help: "Print one JSON object on stdout instead of a summary.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let progress = global.apply()
        let planURL = URL(fileURLWithPath: plan)
        let plan = try ModelPlan.read(from: planURL)
        let graph = try plan.loadModel(relativeTo: planURL)
        let keys = keyFiles.modelKeys(plan: plan, planURL: planURL)
        let started = Date()
        let digest: String
        switch plan.backend {
        case .kzg: digest = try keys.setUp(params: try keys.kzgParameters(progress: progress), graph: graph, progress: progress).vk.digest.hexString
        case .ipa: digest = try keys.setUp(params: IPAParameters(k: plan.k), graph: graph, progress: progress).vk.digest.hexString
        }
        let seconds = Date().timeIntervalSince(started)
        if json {
            print(try CommandJSON.string(SetupSummary(provingKey: keys.provingKeyURL.path,
                                                      verifyingKey: keys.verifyingKeyURL.path,
                                                      backend: plan.backend.rawValue, k: plan.k, vkDigest: digest,
                                                      seconds: seconds)))
        } else {
            print("wrote \(keys.provingKeyURL.path) and \(keys.verifyingKeyURL.path) (\(plan.backend.rawValue), "
                  + "k = \(plan.k), \(String(format: "%.2f", seconds)) s)")
        }
    }
}

struct SetupSummary: Encodable {
    let provingKey: String
    let verifyingKey: String
    let backend: String
    let k: Int
    let vkDigest: String
    let seconds: Double

    enum CodingKeys: String, CodingKey {
        case backend, k, seconds
        case provingKey = "pk", verifyingKey = "vk", vkDigest = "vk_digest"
    }
}
