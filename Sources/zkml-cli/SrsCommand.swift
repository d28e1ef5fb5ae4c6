import ArgumentParser
import Foundation
import Plonkish

struct Srs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srs",
        abstract: "Write INSECURE test KZG parameters, or check and import a halo2 or snarkjs .ptau parameters file.",
        discussion: """
            --k K writes deterministic parameters whose secret is derived from zkml's public development seed: anyone \
            can forge proofs against them. They are for tests and benchmarks only, and `zkml verify` recognises keys \
            made from them (there is no other seed, so that it always can). For real proofs, use parameters from a \
            ceremony (for example the Perpetual Powers of Tau: its snarkjs .ptau files directly, or converted by \
            EZKL's get-srs) through --import or setup's --srs. A warning saying so goes to stderr even with --quiet.

            --import FILE reads a halo2/PSE ParamsKZG file (raw bytes: EZKL's kzg*.srs files) or a snarkjs \
            powers-of-tau file (.ptau, such as the Hermez powersOfTau28_hez_final_NN.ptau files; all its 2^NN G1 \
            powers are taken), told apart by their first bytes. It checks the file's structure, that every point \
            used is valid and that all of them derive from one secret, prints k and whether the secret is publicly \
            known, and with -o writes the checked parameters there in halo2 format. --srs-blake2b HEX first \
            compares the whole file's BLAKE2b-512 with a published digest (spaces between the digits are allowed).

            Files are written atomically: a temporary file beside the destination, renamed when complete.

            Examples:
              zkml srs --k 17                    INSECURE, 2^17 rows: kzg_bn254_17.srs
              zkml srs --k 12 -o test.srs --json
              zkml srs --import downloaded.srs   check a downloaded file
              zkml srs --import dl.srs -o params/kzg_bn254_17.srs
              zkml srs --import powersOfTau28_hez_final_17.ptau --srs-blake2b HEX -o kzg_bn254_17.srs
            """
    )

    @Option(help: "Write INSECURE deterministic parameters for 2^K rows.")
    var k: Int?

    @Option(name: .customLong("import"), help: ArgumentHelp("Check a halo2/PSE ParamsKZG or snarkjs .ptau file.",
                                                           valueName: "FILE"))
    var importFile: String?

    @Option(name: .customLong("srs-blake2b"), help: ArgumentHelp(
        "With --import: the file's published BLAKE2b-512 (128 hex digits); a mismatch refuses the file.",
        valueName: "HEX"))
    var srsBlake2b: String?

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "Where to write the parameters (default with --k: kzg_bn254_K.srs; with --import: nowhere).",
        valueName: "FILE"))
    var output: String?

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
            guard srsBlake2b == nil else { throw ValidationError("--srs-blake2b applies only to --import") }
        case (nil, _?):
            if let srsBlake2b, ParametersFile.normalizedDigest(srsBlake2b) == nil {
                throw ValidationError("--srs-blake2b needs the 128 hex digits of a BLAKE2b-512 digest")
            }
        }
    }

    func run() throws {
        let progress = global.apply()
        var report: FileReport
        if let k {
            FileHandle.standardError.write(Data(
                "zkml: WARNING: INSECURE parameters: their secret follows from the public seed, so anyone can forge proofs; use them for tests only\n".utf8))
            let params = progress.phase("INSECURE parameters for 2^\(k) rows") {
                KZGParameters(insecureSeed: Array(KZGParameters.developmentSeed.utf8), k: k)
            }
            let bytes = progress.phase("encoding") { params.pseParametersBytes() }
            let path = output ?? "kzg_bn254_\(k).srs"
            try progress.phase("writing \(path)") { try OutputFile.write(bytes, to: URL(fileURLWithPath: path)) }
            report = FileReport(kind: .kzgParameters, file: path, bytes: bytes)
            report.add("scheme", KZGParameters.name)
            report.add("k", k)
            report.add("rows", params.n)
            report.add("insecure", true)
            report.add("seed", KZGParameters.developmentSeed)
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
        if let srsBlake2b { try ParametersFile.checkBLAKE2b(url, expected: srsBlake2b, progress: progress) }
        let (params, described) = ZKMLFileKind.isPowersOfTau(at: url)
            ? try importPowersOfTau(url, progress: progress)
            : try importPSEParameters(url, progress: progress)
        var report = described
        let consistent = progress.phase("checking that the powers and the Lagrange basis share one secret") {
            params.isConsistent()
        }
        guard consistent else {
            throw FileError(file: url.lastPathComponent, reason: "the points do not derive from one secret (g is not "
                            + "a sequence of powers, or g_lagrange is not its Lagrange basis)")
        }
        report.add("checked", "every point decoded; powers and Lagrange basis consistent")
        if let output {
            let bytes = progress.phase("encoding") { params.pseParametersBytes() }
            try progress.phase("writing \(output)") { try OutputFile.write(bytes, to: URL(fileURLWithPath: output)) }
            report.add("written_to", output)
        }
        return report
    }

    /// A halo2/PSE file, read whole. The decoder accepts only canonical encodings, so writing the parameters again
    /// reproduces the file byte for byte.
    func importPSEParameters(_ url: URL, progress: Progress) throws -> (KZGParameters, FileReport) {
        let bytes = try ParametersFile.reading(url) {
            try progress.phase("reading \(url.path)") { [UInt8](try Data(contentsOf: url)) }
        }
        let params = try ParametersFile.reading(url) {
            try progress.phase("decoding and checking 2 × 2^k points") { try KZGParameters(pseParameters: bytes) }
        }
        var report = FileReport(kind: .kzgParameters, file: url.path, bytes: bytes)
        report.add("scheme", KZGParameters.name)
        report.add("k", params.k)
        report.add("rows", params.n)
        report.add("insecure", params.isKnownInsecure)
        return (params, report)
    }

    /// A snarkjs powers-of-tau file: all its 2^power powers, with the Lagrange basis computed from them.
    func importPowersOfTau(_ url: URL, progress: Progress) throws -> (KZGParameters, FileReport) {
        let file = try ParametersFile.reading(url) {
            try progress.phase("reading the structure of \(url.path)") { try PowersOfTauFile(contentsOf: url) }
        }
        let params = try ParametersFile.reading(url) {
            try progress.phase("decoding 2^\(file.power) powers of tau") { try file.parameters(k: file.power) }
        }
        var report = FileReport(kind: .powersOfTau, file: url.path, byteCount: file.byteCount)
        FileInspector.addFields(of: file, to: &report)
        report.add("k", params.k)
        report.add("rows", params.n)
        return (params, report)
    }
}
