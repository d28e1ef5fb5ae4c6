import Foundation
import Optimizer
import Plonkish
import Testing

/// Mutation fuzzing of every decoder zkml has: TFLite JSON and FlatBuffer models, the paper's msgpack models,
/// configs and inputs, verifying keys, proving keys, proof files (and the verifier reading the proof inside) and
/// halo2 KZG parameter files, each fed deterministic mutations of a valid sample (byte flips, boundary-value
/// overwrites, truncations, insertions, splices, number rewrites). No input may crash or hang a decoder, and every
/// rejection must be one of the project's typed errors, described in one line.
///
/// About 12,000 inputs run in CI. For a larger sweep, scale every target's count:
/// `ZKML_FUZZ_SCALE=100 swift test -c release -Xswiftc -enable-testing --filter DecoderFuzzTests`
/// (`ZKML_FUZZ_SEED=N` changes the seed; a failure names the target, the input's index and its mutations, which
/// the same seed reproduces).
@Suite("decoder fuzzing")
struct DecoderFuzzTests {
    static let seed = UInt64(ProcessInfo.processInfo.environment["ZKML_FUZZ_SEED"] ?? "") ?? 0x7A6B_6D6C_6675_7A7A
    static let scale = max(1, Int(ProcessInfo.processInfo.environment["ZKML_FUZZ_SCALE"] ?? "") ?? 1)

    /// The slowest a single decode may be before it counts as a hang. Far above what any sample needs (a few
    /// milliseconds), so that only runaway loops or allocations trip it even on a loaded machine.
    static let hangLimitSeconds = 60.0

    @Test("mutated model files are rejected with one-line import errors", arguments: [
        ("corpus/digits-cnn/model.tflite.json", 1_200),
        ("corpus/depthwise/model.tflite.json", 800),
        ("corpus/digits-cnn/model.tflite", 1_500),
        ("corpus/attention-toy/model.tflite", 1_000),
        ("zkml/mnist/model.msgpack", 1_000),
        ("zkml/twitter/config.msgpack", 600),
        ("zkml/mnist/inp.msgpack", 800),
    ])
    func models(path: String, count: Int) throws {
        let sample = try ImportFixtures.bytes(path)
        let name = URL(fileURLWithPath: path).lastPathComponent
        let decode: ([UInt8]) throws -> Void
        switch ModelImporter.format(of: URL(fileURLWithPath: path)) {
        case .tfliteJSON: decode = { _ = try TFLiteJSONImporter.graph(fromJSON: $0, fileName: name) }
        case .tflite: decode = { _ = try TFLiteBinaryImporter.graph(fromFlatBuffer: $0, fileName: name) }
        case .zkmlMsgpack where name == "inp.msgpack":
            decode = { _ = try ZKMLMsgpackImporter.inputs(fromMsgpack: $0, fileName: name) }
        case .zkmlMsgpack: decode = { _ = try ZKMLMsgpackImporter.graph(fromMsgpack: $0, fileName: name) }
        case nil: throw CocoaError(.fileReadUnknown)
        }
        let result = Self.sweep(FuzzTarget(name: path, sample: sample, decode: decode), count: count * Self.scale)
        result.expectClean()
    }

    @Test("mutated keys, proofs and parameters are rejected with one-line errors")
    func keysProofsAndParameters() throws {
        var targets: [(FuzzTarget, Int)] = []
        targets += try Self.protocolTargets(KZGParameters(insecureSeed: Array("fuzz".utf8), k: 5),
                                            counts: (vk: 1_000, pk: 600, proof: 600))
        targets += try Self.protocolTargets(IPAParameters(k: 5), counts: (vk: 500, pk: 300, proof: 300))
        let params = KZGParameters(insecureSeed: Array("fuzz".utf8), k: 2)
        targets.append((FuzzTarget(name: "kzg_bn254_2.srs", sample: params.pseParametersBytes()) {
            _ = try KZGParameters(pseParameters: $0)
        }, 1_000))
        for (target, count) in targets {
            Self.sweep(target, count: count * Self.scale).expectClean()
        }
    }

