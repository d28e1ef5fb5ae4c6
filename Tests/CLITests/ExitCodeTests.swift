import ArgumentParser
import Foundation
import Testing
@testable import zkml_cli

/// The command-line contract: every command's help has an example, bad input exits 2 with one line on stderr
/// naming the problem and leaves no output file behind.
struct ExitCodeTests {
    /// Every command path under `zkml`, from the command tree itself, so a new command is covered too.
    static func commandPaths(_ command: any ParsableCommand.Type = ZKML.self, prefix: [String] = []) -> [[String]] {
        command.configuration.subcommands.flatMap { sub -> [[String]] in
            let path = prefix + [sub._commandName]
            return [path] + commandPaths(sub, prefix: path)
        }
    }

    @Test("zkml --help and every subcommand's --help show an example")
    func helpExamples() throws {
        let paths = Self.commandPaths()
        #expect(paths.count >= 11, "\(paths)")
        for path in [[]] + paths {
            let result = try BenchCommandTests.run(path + ["--help"])
            #expect(result.status == 0, "\(path)")
            #expect(result.stdout.contains("Example"), "zkml \(path.joined(separator: " ")) --help has no example")
        }
    }

    @Test("commands that print results take --json")
    func jsonFlags() throws {
        for path in Self.commandPaths() where path != ["bench"] {
            let result = try BenchCommandTests.run(path + ["--help"])
            #expect(result.stdout.contains("--json"), "zkml \(path.joined(separator: " ")) has no --json")
        }
    }

    /// Runs a command that must fail on bad input: exit 2, exactly one line on stderr containing `naming`.
    static func expectBadInput(_ arguments: [String], naming: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let result = try BenchCommandTests.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(naming), "\(arguments): \(result.stderr)", sourceLocation: sourceLocation)
    }

    @Test("bad plans, models, inputs and proofs exit 2 with one line and write nothing")
    func badInput() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let out = scratch.path("out.bin"), publicOut = scratch.path("out.json")
        func prove(plan: String = files.plan, input: String = DigitsMLPFiles.input) -> [String] {
            ["prove", plan, "--input", input, "--keys", files.keys, "-o", out, "--public", publicOut, "--quiet"]
        }
        func write(_ text: String, _ name: String) throws -> String {
            try Data(text.utf8).write(to: URL(fileURLWithPath: scratch.path(name)))
            return scratch.path(name)
        }
        let planText = try String(contentsOfFile: files.plan, encoding: .utf8)

        let malformed = try write(String(planText.dropLast(20)), "malformed-plan.json")
        try Self.expectBadInput(prove(plan: malformed), naming: "malformed-plan.json")
        try Self.expectBadInput(["setup", malformed, "--keys", files.keys], naming: "malformed-plan.json")
        let noField = try write(planText.replacingOccurrences(of: "\"table_size\"", with: "\"tables\""), "old-plan.json")
        try Self.expectBadInput(prove(plan: noField), naming: "table_size")

        let input = try String(contentsOfFile: DigitsMLPFiles.input, encoding: .utf8)
        let wrongShape = try write("{\"input\": [[1, 2, 3]]}", "short-input.json")
        try Self.expectBadInput(prove(input: wrongShape), naming: "shape")
        try Self.expectBadInput(["run", scratch.path("model.tflite.json"), "--input", wrongShape], naming: "shape")
        let notNumbers = try write(input.replacingOccurrences(of: "0.0", with: "\"x\""), "text-input.json")
        try Self.expectBadInput(prove(input: notNumbers), naming: "text-input.json")
        // Far outside what the plan's tables were sized for: the inputs' range check names the input.
        let huge = try JSONSerialization.jsonObject(with: Data(input.utf8)) as? [String: Any]
        let pixels = try #require(huge?["input"] as? [[Double]])
        let hugeInput = try JSONSerialization.data(withJSONObject: ["input": pixels.map { $0.map { _ in 1e6 } }])
        try hugeInput.write(to: URL(fileURLWithPath: scratch.path("huge-input.json")))
        try Self.expectBadInput(prove(input: scratch.path("huge-input.json")),
                                naming: "input 'serving_default_input:0': element 0 is 32000000 in fixed point, outside the plan's input range")

        let truncated = try files.bytes(files.proof).dropLast(100)
        try Data(truncated).write(to: URL(fileURLWithPath: scratch.path("truncated.bin")))
        try Self.expectBadInput(["verify", "--vk", files.vk, "--proof", scratch.path("truncated.bin"), "--public",
                                 files.publicValues], naming: "truncated.bin")
        try Self.expectBadInput(["verify", "--vk", files.proof, "--proof", files.proof, "--public",
                                 files.publicValues], naming: "proof.bin")

        // Last: the model changed after planning, so the plan's digest no longer matches.
        let model = URL(fileURLWithPath: scratch.path("model.tflite.json"))
        try (Data(contentsOf: model) + Data(" ".utf8)).write(to: model)
        try Self.expectBadInput(prove(), naming: "digest")
        try Self.expectBadInput(["setup", files.plan, "--keys", files.keys], naming: "digest")

        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: publicOut))
        #expect(try scratch.entries().filter { $0.hasPrefix(".") } == [])
    }

    @Test("a usage mistake points at --help; a bad file names its problem without the pointer")
    func helpPointer() throws {
        let unknownOption = try BenchCommandTests.run(["prove", "plan.json", "--inptu", "x.json"])
        #expect(unknownOption.status == 2 && unknownOption.stderr.contains("(see zkml --help)"),
                "\(unknownOption.stderr)")
        let outOfRange = try BenchCommandTests.run(["optimize", "model.json", "--repeat", "0"])
        #expect(outOfRange.status == 2 && outOfRange.stderr.contains("(see zkml --help)"), "\(outOfRange.stderr)")
        let scratch = try CLIScratch()
        let missing = try BenchCommandTests.run(["run", scratch.path("absent.tflite.json"), "--input",
                                                 scratch.path("x.json")])
        #expect(missing.status == 2 && missing.stderr.contains("absent.tflite.json"), "\(missing.stderr)")
        #expect(!missing.stderr.contains("--help"), "\(missing.stderr)")
    }
}
