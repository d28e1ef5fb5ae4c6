import ArgumentParser
import Foundation
import Optimizer

struct BenchmarkHardware: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark-hardware",
        abstract: "Measure this machine's prices for the cost model and write them as a JSON profile.",
        discussion: """
            Per backend (kzg: BN254 Fr and G1; ipa: Pasta Fp and Vesta) and for k from --kmin to --kmax: FFT and \
            coset FFT, full-scalar MSM and MSMs of 8-, 16- and 24-bit witness values, lookup preparation, the \
            opening argument (base cost and cost per opened polynomial), field operation throughput, and one \
            calibration proof for the quotient and permutation prices. Sizes above 2^14 are measured every other \
            k, openings at a few sizes; fits (FFT ~ n·log n, MSM ~ n/log n) price the sizes in between and beyond.

            The default range takes a few minutes. The profile is written atomically (temporary file, then rename); \
            progress goes to stderr.

            Example: zkml benchmark-hardware -o cost-profiles/my-machine.json
            """
    )

    @Option(name: .shortAndLong, help: "Profile to write (default: cost-profiles/<cpu>-<cores>-cores.json).")
    var output: String?

    @Option(help: "Smallest log2 size to measure.")
    var kmin: Int = HardwareBenchmarkOptions.defaultKRange.lowerBound

    @Option(help: "Largest log2 size to measure.")
    var kmax: Int = HardwareBenchmarkOptions.defaultKRange.upperBound

    @Option(help: "Backends to measure: kzg, ipa or all.")
    var backend: BackendSelection = .all

    @Flag(help: "Print one JSON object on stdout (the path written and the profile) instead of a table.")
    var json = false

    func validate() throws {
        guard (4...22).contains(kmin) else { throw ValidationError("--kmin must be between 4 and 22") }
        guard (4...22).contains(kmax) else { throw ValidationError("--kmax must be between 4 and 22") }
        guard kmin <= kmax else { throw ValidationError("--kmin must not exceed --kmax") }
    }

    func run() throws {
        let machine = MachineDescription.current
        let url = URL(fileURLWithPath: output ?? "cost-profiles/\(machine.profileName).json")
        let directory = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } else if !isDirectory.boolValue {
            throw ValidationError("\(directory.path) is not a directory")
        }

        let options = HardwareBenchmarkOptions(kMin: kmin, kMax: kmax, backends: backend.backends)
        let stderr = FileHandle.standardError
        let profile = try HardwareBenchmark.measure(options, zkmlVersion: ZKML.configuration.version) { status in
            let line = String(format: "[%3.0f%% %6.1fs] %@\n", status.fraction * 100, status.elapsedSeconds,
                              status.phase)
            stderr.write(Data(line.utf8))
        }
        try profile.write(to: url)
        if let stolen = profile.stolenShare, stolen > Self.stolenShareWarning {
            stderr.write(Data(String(
                format: "warning: the hypervisor withheld %.0f%% of this machine's CPU time while measuring, so these "
                    + "prices are likely too high; measure again when the host is quieter\n", stolen * 100).utf8))
        }

        if json {
            let report = HardwareBenchmarkReport(path: url.path, profile: profile)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(Self.table(profile))
            print("wrote \(url.path)")
        }
    }

    /// The stolen share above which a profile is flagged as measured on a busy host.
    static let stolenShareWarning = 0.05

    /// A few headline prices per backend, in milliseconds.
    static func table(_ profile: CostProfile) -> String {
        var lines = ["\(profile.machine.cpu), \(profile.threads) threads, k \(profile.kMin)…\(profile.kMax)"
                     + (profile.stolenShare.map { String(format: ", %.1f%% of CPU time stolen by the hypervisor", $0 * 100) } ?? "")]
        for backend in ProvingBackend.allCases {
            guard let prices = profile.backends[backend] else { continue }
            lines.append("")
            lines.append("\(backend.rawValue) (\(prices.field), \(prices.curve))")
            lines.append("   k       FFT ms   coset ms     MSM ms  16-bit MSM ms  opening ms")
            for k in stride(from: profile.kMin, through: profile.kMax, by: 2) {
                lines.append(String(
                    format: "  %2d %12.3f %10.3f %10.2f %14.2f %11.2f", k, prices.fft.seconds(k: k) * 1e3,
                    prices.cosetFFT.seconds(k: k) * 1e3, prices.msm.seconds(k: k) * 1e3,
                    prices.witnessMSMSeconds(k: k, bits: 16) * 1e3,
                    (prices.openingBase.seconds(k: k) + 20 * prices.openingPerQuery.seconds(k: k)) * 1e3))
            }
            lines.append(String(format: "  field mul %.1f ns, add %.1f ns, inverse %.0f ns",
                                prices.fieldOperations.multiplyNanoseconds, prices.fieldOperations.addNanoseconds,
                                prices.fieldOperations.inverseNanoseconds))
            for calibration in prices.calibrations {
                let factors = calibration.phaseFactors.sorted { $0.key.rawValue < $1.key.rawValue }
                    .map { String(format: "%@ ×%.2f", $0.key.rawValue, $0.value) }.joined(separator: ", ")
                lines.append(String(format: "  a 2^%d proof: quotient %.1f ns/op; phases over their priced operations: ",
                                    calibration.k, calibration.quotientOperationSeconds * 1e9) + factors)
            }
        }
        return lines.joined(separator: "\n")
    }
}

enum BackendSelection: String, ExpressibleByArgument, CaseIterable {
    case kzg, ipa, all

    var backends: [ProvingBackend] {
        switch self {
        case .kzg: [.kzg]
        case .ipa: [.ipa]
        case .all: ProvingBackend.allCases
        }
    }
}

struct HardwareBenchmarkReport: Encodable {
    let path: String
    let profile: CostProfile
}
