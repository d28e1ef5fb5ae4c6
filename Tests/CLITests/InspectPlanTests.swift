import Foundation
import Testing

/// `zkml inspect` on the JSON files the commands write: plan.json and public.json.
struct InspectPlanTests {
    @Test("a plan reports its settings, the model digest check and the counted layout")
    func plan() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let plan = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: files.plan))) as? [String: Any])
        let result = try BenchCommandTests.run(["inspect", files.plan, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try CLIOutput.json(result)
        #expect(report["kind"] as? String == "plan")
        for key in ["k", "columns", "degree", "scale_bits", "table_size", "estimated_rows", "lookups"] {
            #expect(report[key] as? Int == plan[key] as? Int, "\(key)")
        }
        #expect(report["scale_bits"] as? Int == 5)
        #expect(report["backend"] as? String == "kzg")
        #expect(report["model"] as? String == "model.tflite.json")
        #expect(report["model_digest_matches"] as? Bool == true)
        // The counted layout is what the planner sized k by: the same rows and the same number of lookups.
        let k = try #require(report["k"] as? Int)
        let layoutRows = try #require(report["layout_rows"] as? Int)
        #expect(layoutRows == plan["estimated_rows"] as? Int && layoutRows < 1 << k)
        let byGadget = try #require(report["rows_by_gadget"] as? [String: Int])
        #expect(byGadget.values.reduce(0, +) >= report["advice_rows"] as? Int ?? .max)
        let lookups = try #require(report["lookups_by_table"] as? [String: Int])
        #expect(lookups.values.reduce(0, +) == plan["lookups"] as? Int)
        let tables = try #require(report["table_sizes"] as? [String: Int])
        #expect(tables.values.max() == plan["table_size"] as? Int)

        let table = try BenchCommandTests.run(["inspect", files.plan])
        #expect(table.status == 0 && table.stdout.contains("rows by gadget") && table.stdout.contains("model digest matches  yes"))

        let model = URL(fileURLWithPath: scratch.path("model.tflite.json"))
        try (Data(contentsOf: model) + Data("\n".utf8)).write(to: model)
        let stale = try CLIOutput.json(try BenchCommandTests.run(["inspect", files.plan, "--json"]))
        #expect(stale["model_digest_matches"] as? Bool == false)
        #expect(stale["rows_by_gadget"] == nil)
        try FileManager.default.removeItem(at: model)
        let missing = try CLIOutput.json(try BenchCommandTests.run(["inspect", files.plan, "--json"]))
        #expect(missing["model_found"] as? Bool == false)
    }

    @Test("public values report their outputs and whether they agree with themselves")
    func publicValues() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let report = try CLIOutput.json(try BenchCommandTests.run(["inspect", files.publicValues, "--json"]))
        #expect(report["kind"] as? String == "public_values")
        #expect(report["scale_bits"] as? Int == 5)
        #expect(report["output_shapes"] as? [[Int]] == [[1, 10]])
        #expect(report["public_integers"] as? Int == 10)
        #expect(report["consistent"] as? Bool == true)

        let text = try String(contentsOfFile: files.publicValues, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "\"scale_bits\":5", with: "\"scale_bits\":6").utf8)
            .write(to: URL(fileURLWithPath: scratch.path("changed.json")))
        let changed = try CLIOutput.json(try BenchCommandTests.run(["inspect", scratch.path("changed.json"), "--json"]))
        #expect(changed["consistent"] as? Bool == false)
        #expect((changed["problem"] as? String)?.contains("scale 2^6") == true)
    }
}
