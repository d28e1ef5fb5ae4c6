import Foundation
import Testing

/// `zkml srs` run as a user would: generating insecure parameters, importing EZKL's, and refusing bad input.
struct SrsCommandTests {
    static let run = BenchCommandTests.run

    @Test("srs --k writes a halo2 ParamsKZG file that inspect reads back, labelled insecure, deterministically")
    func generateThenInspect() throws {
        let scratch = try CLIScratch()
        let path = scratch.path("k4.srs")
        let generated = try Self.run(["srs", "--k", "4", "-o", path, "--json"])
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stderr.contains("INSECURE"))
        let report = try CLIOutput.json(generated)
        #expect(report["k"] as? Int == 4)
        #expect(report["insecure"] as? Bool == true)
        // halo2's layout: k as u32, 2^k points g, 2^k points g_lagrange (64 bytes each), g2 and s_g2 (128 each).
        let expectedSize = 4 + 2 * 16 * 64 + 2 * 128
        #expect(report["bytes"] as? Int == expectedSize)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes.count == expectedSize)
        #expect(Array(bytes[0..<4]) == [4, 0, 0, 0])
        #expect(try scratch.entries() == ["k4.srs"])

        // g[0] is the generator and g2 the G2 generator in every setup: EZKL's file must agree on their bytes.
        let ezkl = [UInt8](try Data(contentsOf: URL(fileURLWithPath: CLIOutput.ezklParameters)))
        #expect(bytes[4..<68] == ezkl[4..<68])
        let g2Offset = 4 + 2 * 16 * 64, ezklG2Offset = 4 + 2 * 4096 * 64
        #expect(bytes[g2Offset..<(g2Offset + 128)] == ezkl[ezklG2Offset..<(ezklG2Offset + 128)])

        let inspected = try CLIOutput.json(try Self.run(["inspect", path, "--json"]))
        #expect(inspected["kind"] as? String == "kzg_parameters")
        #expect(inspected["k"] as? Int == 4)
        #expect(inspected["rows"] as? Int == 16)
        #expect(inspected["insecure"] as? Bool == true)
        #expect(inspected["blake2b"] as? String == report["blake2b"] as? String)

        let again = try CLIOutput.json(try Self.run(["srs", "--k", "4", "-o", scratch.path("again.srs"), "--json"]))
        #expect(again["blake2b"] as? String == report["blake2b"] as? String)
        // No other seed: parameters whose secret is public must stay recognisable by `zkml verify`.
        let otherSeed = try Self.run(["srs", "--k", "4", "--seed", "other", "-o", scratch.path("other.srs")])
        #expect(otherSeed.status == 2 && otherSeed.stderr.contains("--seed"), "\(otherSeed.stderr)")
    }

    @Test("srs --import checks EZKL's k = 12 file and rewrites it byte for byte")
    func importEZKL() throws {
        let scratch = try CLIScratch()
        let output = scratch.path("imported.srs")
        let result = try Self.run(["srs", "--import", CLIOutput.ezklParameters, "-o", output, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try CLIOutput.json(result)
        #expect(report["k"] as? Int == 12)
        #expect(report["rows"] as? Int == 4096)
        #expect(report["insecure"] as? Bool == false)
        #expect(report["bytes"] as? Int == 524_548)
        #expect(try Data(contentsOf: URL(fileURLWithPath: output))
                == Data(contentsOf: URL(fileURLWithPath: CLIOutput.ezklParameters)))
        #expect(try scratch.entries() == ["imported.srs"])

        let table = try Self.run(["srs", "--import", CLIOutput.ezklParameters, "--quiet"])
        #expect(table.status == 0 && table.stdout.contains("4096") && table.stderr.isEmpty)
        #expect(try scratch.entries() == ["imported.srs"])
    }

    @Test("broken parameter files and bad options exit 2 with one line naming the problem")
    func badInput() throws {
        let scratch = try CLIScratch()
        let ezkl = [UInt8](try Data(contentsOf: URL(fileURLWithPath: CLIOutput.ezklParameters)))
        var corrupted = ezkl
        corrupted[4 + 64 * 7 + 5] ^= 0x40
        try Data(corrupted).write(to: URL(fileURLWithPath: scratch.path("corrupted.srs")))
        try Data(ezkl.prefix(1000)).write(to: URL(fileURLWithPath: scratch.path("short.srs")))

        let cases: [([String], String)] = [
            (["srs", "--import", scratch.path("corrupted.srs")], "g[7] is not a valid G1 point"),
            (["srs", "--import", scratch.path("short.srs")], "k = 12 needs 524548 bytes, the file has 1000"),
            (["srs", "--import", scratch.path("missing.srs")], "missing.srs"),
            (["inspect", scratch.path("corrupted.srs")], "g[7] is not a valid G1 point"),
            (["srs"], "--k"),
            (["srs", "--k", "0"], "--k must be between 1 and 28"),
            (["srs", "--k", "4", "--import", CLIOutput.ezklParameters], "exclude each other"),
            (["srs", "--k", "4", "-o", scratch.path("short.srs/k4.srs")], "cannot write"),
            (["srs", "--k", "4", "--threads", "0"], "--threads"),
            (["srs", "--k", "4", "--quiet", "--progress"], "contradict"),
        ]
        for (arguments, message) in cases {
            let result = try Self.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            let lines = result.stderr.split(separator: "\n").filter { !$0.contains("WARNING: INSECURE") }
            #expect(lines.count == 1 && result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        #expect(try scratch.entries() == ["corrupted.srs", "short.srs"])
    }

    @Test("progress goes to stderr with --progress, phases and elapsed time; --quiet silences it")
    func progress() throws {
        let scratch = try CLIScratch()
        let shown = try Self.run(["srs", "--k", "3", "-o", scratch.path("a.srs"), "--progress", "--threads", "1"])
        #expect(shown.status == 0)
        #expect(shown.stderr.contains("INSECURE parameters for 2^3 rows"))
        #expect(shown.stderr.contains("s] writing"))
        #expect(!shown.stdout.contains("writing"))
        let quiet = try Self.run(["srs", "--k", "3", "-o", scratch.path("b.srs"), "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stderr.split(separator: "\n").count == 1 && quiet.stderr.contains("WARNING: INSECURE"))
        // A pipe is not a terminal: without --progress, nothing but the warning either.
        let piped = try Self.run(["srs", "--k", "3", "-o", scratch.path("c.srs")])
        #expect(piped.stderr == quiet.stderr)
    }

    @Test("--threads sets the process's thread budget")
    func threads() throws {
        let result = try Self.run(["bench", "primitives", "--json", "--max-log", "8", "--iterations", "2000",
                                   "--threads", "1"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLIOutput.json(result)["threads"] as? Int == 1)
    }
}
