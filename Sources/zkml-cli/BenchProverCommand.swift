import ArgumentParser
import Foundation
import Optimizer
import Plonkish

struct BenchProver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prover",
        abstract: "Time keygen, proving and verification of a synthetic circuit.",
        discussion: """
            The circuit has --cols advice columns filling all usable rows of 2^k, one degree-3 gate and one lookup \
            per row, and every advice column in the permutation argument. Parameters are generated insecurely \
            (KZG) or derived (IPA) first and not counted in keygen.

            Example: zkml bench prover --k 16 --cols 10 --backend kzg
            """
    )

    @Option(help: "log2 of the number of rows.")
    var k: Int = 12

    @Option(help: "Advice columns (at least 3).")
    var cols: Int = 10

    @Option(help: """
        Constraint degree to lay out for (3–9): higher packs more columns per permutation product but doubles the \
        extended domain past 3 and 5. Default: the cheapest by the prover's operation counts.
        """)
    var degree: Int?

    @Option(help: "Commitment scheme: kzg (BN254) or ipa (Pasta).")
    var backend: Backend = .kzg

    @Flag(help: "Print one JSON object on stdout instead of a table.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard (4...22).contains(k) else { throw ValidationError("--k must be between 4 and 22") }
        guard (3...256).contains(cols) else { throw ValidationError("--cols must be between 3 and 256") }
        if let degree, !(3...9).contains(degree) { throw ValidationError("--degree must be between 3 and 9") }
    }

    func run() throws {
        let progress = global.apply()
        progress.say("parameters for 2^\(k) (\(backend.rawValue))…")
        let report: ProverBenchmarkReport
        switch backend {
        case .kzg:
            let params = KZGParameters(insecureSeed: Array(KZGParameters.benchmarkSeed.utf8), k: k)
            report = try measure(params: params, progress: progress)
        case .ipa:
            report = try measure(params: IPAParameters(k: k), progress: progress)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print("backend \(report.backend), k = \(report.k), \(report.cols) advice columns, degree \(report.degree), "
                  + "\(report.threads) threads")
            print(String(format: "keygen   %8.3f s", report.keygenSeconds))
            print(String(format: "prove    %8.3f s  (CPU %.3f s", report.proveSeconds, report.proveCPUSeconds)
                  + (report.proveStolenShare.map {
                      String(format: "; the hypervisor withheld %.1f %% of this machine's CPU time", $0 * 100)
                  } ?? "") + ")")
            print(String(format: "verify   %8.2f ms", report.verifyMilliseconds))
            print("proof    \(report.proofBytes) bytes")
            print("proving time by phase:")
            for (phase, share) in report.shares.sorted(by: { $0.value > $1.value }) {
                print("  " + phase.padding(toLength: 12, withPad: " ", startingAt: 0)
                      + String(format: "%5.1f %%", share * 100))
            }
        }
    }

    func measure<S: CommitmentScheme>(params: S, progress: Progress) throws -> ProverBenchmarkReport {
        let circuit = BenchmarkCircuit<S.Scalar>(k: k, columns: cols, minimumDegree: try chosenDegree(S.self))
        progress.say("keygen…")
        var pk: ProvingKey<S>?
        let keygenSeconds = try Stopwatch.seconds { pk = try Keygen.provingKey(params: params, circuit: circuit, k: k) }
        guard let pk else { throw ValidationError("keygen produced no key") }
        progress.say("proving…")
        let statistics = ProverStatistics()
        var proof: [UInt8] = []
        let proving = try Stopwatch.timing {
            proof = try Prover.prove(provingKey: pk, circuit: circuit, instances: [], statistics: statistics,
                                     progress: { progress.say("  \($0)") })
        }
        let proveSeconds = proving.wallSeconds
        progress.say("verifying…")
        let verifier = params.verifier
        var accepted = false
        var verifySeconds = Double.infinity
        for _ in 0..<5 {
            verifySeconds = min(verifySeconds, try Stopwatch.seconds {
                accepted = try Verifier.verify(verifier: verifier, vk: pk.vk, instances: [], proof: proof)
            })
        }
        guard accepted else { throw ValidationError("the benchmark proof did not verify") }
        let shares = statistics.secondsByPhase(wall: proveSeconds).byPhaseName.mapValues { $0 / proveSeconds }
        return ProverBenchmarkReport(
            backend: S.name, k: k, cols: cols, degree: circuit.minimumDegree, threads: Parallelism.threadCount,
            keygenSeconds: keygenSeconds, proveSeconds: proveSeconds,
            proveCPUSeconds: proving.cpuSeconds, proveStolenShare: proving.stolenShare, verifyMilliseconds: verifySeconds * 1000,
            proofBytes: proof.count, shares: shares,
            msmCount: statistics.msmCounts.values.reduce(0, +), fftCount: statistics.fftCounts.values.reduce(0, +))
    }
}

extension BenchProver {
    /// --degree, or the degree whose workload is cheapest at typical prices.
    func chosenDegree<S: CommitmentScheme>(_: S.Type) throws -> Int {
        if let degree { return degree }
        var cs = ConstraintSystem<S.Scalar>()
        _ = BenchmarkCircuit<S.Scalar>(k: k, columns: cols).configure(&cs)
        let weights = ProverCostWeights.typical(k: k)
        return try ProtocolShape.cheapestDegree(cs, k: k, commitsInstances: S.commitsInstances) { $0.cost(weights) }
    }
}

enum Backend: String, ExpressibleByArgument, CaseIterable {
    case kzg, ipa
}

struct ProverBenchmarkReport: Encodable {
    let backend: String
    let k: Int
    let cols: Int
    let degree: Int
    let threads: Int
    let keygenSeconds: Double
    let proveSeconds: Double
    /// CPU time of all threads while proving: steadier than `proveSeconds` on a loaded machine.
    let proveCPUSeconds: Double
    /// Share of the machine's CPU time the hypervisor withheld while proving (nil where the host does not say).
    let proveStolenShare: Double?
    let verifyMilliseconds: Double
    let proofBytes: Int
    /// Fraction of proving time per phase (fft, msm, quotient, lookup, permutation, opening, other).
    let shares: [String: Double]
    let msmCount: Int
    let fftCount: Int

    enum CodingKeys: String, CodingKey {
        case backend, k, cols, degree, threads, shares
        case keygenSeconds = "keygen_s", proveSeconds = "prove_s", proveCPUSeconds = "prove_cpu_s",
            proveStolenShare = "prove_stolen_share", verifyMilliseconds = "verify_ms"
        case proofBytes = "proof_bytes", msmCount = "msm_count", fftCount = "fft_count"
    }
}
