import Foundation
@testable import Plonkish
import Testing

/// snarkjs `.ptau` files written from a known τ: the reader's powers equal the seeded construction, keys made from
/// them prove and verify, the recognition of known secrets, and one malformed file per check the reader makes.
struct PowersOfTauFileTests {
    static let power = 5
    static let tau = KZGParameters.insecureSecret(seed: Array("zkml ptau test".utf8))
    static let alpha = BN254Fr(7), beta = BN254Fr(11)
    static let sections = PowersOfTauFile.insecureSections(tau: tau, alpha: alpha, beta: beta, power: power,
                                                           ceremonyPower: 28)
    static let bytes = PowersOfTauFile.fileBytes(sections: sections)

    /// The one-line reason a file is refused, or nil if it loads.
    static func reason(_ bytes: [UInt8], k: Int? = nil) -> String? {
        do {
            let file = try PowersOfTauFile(bytes: bytes)
            if let k { _ = try file.parameters(k: k) }
            return nil
        } catch let error as CommitmentError {
            let text = "\(error)"
            return text.contains("\n") ? "more than one line: \(text)" : text
        } catch {
            return "unexpected \(type(of: error)): \(error)"
        }
    }

    /// The file with one section's body replaced.
    static func replacing(_ id: UInt32, with body: [UInt8]) -> [UInt8] {
        PowersOfTauFile.fileBytes(sections: sections.map { $0.id == id ? (id, body) : $0 })
    }

    @Test("the sizes follow the format: 2·2^p − 1 tauG1 points, 2^p tauG2, alphaTauG1 and betaTauG1, one betaG2")
    func layout() {
        let n = 1 << Self.power
        #expect(Self.sections.map(\.id) == [1, 2, 3, 4, 5, 6, 7])
        #expect(Self.sections.map(\.body.count).prefix(6) == [44, (2 * n - 1) * 64, n * 128, n * 64, n * 64, 128])
        #expect(Array(Self.bytes.prefix(12)) == Array("ptau".utf8) + [1, 0, 0, 0, 7, 0, 0, 0])
        // Section 1's header: id 1, size 44, then n8 = 32 and the prime's least significant byte (q ends in …47).
        #expect(Array(Self.bytes[12..<26]) == [1, 0, 0, 0, 44, 0, 0, 0, 0, 0, 0, 0, 32, 0])
        #expect(Self.bytes[28] == 0x47)
    }

    @Test("a file from a known τ gives exactly the seeded parameters of that τ, from disk and from memory")
    func matchesSeededConstruction() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("zkml-\(UUID().uuidString).ptau")
        try Data(Self.bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try PowersOfTauFile(contentsOf: url)
        #expect(file.power == Self.power && file.ceremonyPower == 28 && file.contributionCount == 1)
        #expect(file.byteCount == Self.bytes.count)
        #expect(!file.isKnownInsecure)
        for k in [0, 3, Self.power] {
            let loaded = try file.parameters(k: k)
            let seeded = KZGParameters(insecureSecret: Self.tau, k: k)
            #expect(loaded.k == k && loaded.g == seeded.g && loaded.gLagrange == seeded.gLagrange, "k = \(k)")
            #expect(loaded.g2 == seeded.g2 && loaded.sG2 == seeded.sG2, "k = \(k)")
        }
        let fromMemory = try PowersOfTauFile(bytes: Self.bytes).parameters(k: 4)
        #expect(fromMemory.g == (try file.parameters(k: 4)).g)
    }

    @Test("keys made from a .ptau file prove and verify; a proof for another τ's key does not")
    func proveAndVerifyWithFile() throws {
        let params = try PowersOfTauFile(bytes: Self.bytes).parameters(k: Self.power)
        let circuit = FibonacciCircuit<BN254Fr>(rows: try usableRows(FibonacciCircuit<BN254Fr>.self, k: Self.power) - 1)
        let (pk, proof, accepted) = try proveAndVerify(params, circuit, k: Self.power, instances: circuit.instances)
        #expect(accepted)
        #expect(!pk.vk.verifier.isKnownInsecure)
        let other = KZGParameters(insecureSeed: Array("another τ".utf8), k: Self.power)
        let otherKey = try Keygen.provingKey(params: other, circuit: circuit, k: Self.power)
        #expect(!verifies(other, otherKey.vk, circuit.instances, proof))
    }

    @Test("known secrets are recognised in parameters, verifying keys and .ptau files: the seeds zkml uses and τ = 1")
    func knownInsecureSecrets() throws {
        for seed in [KZGParameters.developmentSeed, KZGParameters.benchmarkSeed] {
            let params = KZGParameters(insecureSeed: Array(seed.utf8), k: 3)
            #expect(params.isKnownInsecure, "\(seed)")
            #expect(try params.downsized(toK: 0).verifier.isKnownInsecure, "\(seed) at k = 0")
        }
        #expect(!KZGParameters(insecureSeed: Array("some other seed".utf8), k: 3).isKnownInsecure)
        #expect(!TestParameters.ipa.verifier.isKnownInsecure)

        // A scaled g2 with [s]₂ = s·g2 is as forgeable as the generator's: the test follows the key's own g2.
        let s = KZGParameters.insecureSecret(seed: Array(KZGParameters.developmentSeed.utf8))
        let g2 = G2.generator.multiplied(by: BN254Fr(5))
        let scaled = KZGVerifierParameters(k: 3, g: .generator, g2: g2.affine, sG2: g2.multiplied(by: s).affine)
        #expect(scaled.isKnownInsecure)

        let development = PowersOfTauFile.insecureFileBytes(tau: s, alpha: .one, beta: .one, power: 2)
        #expect(try PowersOfTauFile(bytes: development).isKnownInsecure)
        // snarkjs's fresh accumulator, before any contribution: τ = 1, anyone knows it.
        let fresh = PowersOfTauFile.insecureFileBytes(tau: .one, alpha: .one, beta: .one, power: 2)
        #expect(try PowersOfTauFile(bytes: fresh).isKnownInsecure)
    }

