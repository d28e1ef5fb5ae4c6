import ArgumentParser
import Foundation
import Optimizer
import Plonkish

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the speed of zkml's building blocks.",
        discussion: """
            Examples:
              zkml bench primitives --json    field, FFT, MSM and pairing speed
              zkml bench prover --k 16        keygen, proving and verification of a synthetic circuit
            """,
        subcommands: [Primitives.self, BenchProver.self]
    )
}

struct Primitives: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time Fr multiplication, squaring and inversion, FFT, G1 MSM and the pairing.",
        discussion: """
            fr_mul_ns is the latency of a dependent chain of multiplications, measured as shared/bench/fieldmul.c \
            measures its latency line (same inputs, same checksum), so the two can be run side by side.

            Example: zkml bench primitives --max-log 18 --json
            """
    )

    @Flag(help: "Print one JSON object on stdout instead of a table.")
    var json = false

    @Option(help: "Largest FFT and MSM size to measure, as log2 (the default measures 2^16 and 2^20).")
    var maxLog: Int = 20

    @Option(help: "Multiplications in each Fr chain (squarings: half as many; inversions: 1/1000).")
    var iterations: Int = 20_000_000

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (1...28).contains(maxLog) else { throw ValidationError("--max-log must be between 1 and 28") }
        guard iterations >= 1000 else { throw ValidationError("--iterations must be at least 1000") }
    }

    func run() throws {
        let progress = global.apply()
        progress.say("Fr multiplication (dependent chain)…")
        let chain = PrimitiveBenchmark.frMultiplicationChain(iterations: iterations)
        progress.say("Fr multiplication (4 independent chains)…")
        let throughput = PrimitiveBenchmark.frMultiplicationThroughput(iterations: iterations)
        progress.say("Fr squaring and inversion…")
        let square = PrimitiveBenchmark.frSquaring(iterations: iterations / 2)
        let inverse = PrimitiveBenchmark.frInversion(iterations: iterations / 1000)
        var timings = PrimitiveTimings(
            frMulNanoseconds: chain.nanoseconds,
            frMulThroughputNanoseconds: throughput.nanoseconds,
            frSquareNanoseconds: square,
            frInverseNanoseconds: inverse,
            frMulChecksum: String(format: "%016llx %016llx", chain.checksum, throughput.checksum),
            threads: Parallelism.threadCount
        )
        for logSize in Self.sizes(upTo: maxLog) {
            progress.say("FFT 2^\(logSize)…")
            timings.fftMilliseconds[String(logSize)] = PrimitiveBenchmark.fft(logSize: logSize)
        }
        for logSize in Self.sizes(upTo: maxLog) {
            progress.say("G1 MSM 2^\(logSize)…")
            timings.msmMilliseconds[String(logSize)] = PrimitiveBenchmark.msm(logSize: logSize)
        }
        progress.say("pairing…")
        timings.pairingMilliseconds = PrimitiveBenchmark.pairing()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(timings), as: UTF8.self))
        } else {
            print(String(format: "Fr mul (latency)     %8.2f ns   checksum %@", timings.frMulNanoseconds, timings.frMulChecksum))
            print(String(format: "Fr mul (throughput)  %8.2f ns", timings.frMulThroughputNanoseconds))
            print(String(format: "Fr square            %8.2f ns", timings.frSquareNanoseconds))
            print(String(format: "Fr inverse           %8.0f ns", timings.frInverseNanoseconds))
            for (log, ms) in timings.fftMilliseconds.sorted(by: { Int($0.key)! < Int($1.key)! }) {
                print(String(format: "FFT 2^%-2@            %8.2f ms", log, ms))
            }
            for (log, ms) in timings.msmMilliseconds.sorted(by: { Int($0.key)! < Int($1.key)! }) {
                print(String(format: "G1 MSM 2^%-2@         %8.1f ms", log, ms))
            }
            if let pairing = timings.pairingMilliseconds {
                print(String(format: "pairing              %8.3f ms", pairing))
            }
            print("threads              \(timings.threads)")
        }
    }
}

extension Primitives {
    /// The sizes measured: 2^16 and 2^20 by default; below 16, just the one size asked for (a quick run).
    static func sizes(upTo maxLog: Int) -> [Int] {
        maxLog >= 20 ? [16, maxLog] : maxLog > 16 ? [16, maxLog] : [maxLog]
    }
}
