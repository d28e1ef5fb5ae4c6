import Foundation
@testable import Plonkish
@testable import zkml_cli
import Testing

/// Keys from a ceremony's `.ptau` file verify as they are; keys from zkml's development parameters are rejected by
/// `zkml verify` unless it is given --allow-insecure, and `setup` says so when it makes them.
struct TrustedParametersTests {
    static let run = BenchCommandTests.run

    /// A snarkjs powers-of-tau file for a secret nobody is told, of the plan's power, written into the scratch.
    static func writePowersOfTau(power: Int, in scratch: borrowing CLIScratch) throws -> (path: String, bytes: [UInt8]) {
        let bytes = PowersOfTauFile.insecureFileBytes(tau: .random(), alpha: .random(), beta: .random(), power: power,
                                                      ceremonyPower: 28)
        let path = scratch.path("ceremony.ptau")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    static func planK(_ files: DigitsMLPFiles) throws -> Int {
        let plan = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: files.plan)))
        return try #require((plan as? [String: Any])?["k"] as? Int)
    }

    @Test("setup --srs FILE.ptau, prove, then verify without --allow-insecure: accepted, parameters not insecure")
    func ceremonyKeysVerify() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.plan(in: scratch)
        let ptau = try Self.writePowersOfTau(power: try Self.planK(files), in: scratch)
        let digest = FileDigest.hex(Blake2b.hash(ptau.bytes, outputLength: 64))

        let setup = try Self.run(["setup", files.plan, "--keys", files.keys, "--srs", ptau.path, "--srs-blake2b", digest,
                                  "--quiet"])
        #expect(setup.status == 0, "\(setup.stderr)")
        #expect(!setup.stderr.contains("WARNING"), "\(setup.stderr)")
        let prove = try Self.run(files.proveArguments(proof: files.proof, publicValues: files.publicValues)
                                 + ["--srs", ptau.path])
        #expect(prove.status == 0, "\(prove.stderr)")

        let verify = try Self.run(["verify", "--vk", files.vk, "--proof", files.proof, "--public", files.publicValues])
        #expect(verify.status == 0 && verify.stdout.hasPrefix("proof accepted"), "\(verify.stdout) \(verify.stderr)")
        #expect(!verify.stdout.contains("INSECURE"))
        print("verify, keys from a .ptau file: \(verify.stdout)", terminator: "")
        let json = try CLIOutput.json(try Self.run(["verify", "--vk", files.vk, "--proof", files.proof, "--public",
                                                    files.publicValues, "--json"]))
        #expect(json["accepted"] as? Bool == true && json["insecure_parameters"] as? Bool == false)
    }

    @Test("a key made with the development parameters: setup warns, verify exits 1 saying why, 0 with --allow-insecure")
    func developmentKeysRejected() throws {
        let scratch = try CLIScratch()
        let planned = try DigitsMLPFiles.plan(in: scratch)
        let setup = try Self.run(["setup", planned.plan, "--keys", scratch.path("fresh-keys"), "--quiet"])
        #expect(setup.status == 0, "\(setup.stderr)")
        #expect(setup.stderr.contains("development only") && setup.stderr.contains("INSECURE")
                && setup.stderr.contains("forge"), "\(setup.stderr)")

        let other = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: other)
        let verify = ["verify", "--vk", files.vk, "--proof", files.proof, "--public", files.publicValues]
        let rejected = try Self.run(verify)
        #expect(rejected.status == 1, "\(rejected.stdout) \(rejected.stderr)")
        #expect(rejected.stdout.split(separator: "\n").count == 1)
        print("verify, development keys: \(rejected.stdout)", terminator: "")
        #expect(rejected.stdout.contains("REJECTED") && rejected.stdout.contains("INSECURE development parameters")
                && rejected.stdout.contains("--allow-insecure"), "\(rejected.stdout)")
        let rejectedJSON = try CLIOutput.json(try Self.run(verify + ["--json"]))
        #expect(rejectedJSON["accepted"] as? Bool == false && rejectedJSON["insecure_parameters"] as? Bool == true)

        let allowed = try Self.run(verify + ["--allow-insecure"])
        #expect(allowed.status == 0 && allowed.stdout.hasPrefix("proof accepted"), "\(allowed.stdout) \(allowed.stderr)")
        #expect(allowed.stdout.contains("INSECURE"))
        let allowedJSON = try CLIOutput.json(try Self.run(verify + ["--allow-insecure", "--json"]))
        #expect(allowedJSON["accepted"] as? Bool == true && allowedJSON["insecure_parameters"] as? Bool == true)

        // Allowed, the proof is still checked: another output value is rejected for that, not for the key.
        let publicURL = URL(fileURLWithPath: files.publicValues)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: publicURL)) as? [String: Any])
        var first = try #require((object["outputs"] as? [[String: Any]])?.first)
        var integers = try #require(first["integers"] as? [Int])
        integers[0] += 1
        first["integers"] = integers
        first["values"] = integers.map { Double($0) / 32 }
        object["outputs"] = [first]
        try JSONSerialization.data(withJSONObject: object).write(to: publicURL)
        let changed = try Self.run(verify + ["--allow-insecure"])
        #expect(changed.status == 1 && !changed.stdout.contains("--allow-insecure"), "\(changed.stdout)")
    }

    @Test("inspect and srs --import read a .ptau file: power, ceremony power, insecure or not; import writes halo2 format")
    func inspectAndImport() throws {
        let scratch = try CLIScratch()
        let ptau = try Self.writePowersOfTau(power: 4, in: scratch)
        let inspected = try CLIOutput.json(try Self.run(["inspect", ptau.path, "--json"]))
        #expect(inspected["kind"] as? String == "powers_of_tau")
        #expect(inspected["power"] as? Int == 4 && inspected["ceremony_power"] as? Int == 28)
        #expect(inspected["contributions"] as? Int == 1 && inspected["insecure"] as? Bool == false)
        #expect(inspected["bytes"] as? Int == ptau.bytes.count)

        let output = scratch.path("imported.srs")
        let imported = try Self.run(["srs", "--import", ptau.path, "-o", output, "--json"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let report = try CLIOutput.json(imported)
        #expect(report["k"] as? Int == 4 && report["insecure"] as? Bool == false)
        let params = try KZGParameters(pseParametersFile: URL(fileURLWithPath: output))
        let fromFile = try PowersOfTauFile(bytes: ptau.bytes).parameters(k: 4)
        #expect(params.g == fromFile.g && params.gLagrange == fromFile.gLagrange && params.sG2 == fromFile.sG2)

        let development = PowersOfTauFile.insecureFileBytes(
            tau: KZGParameters.insecureSecret(seed: Array(KZGParameters.developmentSeed.utf8)), alpha: .one,
            beta: .one, power: 3)
        try Data(development).write(to: URL(fileURLWithPath: scratch.path("development.ptau")))
        let insecure = try CLIOutput.json(try Self.run(["inspect", scratch.path("development.ptau"), "--json"]))
        #expect(insecure["insecure"] as? Bool == true)
    }

    @Test("bad .ptau files, a wrong BLAKE2b and a too small power exit 2 with one line naming the problem")
    func badInput() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.plan(in: scratch)
        let ptau = try Self.writePowersOfTau(power: 4, in: scratch)
        try Data(ptau.bytes.dropLast(64)).write(to: URL(fileURLWithPath: scratch.path("short.ptau")))
        var wrongPrime = ptau.bytes
        wrongPrime[30] ^= 0x01
        try Data(wrongPrime).write(to: URL(fileURLWithPath: scratch.path("prime.ptau")))
        let wrongDigest = String(repeating: "ab", count: 64)
        let rightDigest = FileDigest.hex(Blake2b.hash(ptau.bytes, outputLength: 64))
        // Published digests come in groups of eight digits.
        let grouped = stride(from: 0, to: 128, by: 8).map { start in
            String(rightDigest.dropFirst(start).prefix(8))
        }.joined(separator: " ")

        let cases: [([String], String)] = [
            (["setup", files.plan, "--keys", files.keys, "--srs", ptau.path], "parameters support 2^4 rows"),
            (["setup", files.plan, "--keys", files.keys, "--srs", scratch.path("short.ptau")], "short.ptau"),
            (["setup", files.plan, "--keys", files.keys, "--srs", scratch.path("prime.ptau")], "base-field prime"),
            (["setup", files.plan, "--keys", files.keys, "--srs", ptau.path, "--srs-blake2b", wrongDigest],
             "its BLAKE2b-512 is \(rightDigest)"),
            (["setup", files.plan, "--keys", files.keys, "--srs-blake2b", rightDigest], "--srs-blake2b applies only"),
            (["setup", files.plan, "--keys", files.keys, "--srs", ptau.path, "--srs-blake2b", "abc"], "128 hex digits"),
            (["srs", "--import", ptau.path, "--srs-blake2b", wrongDigest], "not the expected"),
            (["srs", "--import", scratch.path("short.ptau")], "section 7 claims"),
            (["inspect", scratch.path("prime.ptau")], "prime.ptau"),
        ]
        for (arguments, message) in cases {
            let result = try Self.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: files.keys + "/vk.bin"))
        let checked = try Self.run(["srs", "--import", ptau.path, "--srs-blake2b", grouped, "--quiet"])
        #expect(checked.status == 0, "\(checked.stderr)")
    }

    @Test("a parameters file with one G1 power replaced by another valid point: setup refuses it, exit 2")
    func tamperedPowerRefused() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.plan(in: scratch)
        let k = try Self.planK(files)
        let path = scratch.path("tampered.srs")
        let written = try Self.run(["srs", "--k", "\(k)", "-o", path, "--quiet"])
        #expect(written.status == 0, "\(written.stderr)")
        // ParamsKZG raw bytes: k (4 bytes), then g[i] at 4 + 64·i. g[2] := g[3], a point on the curve, wrong power:
        // the file's own checks (points decode, e(g[1], [1]₂) = e(g[0], [s]₂)) still pass.
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes.replaceSubrange((4 + 2 * 64)..<(4 + 3 * 64), with: bytes[(4 + 3 * 64)..<(4 + 4 * 64)])
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let setup = try Self.run(["setup", files.plan, "--keys", files.keys, "--srs", path])
        #expect(setup.status == 2, "\(setup.stderr)")
        #expect(setup.stderr.split(separator: "\n").count == 1
                && setup.stderr.contains("not the successive powers"), "\(setup.stderr)")
        #expect(!FileManager.default.fileExists(atPath: files.keys + "/vk.bin"))
    }
}
