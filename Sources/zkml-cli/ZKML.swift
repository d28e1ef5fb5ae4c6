import ArgumentParser

@main
struct ZKML: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zkml",
        abstract: "Prove machine-learning inference with a Halo2-style Plonkish SNARK.",
        discussion: """
            Examples:
              zkml bench primitives            measure field, FFT, MSM and pairing speed on this machine
              zkml bench primitives --json     the same, as one JSON object on stdout
            """,
        version: "0.1.0",
        subcommands: [Bench.self]
    )
}
