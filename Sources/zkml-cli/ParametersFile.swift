import Foundation
import Plonkish

/// KZG parameters files as the commands take them (`--srs`, `zkml srs --import`): halo2/PSE `ParamsKZG` or snarkjs
/// `.ptau`, told apart by their first bytes, never by their name; optionally checked first against a published
/// BLAKE2b-512 of the whole file (the Hermez/Polygon powers-of-tau files come with one).
enum ParametersFile {
    /// The parameters for 2^k rows: a `.ptau` file's first 2^k powers, or a `ParamsKZG` file's, every one of them
    /// checked to be a power of the secret [s]₂ holds (`KZGParameters.isConsistent`). Key generation commits the
    /// fixed and σ columns with these points, so a point off its power would change what the verifying key says
    /// the circuit is: one made so that a selector's commitment vanishes at a chosen row passes the files' own
    /// checks and lets a prover switch that row's constraints off. Every failure is a `FileError` naming the file.
    static func parameters(path: String, k: Int, blake2b: String?, progress: Progress) throws -> KZGParameters {
        let url = URL(fileURLWithPath: path)
        if let blake2b { try checkBLAKE2b(url, expected: blake2b, progress: progress) }
        let params = try reading(url) {
            if ZKMLFileKind.isPowersOfTau(at: url) {
                let file = try progress.phase("reading the structure of \(path)") { try PowersOfTauFile(contentsOf: url) }
                return try progress.phase("decoding 2^\(k) powers of tau") { try file.parameters(k: k) }
            }
            let whole = try progress.phase("reading \(path)") { try KZGParameters(pseParametersFile: url) }
            return whole.k > k ? try whole.downsized(toK: k) : whole
        }
        guard progress.phase("checking that the 2^\(params.k) points are powers of one secret", { params.isConsistent() })
        else {
            throw FileError(file: url.path, reason: "its G1 points are not the successive powers of the secret its "
                                + "[s]₂ holds (a tampered or corrupt file): keys made from it could accept forged proofs")
        }
        return params
    }

    /// Runs `body`, turning whatever it throws into one line naming the file.
    static func reading<T>(_ url: URL, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FileError {
            throw error
        } catch let error as CommitmentError {
            throw FileError(file: url.path, reason: "\(error)")
        } catch {
            throw FileError(file: url.path, reason: "cannot read it (\((error as NSError).localizedDescription))")
        }
    }

    /// Hex digits of a BLAKE2b-512 digest as published (spaces and line breaks between groups allowed), lowercased;
    /// nil unless there are exactly 128.
    static func normalizedDigest(_ text: String) -> String? {
        let digits = text.lowercased().filter { !$0.isWhitespace }
        return digits.count == 128 && digits.allSatisfy(\.isHexDigit) ? digits : nil
    }

    /// Hashes the whole file with BLAKE2b-512, in pieces of 4 MiB, and refuses it unless the digest is `expected`.
    static func checkBLAKE2b(_ url: URL, expected: String, progress: Progress) throws {
        guard let expected = normalizedDigest(expected) else {
            throw FileError(file: url.path, reason: "--srs-blake2b needs the 128 hex digits of a BLAKE2b-512 digest")
        }
        let digest = try reading(url) {
            try progress.phase("hashing \(url.lastPathComponent) (BLAKE2b-512)") {
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                var hash = Blake2b(outputLength: 64)
                while let piece = try handle.read(upToCount: 4 << 20), !piece.isEmpty {
                    piece.withUnsafeBytes { hash.update($0) }
                }
                return FileDigest.hex(hash.finalize())
            }
        }
        guard digest == expected else {
            throw FileError(file: url.path, reason: "its BLAKE2b-512 is \(digest), not the expected \(expected): "
                            + "the file is damaged or not the published one")
        }
    }
}
