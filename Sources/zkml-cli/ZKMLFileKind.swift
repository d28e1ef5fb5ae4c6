import Foundation
import Optimizer
import Plonkish

/// The kinds of file zkml reads and writes, told apart by content first (the binary formats' magic headers, the
/// TFLite FlatBuffer identifier, the size that a halo2 parameters file's k implies) and by name second.
enum ZKMLFileKind: Equatable {
    case model(ModelImporter.Format)
    /// The ZKML paper's `inp.msgpack`: input tensors for a msgpack model.
    case modelInputs
    case verifyingKey
    case provingKey
    case proof
    /// halo2/PSE `ParamsKZG` raw bytes (what `zkml srs` and EZKL's `gen_srs` write).
    case kzgParameters
    /// A snarkjs powers-of-tau file (`.ptau`, the Hermez/Polygon ceremony's format).
    case powersOfTau
    /// plan.json, from `zkml optimize`.
    case plan
    /// public.json, from `zkml prove`.
    case publicValues

    /// The magic headers and versions of Plonkish's key and proof files (the same for every scheme).
    static let verifyingKeyMagic = VerifyingKey<KZGParameters>.magic
    static let verifyingKeyVersion = VerifyingKey<KZGParameters>.version
    static let provingKeyMagic = ProvingKey<KZGParameters>.magic
    static let proofMagic = ProofFile<KZGParameters>.magic
    static let proofVersion = ProofFile<KZGParameters>.version
    static let powersOfTauMagic = PowersOfTauFile.magic

    static let parametersExtensions: Set<String> = ["srs", "params"]

    var name: String {
        switch self {
        case .model: "model"
        case .modelInputs: "model_inputs"
        case .verifyingKey: "verifying_key"
        case .provingKey: "proving_key"
        case .proof: "proof"
        case .kzgParameters: "kzg_parameters"
        case .powersOfTau: "powers_of_tau"
        case .plan: "plan"
        case .publicValues: "public_values"
        }
    }

    /// The kind of a file with these contents and this name, or nil for files zkml does not read.
    static func detect(_ bytes: [UInt8], fileName: String) -> ZKMLFileKind? {
        if bytes.starts(with: verifyingKeyMagic) { return .verifyingKey }
        if bytes.starts(with: provingKeyMagic) { return .provingKey }
        if bytes.starts(with: proofMagic) { return .proof }
        if bytes.starts(with: powersOfTauMagic) { return .powersOfTau }
        let url = URL(fileURLWithPath: fileName)
        switch ModelImporter.format(of: url) {
        case .zkmlMsgpack:
            // The root's type byte: the paper's input files are arrays of tensors, its models are maps.
            if let first = bytes.first, (0x90...0x9f).contains(first) || first == 0xdc || first == 0xdd {
                return .modelInputs
            }
            return .model(.zkmlMsgpack)
        case let format?:
            return .model(format)
        case nil:
            break
        }
        if bytes.count >= 8, Array(bytes[4..<8]) == Array("TFL3".utf8) { return .model(.tflite) }
        if let kind = jsonKind(bytes) { return kind }
        if parametersExtensions.contains(url.pathExtension.lowercased()) || hasParametersSize(bytes) {
            return .kzgParameters
        }
        return nil
    }

    /// Whether the file starts with the powers-of-tau magic, read without the rest of the file (which may hold
    /// hundreds of gigabytes); false for a file that cannot be read, which its reader then reports. Any other KZG
    /// parameters file is taken for halo2's `ParamsKZG`, whose reader checks it.
    static func isPowersOfTau(at url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: powersOfTauMagic.count)).map { [UInt8]($0) == powersOfTauMagic } ?? false
    }

    /// A JSON object is a plan when it names a model digest, public values when it has outputs and a scale;
    /// the fields are only looked at here, the report decodes the file strictly.
    static func jsonKind(_ bytes: [UInt8]) -> ZKMLFileKind? {
        guard bytes.first(where: { ![0x20, 0x09, 0x0a, 0x0d].contains($0) }) == UInt8(ascii: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return nil }
        if object["model_digest"] != nil { return .plan }
        if object["outputs"] != nil, object["scale_bits"] != nil { return .publicValues }
        return nil
    }

    /// Whether the byte count is exactly what the leading k of a `ParamsKZG` file implies.
    static func hasParametersSize(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let k = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        return k <= KZGParameters.maximumK && bytes.count == KZGParameters.pseParametersByteCount(k: k)
    }
}

/// The commitment schemes a key or proof file may name.
enum SchemeName {
    /// The scheme type a file names; the name follows the magic and the version byte of keys and proofs.
    static func scheme(in bytes: [UInt8], magic: [UInt8], version expected: UInt8, fileKind: String) throws
        -> any CommitmentScheme.Type
    {
        var reader = ByteReader(bytes)
        try reader.expectMagic(magic, name: fileKind)
        let version = try reader.readUInt8()
        guard version == expected else { throw BinaryDecodingError.unsupportedVersion(Int(version)) }
        let offset = reader.offset
        let name = try reader.readString(limit: 16)
        switch name {
        case KZGParameters.name: return KZGParameters.self
        case IPAParameters.name: return IPAParameters.self
        default: throw BinaryDecodingError.invalidValue(offset: offset, "unknown commitment scheme '\(name)'")
        }
    }
}
