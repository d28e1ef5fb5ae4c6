import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `zkml optimize` as a user runs it: the ranked search's JSON, the written plan, validation by real proofs, the
/// pictures, and bad options.
struct OptimizeCommandTests {
    static let corpus = RunCommandTests.fixtures.appendingPathComponent("corpus/digits-mlp")
    static var profile: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("cost-profiles/intel-xeon-2-cores.json").path
    }

    /// digits-mlp copied into the scratch directory (plans name their model relative to themselves).
    static func model(in scratch: borrowing CLIScratch) throws -> String {
        try FileManager.default.copyItem(at: corpus.appendingPathComponent("model.tflite.json"),
                                         to: scratch.url.appendingPathComponent("model.tflite.json"))
        return scratch.path("model.tflite.json")
    }

    @Test("--json: the plan's keys, the choice, the estimate and the ranked candidates; the plan file matches")
    func json() throws {
        let scratch = try CLIScratch()
        let model = try Self.model(in: scratch)
        let result = try BenchCommandTests.run([
            "optimize", model, "-o", scratch.path("plan.json"), "--scale", "5", "--calibration",
            Self.corpus.appendingPathComponent("input-0.json").path, "--profile", Self.profile, "--top", "3",
            "--json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let object = try CLIOutput.json(result)
        for key in ["plan", "model", "profile", "objective", "backend", "choices", "columns", "k", "rows", "degree",
                    "scale_bits", "table_size", "lookups", "shape_only", "estimate", "candidates", "candidate_count",
                    "counted_layouts", "rejected", "search_s", "svg"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["objective"] as? String == "time" && object["shape_only"] as? Bool == false)
        let candidates = try #require(object["candidates"] as? [[String: Any]])
        #expect(candidates.count == 3)
        #expect(candidates.map { $0["rank"] as? Int } == [1, 2, 3])
        let times = candidates.compactMap { ($0["estimate"] as? [String: Any])?["proving_s"] as? Double }
        #expect(times.count == 3 && times == times.sorted())
        let estimate = try #require(object["estimate"] as? [String: Any])
        #expect(estimate["proving_s"] as? Double == times.first)
        for key in ["proof_bytes", "peak_memory_bytes"] { #expect(estimate[key] is Int, "\(key)") }
        let choices = try #require(object["choices"] as? [String: String])
        #expect(Set(choices.keys) == ["mat_mul", "depthwise", "activation", "square"])

        // The plan file is the best candidate, in the format setup reads.
        let plan = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: scratch.path("plan.json")))) as? [String: Any])
        #expect(plan["columns"] as? Int == object["columns"] as? Int && plan["k"] as? Int == object["k"] as? Int)
        #expect(plan["choices"] as? [String: String] == choices && plan["model"] as? String == "model.tflite.json")
        #expect(plan["version"] as? Int == 1 && plan["estimated_rows"] as? Int == object["rows"] as? Int)
    }

    @Test("--validate 1 --repeat 2 proves the best and one other twice each, reports tau and both clocks; --svg draws both pictures")
    func validate() throws {
        let scratch = try CLIScratch()
        let model = try Self.model(in: scratch)
        let result = try BenchCommandTests.run([
            "optimize", model, "-o", scratch.path("plan.json"), "--scale", "5", "--calibration",
            Self.corpus.appendingPathComponent("input-0.json").path, "--profile", Self.profile, "--columns", "12",
            "--validate", "1", "--repeat", "2", "--svg", scratch.path("plan.svg"), "--json", "--quiet",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try CLIOutput.json(result)
        let validation = try #require(object["validation"] as? [String: Any])
        let runs = try #require(validation["runs"] as? [[String: Any]])
        #expect(runs.count == 2 && runs.first?["rank"] as? Int == 1)
        for run in runs {
            for key in ["estimated_s", "prove_s", "prove_cpu_s", "setup_s"] {
                #expect((run[key] as? Double ?? 0) > 0, "\(key)")
            }
            #expect(run["columns"] as? Int == 12 && run["proofs"] as? Int == 2)
            for key in ["estimated_phases_s", "measured_phases_s"] {
                let phases = try #require(run[key] as? [String: Double], "\(key)")
                #expect((phases["msm"] ?? 0) > 0 && (phases["fft"] ?? 0) > 0, "\(key)")
            }
        }
        for key in ["kendall_tau_wall", "kendall_tau_cpu", "best_is_fastest_wall", "best_is_fastest_cpu",
                    "best_within_10_percent_wall", "best_within_10_percent_cpu"] {
            #expect(validation.keys.contains(key), "missing \(key)")
        }
        #expect(object["svg"] as? [String] == [scratch.path("plan.svg"), scratch.path("plan-candidates.svg")])
        for name in ["plan.svg", "plan-candidates.svg"] {
            let parser = XMLParser(contentsOf: URL(fileURLWithPath: scratch.path(name)))
            #expect(parser?.parse() == true, "\(name)")
        }
    }

    @Test("the table names the choices and the ranked columns; a shape-only config is planned, not proved")
    func tableAndShapeOnly() throws {
        let scratch = try CLIScratch()
        let config = RunCommandTests.fixtures.appendingPathComponent("zkml/mnist/config.msgpack").path
        let result = try BenchCommandTests.run(["optimize", config, "-o", scratch.path("plan.json"),
                                                "--profile", Self.profile, "--top", "2", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.contains("mat_mul") == true && lines.first?.contains("prove s") == true)
        #expect(lines.contains { $0.hasPrefix("plan ") && $0.contains("shape-only") })
        try ExitCodeTests.expectBadInput(["optimize", config, "-o", scratch.path("other.json"), "--profile",
                                          Self.profile, "--validate", "1"], naming: "shape-only")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("other.json")))
    }

    @Test("bad options exit 2 with one line: objective, columns, repeat, profile")
    func badOptions() throws {
        let scratch = try CLIScratch()
        let model = try Self.model(in: scratch)
        try ExitCodeTests.expectBadInput(["optimize", model, "--objective", "speed"], naming: "objective")
        try ExitCodeTests.expectBadInput(["optimize", model, "--columns", "2"], naming: "--columns")
        try ExitCodeTests.expectBadInput(["optimize", model, "--validate", "1", "--repeat", "0"], naming: "--repeat")
        try ExitCodeTests.expectBadInput(["optimize", model, "--profile", scratch.path("none.json")],
                                         naming: "none.json")
        #expect(try scratch.entries() == ["model.tflite.json"])
    }
}
