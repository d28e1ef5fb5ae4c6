import ArgumentParser
import Foundation
import Plonkish

struct Srs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srs",
        abstract: "Write INSECURE test KZG parameters, or check and import a halo2 parameters file.",
        discussion: """
            --k K writes deterministic parameters whose secret is derived from a public seed: anyone can forge \
            proofs against them. They are for tests and benchmarks only. For real proofs, use parameters from a \
            ceremony (for example the Perpetual Powers of Tau, converted by EZKL's get-srs) through --import. A \
            warning saying so goes to stderr even with --quiet.

            --import FILE reads a halo2/PSE ParamsKZG file (raw bytes: EZKL's kzg*.srs files), checks that every \
            point is valid and that all of them derive from one secret, prints k and a digest, and with -o writes \
            the checked parameters there.

            Files are written atomically: a temporary file beside the destination, renamed when complete.

            Examples:
              zkml srs --k 17                    INSECURE, 2^17 rows: kzg_bn254_17.srs
              zkml srs --k 12 -o test.srs --json
              zkml srs --import downloaded.srs   check a downloaded file
              zkml srs --import dl.srs -o params/kzg_bn254_17.srs
            """
    )

    @Option(help: "Write INSECURE deterministic parameters for 2^K rows.")
    var k: Int?

    @Option(name: .customLong("import"), help: ArgumentHelp("Check a halo2/PSE ParamsKZG file.", valueName: "FILE"))
    var importFile: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Where to write the parameters (default with --k: kzg_bn254_K.srs; with --import: nowhere).",
        valueName: "FILE"))
    var output: String?

    @Option(help: "The public seed of the INSECURE secret (with --k).")
    var seed: String = InsecureParameters.defaultSeed

    @Flag(help: "Print one JSON object on stdout instead of a table.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        switch (k, importFile) {
        case (nil, nil): throw ValidationError("give --k K to generate parameters or --import FILE to check one")
        case (_?, _?): throw ValidationError("--k and --import exclude each other")
        case let (k?, nil):
            guard (1...KZGParameters.maximumK).contains(k) else {
                throw ValidationError("--k must be between 1 and \(KZGParameters.maximumK)")
            }
        case (nil, _?):
            guard seed == InsecureParameters.defaultSeed else { throw ValidationError("--seed applies only to --k") }
        }
    }

    func run() throws {
        let progress = global.apply()
        var report: FileReport
        if let k {
            FileHandle.standardError.write(Data(
                "zkml: WARNING: INSECURE parameters: their secret follows from the public seed, so anyone can forge proofs; use them for tests only\n".utf8))
            let params = progress.phase("INSECURE parameters for 2^\(k) rows") {
                KZGParameters(insecureSeed: Array(seed.utf8), k: k)
            }
            let bytes = progress.phase("encoding") { params.pseParametersBytes() }
            let path = output ?? "kzg_bn254_\(k).srs"
            try progress.phase("writing \(path)") { try OutputFile.write(bytes, to: URL(fileURLWithPath: path)) }
            report = FileReport(kind: .kzgParameters, file: path, bytes: bytes)
            report.add("scheme", KZGParameters.name)
            report.add("k", k)
            report.add("rows", params.n)
            report.add("insecure", true)
            report.add("seed", seed)
        } else if let importFile {
            report = try importParameters(from: importFile, progress: progress)
        } else {
            throw ValidationError("give --k K to generate parameters or --import FILE to check one")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }

    func importParameters(from path: String, progress: Progress) throws -> FileReport {
        let url = URL(fileURLWithPath: path)
        let name = url.lastPathComponent
        let bytes: [UInt8]
        do {
            bytes = try progress.phase("reading \(path)") { [UInt8](try Data(contentsOf: url)) }
        } catch {
            throw FileError(file: name, reason: "cannot read \(path) (\((error as NSError).localizedDescription))")
        }
        let params: KZGParameters
        do {
            params = try progress.phase("decoding and checking 2 × 2^k points") {
                try KZGParameters(pseParameters: bytes)
            }
        } catch {
            throw FileError(file: name, reason: "\(error)")
        }
        let consistent = progress.phase("checking that the powers and the Lagrange basis share one secret") {
            params.isConsistent()
        }
        guard consistent else {
            throw FileError(file: name, reason: "the points do not derive from one secret (g is not a sequence of "
                            + "powers, or g_lagrange is not its Lagrange basis)")
        }
        var report = FileReport(kind: .kzgParameters, file: path, bytes: bytes)
        report.add("scheme", KZGParameters.name)
        report.add("k", params.k)
        report.add("rows", params.n)
        report.add("checked", "every point decoded; powers and Lagrange basis consistent")
        report.add("insecure", InsecureParameters.isKnown(params))
        if let output {
            // The decoder accepts only canonical encodings, so the re-encoding equals the input byte for byte.
            let rewritten = progress.phase("encoding") { params.pseParametersBytes() }
            try progress.phase("writing \(output)") { try OutputFile.write(rewritten, to: URL(fileURLWithPath: output)) }
            report.add("written_to", output)
        }
        return report
    }
}

/// The parameters zkml derives from public seeds, recognised wherever they turn up so that no report calls them
/// anything but insecure.
enum InsecureParameters {
    /// What `zkml srs --k` uses; `setup` without parameters will use the same, so their files agree.
    static let defaultSeed = "zkml srs"
    /// Every seed zkml itself uses (`zkml bench prover` has its own).
    static let knownSeeds = [defaultSeed, "zkml bench prover"]

    /// Whether g[1] = s·G1 for the secret s of a known seed (k = 0 files hold no power of s to compare).
    static func isKnown(_ params: KZGParameters) -> Bool {
        guard params.n > 1 else { return false }
        return knownSeeds.contains { seed in
            let s = KZGParameters.insecureSecret(seed: Array(seed.utf8))
            return G1.generator.multiplied(by: s).affine == params.g[1]
        }
    }
}