    @Test("malformed files are refused with one line naming the problem")
    func malformedFiles() throws {
        let bytes = Self.bytes
        let tauG1Start = 12 + 12 + 44 + 12
        #expect(Self.reason(bytes, k: Self.power) == nil)
        func expect(_ reason: String?, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) {
            #expect(reason?.contains(fragment) == true, "\(reason ?? "accepted"), expected \(fragment)",
                    sourceLocation: sourceLocation)
        }

        var magic = bytes
        magic[0] = UInt8(ascii: "P")
        expect(Self.reason(magic), "not a powers-of-tau file")
        expect(Self.reason(Array(bytes.prefix(6))), "12-byte file header")
        expect(Self.reason(PowersOfTauFile.fileBytes(sections: Self.sections, version: 2)), "format version 2")
        // Truncated: the last section runs past the end, or the table stops inside a section header.
        expect(Self.reason(Array(bytes.dropLast(100))), "section 7 claims")
        expect(Self.reason(Array(bytes.prefix(70))), "inside the header of section 2")
        expect(Self.reason(bytes + [0]), "1 bytes follow the last section")

        var header = Self.sections[0].body
        header[4] ^= 0x01
        expect(Self.reason(Self.replacing(1, with: header)), "not BN254's base-field prime")
        var n8 = header
        n8[0] = 48
        expect(Self.reason(Self.replacing(1, with: n8)), "n8 is 48")
        var power = Self.sections[0].body
        power[36] = 6
        expect(Self.reason(Self.replacing(1, with: power)), "section 2 (tauG1) has 4032 bytes, power 6 needs 8128")
        var ceremony = Self.sections[0].body
        ceremony[40] = 4
        expect(Self.reason(Self.replacing(1, with: ceremony)), "ceremony power 4")
        expect(Self.reason(Self.replacing(3, with: Self.sections[2].body + Array(Self.sections[2].body.prefix(128)))),
               "section 3 (tauG2) has")

        expect(Self.reason(PowersOfTauFile.fileBytes(sections: Array(Self.sections.dropLast()))), "section 7 is missing")
        expect(Self.reason(PowersOfTauFile.fileBytes(sections: Self.sections + [Self.sections[5]])), "section 6 appears twice")
        expect(Self.reason(PowersOfTauFile.fileBytes(sections: Self.sections + [(9, [])])), "section id 9")

        // tauG1[1] off the curve: found when the structure is read. tauG1[3] off the curve: only when read for
        // k ≥ 2, since no point beyond 2^k is ever decoded.
        var offCurve = bytes
        offCurve[tauG1Start + 64 + 40] ^= 0x01
        expect(Self.reason(offCurve), "tauG1[1] is not a valid point")
        var laterPoint = bytes
        laterPoint[tauG1Start + 3 * 64 + 40] ^= 0x01
        #expect(Self.reason(laterPoint, k: 1) == nil)
        expect(Self.reason(laterPoint, k: 2), "tauG1[3] is not a valid G1 point")
        var notGenerator = bytes
        notGenerator.replaceSubrange(tauG1Start..<(tauG1Start + 64), with: Array(bytes[(tauG1Start + 64)..<(tauG1Start + 128)]))
        expect(Self.reason(notGenerator), "tauG1[0] is not the G1 generator")

        // [τ]₂ of another secret: every point valid, the pairing check fails.
        let other = PowersOfTauFile.insecureSections(tau: BN254Fr(3), alpha: Self.alpha, beta: Self.beta, power: Self.power,
                                                     ceremonyPower: 28)
        expect(Self.reason(Self.replacing(3, with: other[2].body)), "e(tauG1[1], tauG2[0]) ≠ e(tauG1[0], tauG2[1])")
        // The contributions of another τ: the last contribution no longer matches the powers.
        expect(Self.reason(Self.replacing(7, with: other[6].body)), "last contribution's τ points")
        var contributions = Self.sections[6].body
        contributions.removeLast()
        expect(Self.reason(Self.replacing(7, with: contributions)), "the contributions section")
        var parameterOrder = Self.sections[6].body
        parameterOrder[parameterOrder.count - 11] = 4
        expect(Self.reason(Self.replacing(7, with: parameterOrder)), "parameter type 4")

        expect(Self.reason(bytes, k: Self.power + 1), "parameters support 2^5 rows, the circuit needs 2^6")
    }
}