    /// A verifying key, a proving key and a proof of the benchmark circuit, each with its decoder; the proof's
    /// decoder also runs the verifier on the transcript, the decoder that matters most for proofs.
    static func protocolTargets<S: CommitmentScheme>(
        _ params: S, counts: (vk: Int, pk: Int, proof: Int)
    ) throws -> [(FuzzTarget, Int)] {
        let circuit = BenchmarkCircuit<S.Scalar>(k: params.k, columns: 3)
        let pk = try Keygen.provingKey(params: params, circuit: circuit, k: params.k)
        let proof = try Prover.prove(provingKey: pk, circuit: circuit, instances: [])
        let vk = pk.vk
        let verifier = params.verifier
        #expect(try Verifier.verify(verifier: verifier, vk: vk, instances: [], proof: proof))
        let proofFile = ProofFile<S>(verifyingKeyDigest: vk.digest, proof: proof).serialized()
        return [
            (FuzzTarget(name: "\(S.name) verifying key", sample: vk.serialized()) {
                _ = try VerifyingKey<S>(serialized: $0)
            }, counts.vk),
            (FuzzTarget(name: "\(S.name) proving key", sample: pk.serialized()) {
                _ = try ProvingKey<S>(serialized: $0, params: params)
            }, counts.pk),
            (FuzzTarget(name: "\(S.name) proof file", sample: proofFile) {
                let file = try ProofFile<S>(serialized: $0)
                let valid = try Verifier.verify(verifier: verifier, vk: vk, instances: [], proof: file.proof)
                if valid && file.proof != proof { throw ProofVerdict.forged }
                if !valid { throw ProofVerdict.rejected }
            }, counts.proof),
        ]
    }

    static func sweep(_ target: FuzzTarget, count: Int) -> FuzzResult {
        var result = FuzzResult(target: target.name)
        var random = SplitMix64(seed: seed ^ UInt64(truncatingIfNeeded: target.name.hashValueStable))
        for index in 0..<count {
            var mutator = Mutator(random: SplitMix64(seed: random.next()))
            let (input, mutations) = mutator.mutate(target.sample)
            let start = DispatchTime.now()
            do {
                try target.decode(input)
                result.accepted += 1
            } catch {
                result.rejected += 1
                let description = "\(error)"
                if !FuzzResult.isTyped(error) || description.isEmpty || description.contains("\n") {
                    result.record("input \(index) (\(mutations)): untyped or multi-line error \(type(of: error)): "
                                  + description)
                }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
            if seconds > hangLimitSeconds {
                result.record("input \(index) (\(mutations)) took \(seconds) s")
            }
            result.slowestSeconds = max(result.slowestSeconds, seconds)
        }
        return result
    }
}

/// What the verifier made of a mutated proof that decoded: rejecting it is right, accepting a changed transcript
/// would be a forgery.
enum ProofVerdict: Error, CustomStringConvertible {
    case rejected, forged

    var description: String {
        switch self {
        case .rejected: "the verifier rejected the proof"
        case .forged: "the verifier ACCEPTED a changed proof"
        }
    }
}

struct FuzzTarget {
    let name: String
    let sample: [UInt8]
    let decode: ([UInt8]) throws -> Void
}

struct FuzzResult {
    let target: String
    var accepted = 0
    var rejected = 0
    var slowestSeconds = 0.0
    var failures: [String] = []

    mutating func record(_ failure: String) {
        if failures.count < 5 { failures.append(failure) }
    }

    /// The errors decoders are meant to throw; anything else (a Foundation error, a bare `DecodingError`) means a
    /// decoder let a low-level failure escape without saying where in the file it is.
    static func isTyped(_ error: any Error) -> Bool {
        error is ModelImportError || error is BinaryDecodingError || error is CommitmentError
            || error is PlonkError || error is TranscriptError || error is IPAProofError
            || error is ConstraintSystemError || error is PointDecodingError || error as? ProofVerdict == .rejected
            || error is ModelCircuitError || error is PublicValuesError || error is TensorFileError
            || error is InterpreterError || error is Inconsistent
    }

    func expectClean() {
        print(String(format: "fuzz %@: %d inputs, %d accepted, %d rejected, slowest %.1f ms",
                     target, accepted + rejected, accepted, rejected, slowestSeconds * 1000))
        #expect(failures.isEmpty, "\(target): \(failures.joined(separator: "; "))")
        #expect(accepted + rejected > 0)
        // Most mutations must be caught: a decoder that accepts nearly everything is not checking its input.
        #expect(rejected * 2 > accepted, "\(target): \(accepted) accepted, \(rejected) rejected")
    }
}

/// Applies one to four random mutations to a sample, and says which.
struct Mutator {
    var random: SplitMix64

