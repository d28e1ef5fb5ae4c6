import Foundation
import Optimizer
import Plonkish

/// What `zkml verify` decides about a verifying key, a proof and public values. A file that cannot be read or
/// decoded as its kind throws (exit code 2); well-formed files that do not verify together give a rejection
/// (exit code 1) with its reason.
enum ProofCheck {
    struct Verdict: Equatable {
        let accepted: Bool
        let reason: String?
        /// Whether the key was made with parameters whose secret is public (`CommitmentVerifier.isKnownInsecure`).
        var insecureParameters = false

        static let accepted = Verdict(accepted: true, reason: nil)
        static func rejected(_ reason: String) -> Verdict { Verdict(accepted: false, reason: reason) }
    }

    static let vkRole = "verifying key", proofRole = "proof"

    /// Reads the three files and checks them; `allowInsecure` as in `verdict(key:proofBytes:publicValues:allowInsecure:)`.
    static func verdict(vk: URL, proof: URL, publicValues: URL, allowInsecure: Bool) throws -> Verdict {
        let vkBytes = try readFile(vk, kind: "verifying key")
        let proofBytes = try readFile(proof, kind: "proof")
        let values = try PublicValues.read(from: publicValues)
        do {
            return try verdict(vkBytes: vkBytes, proofBytes: proofBytes, publicValues: values,
                               allowInsecure: allowInsecure)
        } catch var error as FileError {
            // The byte-level check names the file by its role; here its path is known.
            error.file = error.file == proofRole ? proof.path : vk.path
            throw error
        }
    }

    /// Decodes the key (its scheme from its header) and checks the proof against it.
    static func verdict(vkBytes: [UInt8], proofBytes: [UInt8], publicValues: PublicValues, allowInsecure: Bool)
        throws -> Verdict
    {
        let scheme: any CommitmentScheme.Type
        do {
            scheme = try SchemeName.scheme(in: vkBytes, magic: ZKMLFileKind.verifyingKeyMagic,
                                           version: ZKMLFileKind.verifyingKeyVersion, fileKind: "zkml verifying key")
        } catch {
            throw FileError(file: vkRole, reason: "\(error)")
        }
        if ObjectIdentifier(scheme) == ObjectIdentifier(KZGParameters.self) {
            return try verdict(key: verifyingKey(KZGParameters.self, vkBytes), proofBytes: proofBytes,
                               publicValues: publicValues, allowInsecure: allowInsecure)
        }
        return try verdict(key: verifyingKey(IPAParameters.self, vkBytes), proofBytes: proofBytes,
                           publicValues: publicValues, allowInsecure: allowInsecure)
    }

    static let insecureReason = "the verifying key was made with INSECURE development parameters whose secret is "
        + "public, so anyone can forge proofs for it; pass --allow-insecure to accept it anyway"

    /// The proof's check, then the parameters' step: a key made with parameters whose secret is public accepts
    /// forgeries, so a proof that verifies is still rejected for such a key unless `allowInsecure`. A proof that
    /// fails on its own keeps its own reason. Either way the verdict says whether the parameters are insecure.
    static func verdict<S: CommitmentScheme>(
        key: VerifyingKey<S>, proofBytes: [UInt8], publicValues: PublicValues, allowInsecure: Bool
    ) throws -> Verdict {
        var verdict = try verdict(key: key, proofBytes: proofBytes, publicValues: publicValues)
        guard key.verifier.isKnownInsecure else { return verdict }
        if verdict.accepted && !allowInsecure { verdict = .rejected(insecureReason) }
        verdict.insecureParameters = true
        return verdict
    }

    static func verifyingKey<S: CommitmentScheme>(_: S.Type, _ bytes: [UInt8]) throws -> VerifyingKey<S> {
        do {
            return try VerifyingKey<S>(serialized: bytes)
        } catch {
            throw FileError(file: vkRole, reason: "\(error)")
        }
    }

    /// The check itself, for a decoded key: the proof file's container must decode (else it throws); whatever its
    /// transcript holds, including points off the curve or non-canonical scalars, is the verifier's to reject.
    static func verdict<S: CommitmentScheme>(key: VerifyingKey<S>, proofBytes: [UInt8], publicValues: PublicValues)
        throws -> Verdict
    {
        let file: ProofFile<S>
        do {
            file = try ProofFile<S>(serialized: proofBytes)
        } catch {
            throw FileError(file: proofRole, reason: "\(error)")
        }
        guard file.verifyingKeyDigest == key.digest else {
            return .rejected("the proof was made for another verifying key")
        }
        // Public values that contradict themselves or the key's layout are `ModelProving.verify`'s to reject.
        do {
            return try ModelProving.verify(vk: key, publicValues: publicValues, proof: file.proof)
                ? .accepted : .rejected("the proof does not verify for these public values")
        } catch {
            return .rejected("\(error)")
        }
    }

    static func readFile(_ url: URL, kind: String) throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: url))
        } catch {
            throw FileError(file: url.path, reason: "cannot read the \(kind)")
        }
    }
}
