import ArgumentParser
import Foundation

@main
struct ZKML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkml",
        abstract: "Prove machine-learning inference with a Halo2-style Plonkish SNARK.",
        discussion: """
            Examples:
              zkml bench primitives          field, FFT, MSM and pairing speed here
              zkml bench primitives --json   the same, as one JSON object on stdout
              zkml inspect model.tflite      operators, parameters and shapes
              zkml inspect vk.bin --json     any zkml file: model, plan, key, proof, public values, SRS
              zkml optimize model.tflite --calibration input.json -o plan.json
                                             plan the circuit: columns, k, table size, degree
              zkml setup plan.json           proving and verifying keys beside the plan
              zkml prove plan.json --input input.json
                                             proof.bin and public.json (the outputs) beside the plan
              zkml verify --vk vk.bin --proof proof.bin --public public.json
                                             exit 0 accepted, 1 rejected; needs no model
              zkml run model.tflite --input input.json
                                             float and fixed-point outputs of a model side by side
              zkml benchmark-hardware        measure this machine's prices into cost-profiles/
              zkml srs --k 17                INSECURE test parameters, 2^17 rows
              zkml srs --import params.srs   check a halo2/PSE or snarkjs .ptau KZG parameters file

            Commands that work for long take --threads N (default: every core), --quiet (no progress) and \
            --progress (progress on stderr even when it is not a terminal; by default only a terminal gets it).
            --json prints one JSON object on stdout; progress and messages always go to stderr.

            Exit codes: 0 success, 1 verification failed, 2 bad input or usage (one line on stderr naming the \
            file and the problem; no partial output file is left).
            """,
        version: "0.1.0",
        subcommands: [
            Optimize.self, Setup.self, Prove.self, Verify.self, Run.self, Inspect.self, Srs.self, Bench.self,
            BenchmarkHardware.self,
        ]
    )

    /// Parses and runs the command; every failure ends in one line on stderr and exit code 2 (help and version
    /// requests keep their normal output and exit code 0).
    static func main() {
        AllocatorTuning.apply()
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            fail(error, isUsage: true)
        }
        do {
            try command.run()
        } catch {
            fail(error, isUsage: error is ValidationError)
        }
    }

    /// A usage mistake points at --help; any other failure (a malformed file, a value outside a table) names its
    /// cause, which the help would not explain.
    private static func fail(_ error: Error, isUsage: Bool) -> Never {
        if exitCode(for: error) == .success { exit(withError: error) }
        let message = ZKML.message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        FileHandle.standardError.write(Data("zkml: \(message)\(isUsage ? " (see zkml --help)" : "")\n".utf8))
        Foundation.exit(2)
    }
}
