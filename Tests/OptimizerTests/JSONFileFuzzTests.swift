import Foundation
import Optimizer
import Testing

/// Mutation fuzzing of the JSON files the commands read besides models: plan.json (`setup`, `prove`), input
/// files (`optimize`, `run`, `prove`) and public.json (`verify`), with the mutator and rules of
/// `DecoderFuzzTests`: no crash or hang, every rejection a typed error described in one line. Each input is
/// decoded as the commands decode it: the plan strictly read, the input read against the model and run through
/// the quantized interpreter at the plan's scale, the public values read and checked for consistency.
@Suite("JSON file fuzzing")
struct JSONFileFuzzTests {
    static let model = "corpus/digits-mlp/model.tflite.json"

    @Test("mutated plans, input files and public values are rejected with one-line errors")
    func jsonFiles() throws {
        let graph = try ModelImporter.load(url: try ImportFixtures.url(Self.model))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkml-json-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("mutated.json")
        /// The decoders read files; each mutation is written first.
        func fromFile(_ decode: @escaping (URL) throws -> Void) -> ([UInt8]) throws -> Void {
            { bytes in
                try Data(bytes).write(to: file)
                try decode(file)
            }
        }

        let plan = ModelPlan(model: "model.tflite.json",
                             modelDigest: ModelPlan.digest(of: try ImportFixtures.bytes(Self.model)), backend: .kzg,
                             scaleBits: 5, columns: 10, k: 12, degree: 5, tableSize: 1_024,
                             choices: LayerChoices(), estimatedRows: 3_000, lookups: 800)
        let interpreter = try QuantizedInterpreter(graph: graph, scaleBits: plan.scaleBits,
                                                   maskedValue: plan.sizing.functionInputMin)
        let inputURL = try ImportFixtures.url("corpus/digits-mlp/input-0.json")
        let execution = try interpreter.run(inputs: try TensorJSONFile.readInputs(from: inputURL, for: graph))
        let publicValues = PublicValues(graph: graph, execution: execution)
        #expect(publicValues.inconsistency == nil)

        let targets: [(FuzzTarget, Int)] = [
            (FuzzTarget(name: "plan.json", sample: try plan.json(),
                        decode: fromFile { _ = try ModelPlan.read(from: $0) }), 1_200),
            (FuzzTarget(name: "digits-mlp input-0.json", sample: [UInt8](try Data(contentsOf: inputURL)),
                        decode: fromFile { _ = try interpreter.run(inputs: try TensorJSONFile.readInputs(from: $0, for: graph)) }),
             1_200),
            (FuzzTarget(name: "public.json", sample: try publicValues.json(), decode: fromFile {
                if let problem = try PublicValues.read(from: $0).inconsistency { throw Inconsistent(problem: problem) }
            }), 1_200),
        ]
        for (target, count) in targets {
            DecoderFuzzTests.sweep(target, count: count * DecoderFuzzTests.scale).expectClean()
        }
    }
}

/// Public values that decode but contradict themselves: what `zkml verify` rejects before the proof.
struct Inconsistent: Error, CustomStringConvertible {
    let problem: String
    var description: String { problem }
}
