import Foundation
import Optimizer
import Plonkish
import Testing
@testable import zkml_cli

/// Every byte of a real model proof flipped, a sample of the verifying key's bytes flipped, and the public values
/// changed: `zkml verify`'s check (`ProofCheck`, run here in-process, the whole proof sweep in a few seconds)
/// must reject every one. `scripts/proof-mutation-sweep` runs the same sweep through the executable.
struct ProofMutationTests {
    @Test("each byte of a digits-mlp proof flipped (xor 0x01; xor 0x80 on every eighth) is rejected")
    func everyProofByte() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let proof = try files.bytes(files.proof)
        let values = try PublicValues.read(from: URL(fileURLWithPath: files.publicValues))
        // The key is decoded once, as `zkml verify` decodes it once per run; the proof goes through the same
        // function the command calls.
        let key = try ProofCheck.verifyingKey(KZGParameters.self, try files.bytes(files.vk))
        #expect(try ProofCheck.verdict(key: key, proofBytes: proof, publicValues: values) == .accepted)
        #expect((1_500...4_000).contains(proof.count), "proof of \(proof.count) bytes")

        // Every byte xor 0x01, every eighth also xor 0x80; the mutations are checked on every core.
        let mutations = proof.indices.map { ($0, UInt8(0x01)) } + stride(from: 0, to: proof.count, by: 8).map { ($0, UInt8(0x80)) }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let outcomes = ConcurrentOutcomes(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var outcome = SweepOutcome()
            for (position, mask) in mutations[(worker * mutations.count / workers)..<((worker + 1) * mutations.count / workers)] {
                var mutated = proof
                mutated[position] ^= mask
                do {
                    if try ProofCheck.verdict(key: key, proofBytes: mutated, publicValues: values).accepted {
                        outcome.accepted.append("\(position) ^ \(mask)")
                    }
                } catch {
                    outcome.undecodable += 1
                    if !(error is FileError) || "\(error)".contains("\n") {
                        outcome.badErrors.append("\(type(of: error)): \(error)")
                    }
                }
            }
            outcomes.store(outcome, at: worker)
        }
        let total = outcomes.merged()
        let accepted = total.accepted.count, undecodable = total.undecodable
        #expect(total.badErrors.isEmpty, "\(total.badErrors.prefix(5))")
        let acceptedAt = total.accepted
        print("proof mutation sweep: \(mutations.count) mutations, \(accepted) accepted (\(undecodable) undecodable)")
        #expect(accepted == 0, "accepted: \(acceptedAt.prefix(10))")
        #expect(mutations.count > proof.count)
        // Only the container (magic, version, scheme, key digest, length) is undecodable; the transcript's bytes
        // are the verifier's to reject.
        #expect(undecodable < 200)
    }

    @Test("flipped verifying-key bytes are refused: exit 2 when the key no longer decodes, 1 when it does")
    func verifyingKeyBytes() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let vk = try files.bytes(files.vk), proof = try files.bytes(files.proof)
        let values = try PublicValues.read(from: URL(fileURLWithPath: files.publicValues))
        let positions = Set((0..<240).map { $0 * vk.count / 240 } + Array(0..<16))
        var rejected = 0, undecodable = 0
        var firstRejected: Int?, firstUndecodable: Int?
        for position in positions.sorted() {
            var mutated = vk
            mutated[position] ^= 0x01
            do {
                let verdict = try ProofCheck.verdict(vkBytes: mutated, proofBytes: proof, publicValues: values,
                                                     allowInsecure: true)
                #expect(!verdict.accepted, "vk byte \(position) flipped was accepted")
                rejected += 1
                if firstRejected == nil { firstRejected = position }
            } catch {
                undecodable += 1
                if firstUndecodable == nil { firstUndecodable = position }
                #expect(error is FileError && !"\(error)".contains("\n"), "\(type(of: error)): \(error)")
            }
        }
        print("vk mutation sweep: \(positions.count) mutations, \(rejected) rejected, \(undecodable) undecodable")
        #expect(positions.count >= 200 && rejected + undecodable == positions.count)

        // The executable maps the two outcomes to exit codes 1 and 2.
        for (position, status) in [(firstRejected, Int32(1)), (firstUndecodable, Int32(2))] {
            let position = try #require(position)
            var mutated = vk
            mutated[position] ^= 0x01
            try Data(mutated).write(to: URL(fileURLWithPath: scratch.path("mutated-vk.bin")))
            let result = try BenchCommandTests.run(["verify", "--vk", scratch.path("mutated-vk.bin"), "--proof",
                                                    files.proof, "--public", files.publicValues, "--allow-insecure"])
            #expect(result.status == status, "vk byte \(position): \(result.stdout) \(result.stderr)")
        }
    }

    @Test("changed public values are rejected (1), malformed public.json is refused (2)")
    func publicValues() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let original = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: files.publicValues)))
                as? [String: Any])
        let output = try #require((original["outputs"] as? [[String: Any]])?.first)
        let integers = try #require(output["integers"] as? [Int])
        let scale = try #require(original["scale_bits"] as? Int)

        func withOutput(_ change: (inout [String: Any]) -> Void) -> [String: Any] {
            var object = original, first = output
            change(&first)
            object["outputs"] = [first]
            return object
        }
        var changes: [(String, [String: Any])] = []
        for index in integers.indices {
            for delta in [1, -1] {
                // The integer and its value changed together: the file agrees with itself, the proof does not.
                changes.append(("integer \(index) \(delta > 0 ? "+" : "-")1", withOutput {
                    var changed = integers
                    changed[index] += delta
                    $0["integers"] = changed
                    $0["values"] = changed.map { Double($0) / Double(1 << scale) }
                }))
            }
        }
        changes.append(("values only", withOutput { $0["values"] = integers.map { Double($0 + 1) / Double(1 << scale) } }))
        changes.append(("scale", { var o = original; o["scale_bits"] = scale + 1; return o }()))
        changes.append(("one integer fewer", withOutput {
            $0["integers"] = Array(integers.dropLast())
            $0["values"] = integers.dropLast().map { Double($0) / Double(1 << scale) }
            $0["shape"] = [1, integers.count - 1]
        }))
        changes.append(("no outputs", { var o = original; o["outputs"] = [[String: Any]](); return o }()))
        let url = URL(fileURLWithPath: scratch.path("changed.json"))
        for (name, object) in changes {
            try JSONSerialization.data(withJSONObject: object).write(to: url)
            let verdict = try ProofCheck.verdict(vk: URL(fileURLWithPath: files.vk),
                                                 proof: URL(fileURLWithPath: files.proof), publicValues: url,
                                                 allowInsecure: true)
            #expect(!verdict.accepted, "\(name) was accepted")
        }
        print("public values: \(changes.count) changes, all rejected")
        try JSONSerialization.data(withJSONObject: changes[0].1).write(to: url)
        let rejected = try BenchCommandTests.run(["verify", "--vk", files.vk, "--proof", files.proof, "--public", url.path,
                                                  "--allow-insecure"])
        #expect(rejected.status == 1 && rejected.stdout.contains("REJECTED"))

        try Data("{\"scale_bits\": 5, \"outputs\": [".utf8).write(to: url)
        let malformed = try BenchCommandTests.run(["verify", "--vk", files.vk, "--proof", files.proof, "--public", url.path,
                                                   "--allow-insecure"])
        #expect(malformed.status == 2)
        #expect(malformed.stderr.split(separator: "\n").count == 1 && malformed.stderr.contains("changed.json"))
    }
}

/// What one worker of the proof sweep saw.
struct SweepOutcome {
    var accepted: [String] = []
    var undecodable = 0
    var badErrors: [String] = []
}

/// The workers' outcomes, each written once from its own thread.
final class ConcurrentOutcomes: @unchecked Sendable {
    private var outcomes: [SweepOutcome]
    private let lock = NSLock()

    init(count: Int) { outcomes = Array(repeating: SweepOutcome(), count: count) }

    func store(_ outcome: SweepOutcome, at index: Int) { lock.withLock { outcomes[index] = outcome } }

    func merged() -> SweepOutcome {
        lock.withLock {
            outcomes.reduce(into: SweepOutcome()) {
                $0.accepted += $1.accepted
                $0.undecodable += $1.undecodable
                $0.badErrors += $1.badErrors
            }
        }
    }
}
