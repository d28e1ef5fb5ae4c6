import Foundation
import Testing

/// The corpus MLP planned (scale 2^5, KZG) and proved on input-0, copied into a test's scratch directory: the
/// files the robustness tests mutate. They are made once per test run with the built executable, as a user makes
/// them (optimize, then prove, which runs setup), and copied from there, since proving takes seconds.
struct DigitsMLPFiles {
    static let corpus = RunCommandTests.fixtures.appendingPathComponent("corpus/digits-mlp")
    static var input: String { corpus.appendingPathComponent("input-0.json").path }

    let plan: String
    let keys: String
    let proof: String
    let publicValues: String
    var vk: String { keys + "/vk.bin" }

    init(in directory: URL) {
        plan = directory.appendingPathComponent("plan.json").path
        keys = directory.appendingPathComponent("keys").path
        proof = directory.appendingPathComponent("proof.bin").path
        publicValues = directory.appendingPathComponent("public.json").path
    }

    /// The model and its plan only: no keys, no proof.
    static func plan(in scratch: borrowing CLIScratch) throws -> DigitsMLPFiles {
        try copy(["model.tflite.json", "plan.json"], into: scratch.url)
    }

    /// The model, plan, keys (with their manifest), proof and public values.
    static func proved(in scratch: borrowing CLIScratch) throws -> DigitsMLPFiles {
        try copy(["model.tflite.json", "plan.json", "keys", "proof.bin", "public.json"], into: scratch.url)
    }

    private static func copy(_ names: [String], into directory: URL) throws -> DigitsMLPFiles {
        let template = try made.get()
        for name in names {
            try FileManager.default.copyItem(at: template.appendingPathComponent(name),
                                             to: directory.appendingPathComponent(name))
        }
        return DigitsMLPFiles(in: directory)
    }

    /// Made on first use, shared by every test, removed when the test process exits.
    private static let made: Result<URL, any Error> = Result {
        let directory = templateDirectory
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: DigitsMLPFiles.templateDirectory) }
        // The plan refers to the model by a path relative to itself: the model lies beside it.
        try FileManager.default.copyItem(at: corpus.appendingPathComponent("model.tflite.json"),
                                         to: directory.appendingPathComponent("model.tflite.json"))
        let files = DigitsMLPFiles(in: directory)
        let optimize = try BenchCommandTests.run(["optimize", directory.appendingPathComponent("model.tflite.json").path,
                                                  "-o", files.plan, "--scale", "5", "--calibration", input,
                                                  "--columns", "10", "--quiet"])
        guard optimize.status == 0 else { throw CLIFixtureError(command: "optimize", stderr: optimize.stderr) }
        let prove = try BenchCommandTests.run(files.proveArguments(proof: files.proof, publicValues: files.publicValues))
        guard prove.status == 0 else { throw CLIFixtureError(command: "prove", stderr: prove.stderr) }
        return directory
    }

    private static var templateDirectory: URL {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("zkml-cli-digits-mlp-\(ProcessInfo.processInfo.processIdentifier)")
    }

    func proveArguments(proof: String, publicValues: String, input: String = Self.input) -> [String] {
        ["prove", plan, "--input", input, "--keys", keys, "-o", proof, "--public", publicValues, "--quiet"]
    }

    func bytes(_ path: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
}

struct CLIFixtureError: Error, CustomStringConvertible {
    let command: String
    let stderr: String
    var description: String { "zkml \(command) failed making the digits-mlp fixture: \(stderr)" }
}