    /// Values that sit on the edges of length and count fields.
    static let boundaryWords: [UInt64] = [
        0, 1, 2, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF,
    ]
    /// Numbers that text formats turn into shapes, indices and sizes.
    static let boundaryNumbers = ["0", "-1", "1", "255", "65536", "2147483648", "-2147483649",
                                  "9223372036854775807", "99999999999999999999", "1e308", "-0", "0.5"]

    mutating func mutate(_ sample: [UInt8]) -> ([UInt8], String) {
        var bytes = sample
        var names: [String] = []
        for _ in 0..<(1 + random.below(4)) {
            names.append(mutateOnce(&bytes, sample: sample))
        }
        return (bytes, names.joined(separator: ", "))
    }

    mutating func mutateOnce(_ bytes: inout [UInt8], sample: [UInt8]) -> String {
        if bytes.isEmpty {
            bytes = Array(sample.prefix(random.below(sample.count + 1)))
            return "restart"
        }
        let position = random.below(bytes.count)
        switch random.below(8) {
        case 0:
            let bit = random.below(8)
            bytes[position] ^= UInt8(1 << bit)
            return "flip bit \(bit) at \(position)"
        case 1:
            bytes[position] = UInt8(truncatingIfNeeded: random.next())
            return "set byte \(position)"
        case 2:
            let word = Self.boundaryWords[random.below(Self.boundaryWords.count)]
            let width = [1, 2, 4, 8][random.below(4)]
            for i in 0..<min(width, bytes.count - position) {
                bytes[position + i] = UInt8(truncatingIfNeeded: word >> (8 * UInt64(i)))
            }
            return "write \(word) (\(width) bytes) at \(position)"
        case 3:
            bytes.removeSubrange(position...)
            return "truncate to \(position)"
        case 4:
            let length = 1 + random.below(16)
            bytes.insert(contentsOf: (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }, at: position)
            return "insert \(length) bytes at \(position)"
        case 5:
            let length = 1 + random.below(min(64, bytes.count - position))
            bytes.removeSubrange(position..<(position + length))
            return "delete \(length) bytes at \(position)"
        case 6:
            // A chunk of the original copied elsewhere: structure that parses, in the wrong place.
            let from = random.below(sample.count)
            let length = 1 + random.below(min(256, sample.count - from))
            let chunk = sample[from..<(from + length)]
            if random.below(2) == 0 {
                bytes.insert(contentsOf: chunk, at: position)
                return "splice \(length) bytes from \(from) in at \(position)"
            }
            let end = min(bytes.count, position + length)
            bytes.replaceSubrange(position..<end, with: chunk.prefix(end - position))
            return "copy \(end - position) bytes from \(from) over \(position)"
        default:
            return rewriteNumber(&bytes, near: position)
        }
    }

    /// Replaces the run of ASCII digits at or after `position` by a boundary number: in text formats this reaches
    /// the checks on shapes, indices and sizes that byte noise, which mostly breaks the syntax, does not.
    mutating func rewriteNumber(_ bytes: inout [UInt8], near position: Int) -> String {
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        guard let start = bytes[position...].firstIndex(where: isDigit) else { return "no number after \(position)" }
        let end = bytes[start...].firstIndex(where: { !isDigit($0) }) ?? bytes.count
        let number = Self.boundaryNumbers[random.below(Self.boundaryNumbers.count)]
        bytes.replaceSubrange(start..<end, with: Array(number.utf8))
        return "number at \(start) := \(number)"
    }
}

/// A small deterministic generator (Steele, Lea and Flood's SplitMix64): the same seed gives the same inputs on
/// every platform, which `SystemRandomNumberGenerator` does not.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform enough in `0..<bound` for fuzzing (bound ≥ 1).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}

private extension String {
    /// FNV-1a of the UTF-8 bytes: `hashValue` changes from run to run, and the seed of each target must not.
    var hashValueStable: UInt64 {
        utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
