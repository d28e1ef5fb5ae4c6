import ArgumentParser
import Foundation
import Optimizer
import Plonkish

/// Where `setup` and `prove` keep a plan's keys, and which KZG parameters make them.
struct KeyFileOptions: ParsableArguments {
    @Option(help: "Directory of pk.bin, vk.bin and keys.json (default: beside the plan).")
    var keys: String?

    @Option(help: ArgumentHelp(
        "KZG parameters file (halo2/PSE ParamsKZG or snarkjs .ptau) instead of the INSECURE development setup.",
        valueName: "FILE"))
    var srs: String?

    @Option(name: .customLong("srs-blake2b"), help: ArgumentHelp(
        "The --srs file's published BLAKE2b-512 (128 hex digits); a mismatch refuses the file.", valueName: "HEX"))
    var srsBlake2b: String?

    func validate() throws {
        guard let srsBlake2b else { return }
        guard srs != nil else { throw ValidationError("--srs-blake2b applies only to an --srs file") }
        guard ParametersFile.normalizedDigest(srsBlake2b) != nil else {
            throw ValidationError("--srs-blake2b needs the 128 hex digits of a BLAKE2b-512 digest")
        }
    }

    func modelKeys(plan: ModelPlan, planURL: URL) -> ModelKeys {
        ModelKeys(plan: plan, planURL: planURL, keys: keys, srs: srs, srsBlake2b: srsBlake2b)
    }
}

/// The key files of a plan and the scheme parameters they are made with.
///
/// A key directory holds pk.bin, vk.bin and keys.json, the manifest written last: which plan the keys belong to
/// and the digests of both files. Processes sharing a directory take an exclusive lock on it while they check or
/// make the keys, so that of several `zkml prove` runs started together one makes the keys and the others load
/// them. Keys made for another plan, or changed since setup, are refused with an error rather than replaced:
/// another process may be proving with them.
struct ModelKeys {
    let plan: ModelPlan
    let planURL: URL
    let directory: URL
    /// A KZG parameters file (`ParametersFile`); nil: the INSECURE development setup of `zkml srs`.
    let srs: String?
    /// The published BLAKE2b-512 the srs file must have, if any.
    let srsBlake2b: String?

    init(plan: ModelPlan, planURL: URL, keys: String?, srs: String?, srsBlake2b: String?) {
        self.plan = plan
        self.planURL = planURL
        directory = keys.map { URL(fileURLWithPath: $0) } ?? planURL.deletingLastPathComponent()
        self.srs = srs
        self.srsBlake2b = srsBlake2b
    }

    var provingKeyURL: URL { directory.appendingPathComponent("pk.bin") }
    var verifyingKeyURL: URL { directory.appendingPathComponent("vk.bin") }
    var manifestURL: URL { directory.appendingPathComponent(KeyManifest.fileName) }

    func kzgParameters(progress: Progress) throws -> KZGParameters {
        if let srs { return try ParametersFile.parameters(path: srs, k: plan.k, blake2b: srsBlake2b, progress: progress) }
        return KZGParameters(insecureSeed: Array(KZGParameters.developmentSeed.utf8), k: plan.k)
    }

    /// Makes both keys from the plan's circuit and writes them with the manifest, all complete or none changed.
    func setUp<S: CommitmentScheme>(params: S, graph: Graph, progress: Progress) throws -> ProvingKey<S> {
        try createDirectory()
        return try DirectoryLock.holding(directory, progress: progress) {
            try makeKeys(params: params, graph: graph, progress: progress)
        }
    }

    /// The proving key from pk.bin, checked against the manifest and the plan, or made (and written) when the
    /// directory has no manifest.
    func provingKey<S: CommitmentScheme>(params: S, graph: Graph, progress: Progress) throws -> ProvingKey<S> {
        try createDirectory()
        var made: ProvingKey<S>?
        let stored = try DirectoryLock.holding(directory, progress: progress) { () -> (pk: [UInt8], vk: [UInt8])? in
            if FileManager.default.fileExists(atPath: manifestURL.path) { return try storedKeys() }
            progress.say("no keys in \(directory.path): running setup")
            made = try makeKeys(params: params, graph: graph, progress: progress)
            return nil
        }
        if let made { return made }
        guard let stored else { throw KeyFilesError(file: directory.path, reason: "holds no keys") }
        let pk = try progress.phase("loading \(provingKeyURL.lastPathComponent)") {
            do {
                return try ProvingKey<S>(serialized: stored.pk, params: params)
            } catch {
                throw KeyFilesError(file: provingKeyURL.path, reason: "\(error)")
            }
        }
        guard pk.vk.serialized() == stored.vk else {
            throw KeyFilesError(file: verifyingKeyURL.path, reason: "is not the verifying key inside pk.bin")
        }
        return pk
    }

