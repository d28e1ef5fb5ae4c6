import ArgumentParser
import Foundation

@main
struct ZKML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkml",
        abstract: "Prove machine-learning inference with a Halo2-style Plonkish SNARK.",
        discussion: """
            Examples:
              zkml bench primitives            measure field, FFT, MSM and pairing speed on this machine
              zkml bench primitives --json     the same, as one JSON object on stdout
              zkml inspect model.tflite        operators, parameter count and shapes of a model
              zkml benchmark-hardware          measure this machine's prices into cost-profiles/

            Exit codes: 0 success, 1 verification failed, 2 bad input or usage.
            """,
        version: "0.1.0",
        subcommands: [Bench.self, BenchmarkHardware.self, Inspect.self]
    )

    /// Parses and runs the command; every failure ends in one line on stderr and exit code 2 (help and version
    /// requests keep their normal output and exit code 0).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let message = ZKML.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("zkml: \(message) (see zkml --help)\n".utf8))
            Foundation.exit(2)
        }
    }
}
