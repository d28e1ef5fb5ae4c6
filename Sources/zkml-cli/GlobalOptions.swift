import ArgumentParser
import Plonkish

/// The options every working command takes: the thread budget and whether progress is shown.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Threads for parallel work (default: every core).", valueName: "N"))
    var threads: Int?

    @Flag(help: "Show no progress on stderr.")
    var quiet = false

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    func validate() throws {
        if let threads, !(1...4096).contains(threads) {
            throw ValidationError("--threads must be between 1 and 4096")
        }
        if quiet && progress { throw ValidationError("--quiet and --progress contradict each other") }
    }

    /// Applies the thread budget process-wide and returns the command's progress reporter.
    func apply() -> Progress {
        if let threads { Parallelism.setThreadCount(threads) }
        return Progress(quiet: quiet, forced: progress)
    }
}