    /// Keygen under the directory lock: another process may have made the keys while this one waited. Keys made
    /// with parameters whose secret is public get a warning on stderr, even with --quiet.
    private func makeKeys<S: CommitmentScheme>(params: S, graph: Graph, progress: Progress) throws -> ProvingKey<S> {
        let pk = try progress.phase("keygen (k = \(plan.k))") {
            try ModelProving.provingKey(params: params, graph: graph, plan: plan)
        }
        if pk.vk.verifier.isKnownInsecure {
            FileHandle.standardError.write(Data(("zkml: WARNING: these keys are for development only: they are made "
                + "with INSECURE parameters whose secret is public, so anyone can forge proofs that verify against "
                + "them; pass --srs FILE (a ceremony's .ptau or halo2 parameters) for real keys\n").utf8))
        }
        let pkBytes = pk.serialized(), vkBytes = pk.vk.serialized()
        let manifest = KeyManifest(planDigest: try KeyManifest.digest(of: plan), backend: plan.backend.rawValue,
                                   k: plan.k, vkDigest: FileDigest.fieldElement(pk.vk.digest),
                                   provingKeyBLAKE2b: FileDigest.blake2b256(pkBytes),
                                   verifyingKeyBLAKE2b: FileDigest.blake2b256(vkBytes))
        try OutputFile.write([(pkBytes, provingKeyURL), (vkBytes, verifyingKeyURL),
                              (try manifest.json(), manifestURL)])
        return pk
    }

    /// Both key files' bytes, after checking that the manifest names this plan and that the files are the ones
    /// setup wrote.
    private func storedKeys() throws -> (pk: [UInt8], vk: [UInt8]) {
        let manifest = try KeyManifest.read(from: manifestURL)
        let expected = try KeyManifest.digest(of: plan)
        guard manifest.planDigest == expected else {
            throw KeyFilesError(
                file: directory.path,
                reason: "the keys were made for another plan (\(manifest.backend), k = \(manifest.k), plan digest "
                    + "\(manifest.planDigest.prefix(16))…, this plan's is \(expected.prefix(16))…); run zkml setup "
                    + "on this plan or pass another --keys directory")
        }
        let pk = try read(provingKeyURL), vk = try read(verifyingKeyURL)
        for (url, bytes, digest) in [(provingKeyURL, pk, manifest.provingKeyBLAKE2b),
                                     (verifyingKeyURL, vk, manifest.verifyingKeyBLAKE2b)]
        where FileDigest.blake2b256(bytes) != digest {
            throw KeyFilesError(file: url.path, reason: "has changed since setup (its BLAKE2b-256 is not the one "
                                + "\(KeyManifest.fileName) records); run zkml setup again")
        }
        return (pk, vk)
    }

    private func read(_ url: URL) throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw KeyFilesError(file: url.path, reason: "cannot be read, although \(KeyManifest.fileName) lists it")
        }
    }

    private func createDirectory() throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw KeyFilesError(file: directory.path, reason: "cannot create the key directory")
        }
    }
}

/// keys.json: the plan a key directory's keys were made for and the digests of its two key files.
struct KeyManifest: Codable, Equatable {
    static let fileName = "keys.json"

    /// BLAKE2b-256 of the plan's JSON with the model path left out: moving the plan and its model keeps the
    /// keys valid, while any change to the model's digest, the layout or the backend does not.
    let planDigest: String
    let backend: String
    let k: Int
    let vkDigest: String
    let provingKeyBLAKE2b: String
    let verifyingKeyBLAKE2b: String

    enum CodingKeys: String, CodingKey {
        case backend, k
        case planDigest = "plan_digest", vkDigest = "vk_digest", provingKeyBLAKE2b = "pk_blake2b"
        case verifyingKeyBLAKE2b = "vk_blake2b"
    }

    static func digest(of plan: ModelPlan) throws -> String {
        var located = plan
        located.model = ""
        return FileDigest.blake2b256(try located.json())
    }

    func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0a]
    }

    static func read(from url: URL) throws -> KeyManifest {
        do {
            return try JSONDecoder().decode(KeyManifest.self, from: Data(contentsOf: url))
        } catch {
            throw KeyFilesError(file: url.path, reason: "is not a key manifest written by zkml setup; run it again")
        }
    }
}

/// A key directory or key file that cannot be used, in one line.
struct KeyFilesError: Error, CustomStringConvertible {
    let file: String
    let reason: String
    var description: String { "\(file): \(reason)" }
}
