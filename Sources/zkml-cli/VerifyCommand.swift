import ArgumentParser
import Foundation
import Optimizer
import Plonkish

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a proof against a verifying key and public values; needs no model and no weights.",
        discussion: """
            Exit codes: 0 the proof is accepted, 1 it is rejected (a changed public value, another key's proof, a \
            corrupted proof), 2 a file cannot be read or decoded.

            Example: zkml verify --vk vk.bin --proof proof.bin --public public.json
            """
    )

    @Option(help: "The verifying key (from zkml setup).")
    var vk: String

    @Option(help: "The proof (from zkml prove).")
    var proof: String

    @Option(name: .customLong("public"), help: "The public values (from zkml prove).")
    var publicValues: String

    @Flag(help: "Print one JSON object on stdout instead of a verdict.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func run() throws {
        _ = global.apply()
        let vkBytes = Array(try Data(contentsOf: URL(fileURLWithPath: vk)))
        let proofBytes = Array(try Data(contentsOf: URL(fileURLWithPath: proof)))
        let values = try PublicValues.read(from: URL(fileURLWithPath: publicValues))
        let scheme = try SchemeName.scheme(in: vkBytes, magic: VerifyingKey<KZGParameters>.magic,
                                           version: VerifyingKey<KZGParameters>.version, fileKind: "zkml verifying key")
        let verdict: (accepted: Bool, reason: String?)
        if ObjectIdentifier(scheme) == ObjectIdentifier(KZGParameters.self) {
            verdict = try check(KZGParameters.self, vkBytes, proofBytes, values)
        } else {
            verdict = try check(IPAParameters.self, vkBytes, proofBytes, values)
        }
        if json {
            print(try CommandJSON.string(VerifySummary(accepted: verdict.accepted, reason: verdict.reason)))
        } else {
            print(verdict.accepted ? "proof accepted" : "proof REJECTED: \(verdict.reason ?? "invalid proof")")
        }
        if !verdict.accepted {
            fflush(stdout)
            Foundation.exit(1)
        }
    }

    func check<S: CommitmentScheme>(_: S.Type, _ vkBytes: [UInt8], _ proofBytes: [UInt8], _ values: PublicValues)
        throws -> (accepted: Bool, reason: String?)
    {
        let key = try VerifyingKey<S>(serialized: vkBytes)
        let file = try ProofFile<S>(serialized: proofBytes)
        guard file.verifyingKeyDigest == key.digest else { return (false, "the proof was made for another verifying key") }
        if let problem = values.inconsistency { return (false, problem) }
        do {
            return try ModelProving.verify(vk: key, publicValues: values, proof: file.proof)
                ? (true, nil) : (false, "the proof does not verify for these public values")
        } catch {
            return (false, "\(error)")
        }
    }
}

struct VerifySummary: Encodable {
    let accepted: Bool
    let reason: String?
}
