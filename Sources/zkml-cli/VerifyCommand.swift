import ArgumentParser
import Foundation
import Optimizer
import Plonkish

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a proof against a verifying key and public values; needs no model and no weights.",
        discussion: """
            Exit codes: 0 the proof is accepted; 1 the three files are well-formed but do not verify together (a \
            changed public value, another key's proof, a proof whose transcript was altered, public values that \
            contradict themselves), or the key was made with INSECURE parameters whose secret is public (zkml's \
            development parameters: `zkml setup` without --srs) and --allow-insecure is not given; 2 a file cannot be read or is not a well-formed file of its kind (wrong magic, \
            version or scheme, truncated, trailing bytes, a key whose points or constraint system do not decode, \
            malformed JSON).

            The verdict (and --json's insecure_parameters) says whether the key's parameters are known to be \
            insecure: anyone can forge proofs for such a key, so it proves nothing to anyone but its maker. \
            --allow-insecure checks the proof all the same, for development.

            Example: zkml verify --vk vk.bin --proof proof.bin --public public.json
            """
    )

    @Option(help: "The verifying key (from zkml setup).")
    var vk: String

    @Option(help: "The proof (from zkml prove).")
    var proof: String

    @Option(name: .customLong("public"), help: "The public values (from zkml prove).")
    var publicValues: String

    @Flag(help: "Accept a key made with INSECURE parameters whose secret is public (development keys).")
    var allowInsecure = false

    @Flag(help: "Print one JSON object on stdout instead of a verdict.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.apply()
        let start = DispatchTime.now().uptimeNanoseconds
        let verdict = try ProofCheck.verdict(vk: URL(fileURLWithPath: vk), proof: URL(fileURLWithPath: proof),
                                             publicValues: URL(fileURLWithPath: publicValues),
                                             allowInsecure: allowInsecure)
        // Reading and decoding the three files included: what a verifier waits for, less the process start.
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        if json {
            print(try CommandJSON.string(VerifySummary(accepted: verdict.accepted, reason: verdict.reason,
                                                       insecureParameters: verdict.insecureParameters,
                                                       verifyMilliseconds: milliseconds)))
        } else {
            let time = String(format: "%.2f ms", milliseconds)
            print(verdict.accepted ? "proof accepted (\(time))" : "proof REJECTED: \(verdict.reason ?? "invalid proof")")
            if verdict.insecureParameters && verdict.accepted {
                print("WARNING: the key was made with INSECURE parameters whose secret is public: anyone can forge "
                      + "its proofs")
            }
        }
        if !verdict.accepted {
            fflush(stdout)
            Foundation.exit(1)
        }
    }
}

struct VerifySummary: Encodable {
    let accepted: Bool
    let reason: String?
    let insecureParameters: Bool
    let verifyMilliseconds: Double

    enum CodingKeys: String, CodingKey {
        case accepted, reason
        case insecureParameters = "insecure_parameters", verifyMilliseconds = "verify_ms"
    }
}
