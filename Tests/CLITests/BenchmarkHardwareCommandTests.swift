import Foundation
import Testing

/// `zkml benchmark-hardware` run as a user would, on a tiny range.
struct BenchmarkHardwareCommandTests {
    @Test("benchmark-hardware --json writes a profile and prints it with the documented keys")
    func writesProfile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkml-hw-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tiny.json").path
        let result = try BenchCommandTests.run(
            ["benchmark-hardware", "--kmin", "8", "--kmax", "9", "--backend", "kzg", "--json", "-o", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("%") && result.stderr.contains("MSM 2^9"))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["path"] as? String == path)
        let profile = try #require(object["profile"] as? [String: Any])
        for key in ["format", "version", "zkml_version", "date", "machine", "threads", "k_min", "k_max", "backends"] {
            #expect(profile[key] != nil, "\(key)")
        }
        #expect(profile["k_min"] as? Int == 8 && profile["k_max"] as? Int == 9)
        let machine = try #require(profile["machine"] as? [String: Any])
        #expect((machine["cpu"] as? String).map { !$0.isEmpty } == true)
        #expect((machine["cores"] as? Int).map { $0 >= 1 } == true)
        let backends = try #require(profile["backends"] as? [String: Any])
        #expect(Array(backends.keys) == ["kzg"])
        let kzg = try #require(backends["kzg"] as? [String: Any])
        for key in ["fft", "coset_fft", "msm", "witness_msm", "opening_base", "opening_per_query", "lookup_table",
                    "lookup_input"] {
            let curve = try #require(kzg[key] as? [String: Any], "\(key)")
            if key == "witness_msm" {
                #expect(Set(curve.keys) == ["8", "16", "24"])
            } else {
                #expect(curve["a"] is Double && curve["law"] is String, "\(key)")
                #expect((curve["seconds"] as? [String: Double]).map { !$0.isEmpty && $0.values.allSatisfy { $0 > 0 } }
                        == true, "\(key)")
            }
        }
        #expect((kzg["fft"] as? [String: Any]).flatMap { $0["seconds"] as? [String: Double] }?.keys.sorted()
                == ["8", "9"])
        let fieldOps = try #require(kzg["field_ops"] as? [String: Double])
        #expect(Set(fieldOps.keys) == ["mul_ns", "add_ns", "inverse_ns"])
        #expect((kzg["quotient_op_s"] as? Double).map { $0 > 0 } == true)

        // The file holds the same profile.
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        #expect(written["date"] as? String == profile["date"] as? String)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["tiny.json"])
    }

    @Test("bad ranges and backends are refused with exit code 2 and a one-line message")
    func badOptions() throws {
        let reversed = try BenchCommandTests.run(["benchmark-hardware", "--kmin", "12", "--kmax", "10"])
        #expect(reversed.status == 2 && reversed.stderr.contains("--kmin"))
        #expect(reversed.stderr.split(separator: "\n").count == 1)
        let backend = try BenchCommandTests.run(["benchmark-hardware", "--backend", "groth16"])
        #expect(backend.status == 2)
    }
}
