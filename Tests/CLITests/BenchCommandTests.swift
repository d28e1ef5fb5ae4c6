import Foundation
import Testing

/// Runs the built `zkml` executable as a user would.
struct BenchCommandTests {
    /// The `zkml` binary built beside this test bundle.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("zkml")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test("bench primitives --json prints one object with the documented keys and the C reference's checksum")
    func primitivesJSON() throws {
        let result = try Self.run(["bench", "primitives", "--json", "--max-log", "8", "--iterations", "2000"])
        #expect(result.status == 0)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["fr_mul_ns"] as? Double).map { $0 > 0 } == true)
        #expect((object["pairing_ms"] as? Double).map { $0 > 0 } == true)
        #expect((object["fft_ms"] as? [String: Double])?.keys.sorted() == ["8"])
        #expect((object["msm_ms"] as? [String: Double])?.keys.sorted() == ["8"])
        // The chains start from shared/bench/fieldmul.c's inputs, so equal iteration counts give equal checksums;
        // these are what the C program prints with n = 2000.
        #expect(object["fr_mul_checksum"] as? String == "c44d5e70b68f02a3 0ced1ee880fd200b")
    }

    @Test("bench prover --json proves and verifies with both backends and prints the documented keys",
          arguments: ["kzg", "ipa"])
    func proverJSON(backend: String) throws {
        let result = try Self.run(["bench", "prover", "--k", "6", "--cols", "4", "--backend", backend, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["backend"] as? String == backend)
        for key in ["keygen_s", "prove_s", "verify_ms"] {
            #expect((object[key] as? Double).map { $0 > 0 } == true, "\(key)")
        }
        #expect((object["proof_bytes"] as? Int).map { $0 > 0 } == true)
        let shares = try #require(object["shares"] as? [String: Double])
        #expect(Set(shares.keys).isSuperset(of: ["msm", "fft", "quotient", "lookup"]))
        #expect(abs(shares.values.reduce(0, +) - 1) < 0.01)
        let bad = try Self.run(["bench", "prover", "--k", "2"])
        #expect(bad.status == 2 && bad.stderr.contains("--k"))
    }

    @Test("bad options are rejected with exit code 2 and a one-line message")
    func badOptions() throws {
        let result = try Self.run(["bench", "primitives", "--max-log", "40"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--max-log"))
        let unknown = try Self.run(["bench", "nonsense"])
        #expect(unknown.status != 0)
    }

    @Test("--help lists the bench command")
    func help() throws {
        let result = try Self.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("bench"))
    }
}
