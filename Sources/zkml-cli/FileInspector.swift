import Foundation
import Optimizer
import Plonkish

/// Reads any file zkml works with and describes it. Every file is decoded by the same strict reader that the
/// commands using it rely on, so a file that inspects cleanly also loads.
enum FileInspector {
    static func report(path: String) throws -> any InspectionReport {
        let url = URL(fileURLWithPath: path)
        // A powers-of-tau file may hold hundreds of gigabytes: it is read by sections, never whole.
        if ZKMLFileKind.isPowersOfTau(at: url) {
            let file = try ParametersFile.reading(url) { try PowersOfTauFile(contentsOf: url) }
            return powersOfTauReport(file, fileName: url.lastPathComponent)
        }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw FileError(file: url.lastPathComponent,
                            reason: "cannot read \(path) (\((error as NSError).localizedDescription))")
        }
        return try report(bytes: bytes, fileName: url.lastPathComponent, location: url)
    }

    /// `location` is where the file lies, for the files that refer to others (a plan to its model).
    static func report(bytes: [UInt8], fileName: String, location: URL? = nil) throws -> any InspectionReport {
        guard let kind = ZKMLFileKind.detect(bytes, fileName: fileName) else {
            throw FileError(file: fileName, reason: "not a zkml file (expected a model (.tflite, .tflite.json, "
                            + ".msgpack), a verifying or proving key, a proof, a KZG parameters or .ptau file, a plan or public values)")
        }
        var report = FileReport(kind: kind, file: fileName, bytes: bytes)
        do {
            switch kind {
            case let .model(format):
                let graph = try ModelDecoding.graph(bytes, format: format, fileName: fileName)
                return ModelInspectionReport(file: fileName, format: format, graph: graph, bytes: bytes)
            case .modelInputs:
                let tensors = try ZKMLMsgpackImporter.inputs(fromMsgpack: bytes, fileName: fileName)
                report.add("tensors", tensors.count)
                report.add("inputs", shapes: tensors.map(\.shape))
                report.add("values", tensors.reduce(0) { $0 + ($1.data?.count ?? 0) })
            case .verifyingKey:
                let scheme = try SchemeName.scheme(in: bytes, magic: ZKMLFileKind.verifyingKeyMagic,
                                                   version: ZKMLFileKind.verifyingKeyVersion,
                                                   fileKind: "zkml verifying key")
                try addVerifyingKey(scheme, bytes, to: &report)
            case .provingKey:
                try addProvingKey(bytes, to: &report)
            case .proof:
                let scheme = try SchemeName.scheme(in: bytes, magic: ZKMLFileKind.proofMagic,
                                                   version: ZKMLFileKind.proofVersion, fileKind: "zkml proof")
                try addProof(scheme, bytes, to: &report)
            case .kzgParameters:
                try addParameters(bytes, to: &report)
            case .powersOfTau:
                return powersOfTauReport(try PowersOfTauFile(bytes: bytes), fileName: fileName)
            case .plan:
                try PlanInspection.addPlan(bytes, location: location, to: &report)
            case .publicValues:
                try PlanInspection.addPublicValues(bytes, to: &report)
            }
        } catch let error as ModelImportError {
            throw error
        } catch {
            throw FileError(file: fileName, reason: "\(error)")
        }
        return report
    }

    static func addVerifyingKey<S: CommitmentScheme>(_: S.Type, _ bytes: [UInt8], to report: inout FileReport) throws {
        let vk = try VerifyingKey<S>(serialized: bytes)
        addFields(of: vk, to: &report)
    }

    /// The verifying key a proving key embeds, and the stored column values checked for length and canonical
    /// encoding. That they match the key's commitments can only be checked with the parameters, when a command
    /// loads the key to prove.
    static func addProvingKey(_ bytes: [UInt8], to report: inout FileReport) throws {
        var reader = ByteReader(bytes)
        // The file's first part does not depend on the scheme: any one reads it.
        let embedded = try ProvingKey<KZGParameters>.embeddedVerifyingKey(&reader)
        let scheme: any CommitmentScheme.Type
        do {
            scheme = try SchemeName.scheme(in: embedded.bytes, magic: ZKMLFileKind.verifyingKeyMagic,
                                           version: ZKMLFileKind.verifyingKeyVersion,
                                           fileKind: "zkml verifying key")
        } catch {
            throw embeddedKeyError(error, start: embedded.start)
        }
        try addStoredColumns(scheme, embedded: embedded, reader: &reader, to: &report)
    }

    /// Offsets in the embedded key's errors count from its own start.
    static func embeddedKeyError(_ error: any Error, start: Int) -> FileError {
        FileError(file: "", reason: "the embedded verifying key (from byte \(start)): \(error)")
    }

    static func addStoredColumns<S: CommitmentScheme>(
        _: S.Type, embedded: (bytes: [UInt8], start: Int), reader: inout ByteReader, to report: inout FileReport
    ) throws {
        let vk: VerifyingKey<S>
        do {
            vk = try VerifyingKey<S>(serialized: embedded.bytes)
        } catch {
            throw embeddedKeyError(error, start: embedded.start)
        }
        _ = try ProvingKey<S>.storedColumns(&reader, of: vk)
        addFields(of: vk, to: &report)
        report.add("stored_fixed_columns", vk.constraintSystem.fixedCount)
        report.add("stored_sigma_columns", vk.constraintSystem.equalityColumns.count)
    }

    static func addProof<S: CommitmentScheme>(_: S.Type, _ bytes: [UInt8], to report: inout FileReport) throws {
        let file = try ProofFile<S>(serialized: bytes)
        report.add("scheme", S.name)
        report.add("vk_digest", FileDigest.fieldElement(file.verifyingKeyDigest))
        report.add("proof_bytes", file.proof.count)
    }

    static func addParameters(_ bytes: [UInt8], to report: inout FileReport) throws {
        let params = try KZGParameters(pseParameters: bytes)
        report.add("format", "halo2 ParamsKZG (raw bytes)")
        report.add("scheme", KZGParameters.name)
        report.add("k", params.k)
        report.add("rows", params.n)
        report.add("checked", "every point decoded; e(g[1], g2) = e(g[0], s_g2)")
        report.add("insecure", params.isKnownInsecure)
    }

    static func powersOfTauReport(_ file: PowersOfTauFile, fileName: String) -> FileReport {
        var report = FileReport(kind: .powersOfTau, file: fileName, byteCount: file.byteCount)
        addFields(of: file, to: &report)
        report.add("checked", "header, section table and sizes, contributions; e(tauG1[1], G2) = e(G1, tauG2[1])")
        return report
    }

    /// What a powers-of-tau file holds and whether its τ is publicly known. `PowersOfTauFile` has checked its
    /// structure, the first two powers in G1 and G2 and the last contribution; the further powers are read only
    /// by `parameters(k:)`.
    static func addFields(of file: PowersOfTauFile, to report: inout FileReport) {
        report.add("format", "snarkjs powers of tau (ptau)")
        report.add("scheme", KZGParameters.name)
        report.add("power", file.power)
        report.add("ceremony_power", file.ceremonyPower)
        report.add("max_rows", 1 << file.power)
        report.add("contributions", file.contributionCount)
        report.add("insecure", file.isKnownInsecure)
    }

    static func addFields<S: CommitmentScheme>(of vk: VerifyingKey<S>, to report: inout FileReport) {
        let cs = vk.constraintSystem, shape = vk.shape
        report.add("scheme", S.name)
        report.add("k", vk.k)
        report.add("rows", shape.n)
        report.add("usable_rows", shape.usableRows)
        report.add("degree", shape.degree)
        report.add("vk_digest", FileDigest.fieldElement(vk.digest))
        report.add("advice_columns", cs.adviceCount)
        report.add("instance_columns", cs.instanceCount)
        report.add("fixed_columns", cs.fixedCount)
        report.add("selectors", cs.selectorColumns.count)
        report.add("table_columns", cs.tableColumns.count)
        report.add("phases", cs.phaseCount)
        report.add("challenges", cs.challengePhases.count)
        report.add("gates", cs.gates.count)
        report.add("constraints", cs.gates.reduce(0) { $0 + $1.constraints.count })
        report.add("lookups", cs.lookups.count)
        report.add("equality_columns", cs.equalityColumns.count)
        report.add("fixed_commitments", vk.fixedCommitments.count)
        report.add("permutation_commitments", vk.permutationCommitments.count)
        report.add("committed_polynomials", shape.committedPolynomials.count)
        // What the key says its public values mean (a model's key binds its public layout).
        if let layout = PublicLayout(statement: vk.statement) {
            report.add("scale_bits", layout.scaleBits)
            report.add("public_outputs", shapes: layout.outputs.map(\.shape))
            report.add("private_inputs", shapes: layout.inputs.map(\.shape))
            if let range = layout.inputs.first?.range, range.count == 2 {
                report.add("input_range", "[\(range[0]), \(range[1])]")
            }
        }
    }
}

/// Turns model bytes into a graph with the importer their format names.
enum ModelDecoding {
    static func graph(_ bytes: [UInt8], format: ModelImporter.Format, fileName: String) throws -> Graph {
        switch format {
        case .tfliteJSON: try TFLiteJSONImporter.graph(fromJSON: bytes, fileName: fileName)
        case .tflite: try TFLiteBinaryImporter.graph(fromFlatBuffer: bytes, fileName: fileName)
        case .zkmlMsgpack: try ZKMLMsgpackImporter.graph(fromMsgpack: bytes, fileName: fileName)
        }
    }
}

/// A file that could not be used, in one line naming it.
struct FileError: Error, CustomStringConvertible {
    var file: String
    let reason: String

    var description: String {
        let line = file.isEmpty ? reason : "\(file): \(reason)"
        return line.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
