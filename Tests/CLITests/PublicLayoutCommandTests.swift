import Foundation
import Testing

/// `zkml verify` with public values edited to present the proved integers otherwise — another scale, a renamed or
/// reshaped output, a public value added or removed — exits 1 with one line naming what differs from the key.
struct PublicLayoutCommandTests {
    typealias JSONObject = [String: Any]

    static func edit(_ path: String, _ change: (inout JSONObject) -> Void) throws {
        let url = URL(fileURLWithPath: path)
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? JSONObject)
        change(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: url)
    }

    static func firstOutput(_ object: inout JSONObject, _ change: (inout JSONObject) -> Void) {
        var outputs = object["outputs"] as? [JSONObject] ?? []
        change(&outputs[0])
        object["outputs"] = outputs
    }

    @Test("edited scale, name, shape or count: exit 1 with one line naming the difference",
          arguments: ["scale", "name", "shape", "added", "removed", "extra output"])
    func editedPublicValues(edit: String) throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let verify = ["verify", "--vk", files.vk, "--proof", files.proof, "--public", files.publicValues,
                      "--allow-insecure"]
        #expect(try BenchCommandTests.run(verify).status == 0)
        let expected: String
        switch edit {
        case "scale":
            try Self.edit(files.publicValues) { object in
                let bits = (object["scale_bits"] as? Int ?? 0) - 2
                object["scale_bits"] = bits
                Self.firstOutput(&object) { output in
                    output["values"] = (output["integers"] as? [Int] ?? []).map { Double($0) / Double(1 << bits) }
                }
            }
            expected = "scale_bits is 3 in the public values, 5 in the verifying key"
        case "name":
            try Self.edit(files.publicValues) { Self.firstOutput(&$0) { $0["name"] = "probabilities" } }
            expected = "output 0 is 'probabilities' in the public values"
        case "shape":
            try Self.edit(files.publicValues) { Self.firstOutput(&$0) { $0["shape"] = [10] } }
            expected = "has shape [10] in the public values, [1, 10] in the verifying key"
        case "added":
            try Self.edit(files.publicValues) {
                Self.firstOutput(&$0) { output in
                    output["shape"] = [1, 11]
                    output["integers"] = (output["integers"] as? [Int] ?? []) + [0]
                    output["values"] = (output["values"] as? [Double] ?? []) + [0]
                }
            }
            expected = "has shape [1, 11] in the public values, [1, 10] in the verifying key"
        case "removed":
            try Self.edit(files.publicValues) {
                Self.firstOutput(&$0) { output in
                    output["shape"] = [1, 9]
                    output["integers"] = Array((output["integers"] as? [Int] ?? []).dropLast())
                    output["values"] = Array((output["values"] as? [Double] ?? []).dropLast())
                }
            }
            expected = "has shape [1, 9] in the public values, [1, 10] in the verifying key"
        default:
            try Self.edit(files.publicValues) { object in
                object["outputs"] = (object["outputs"] as? [JSONObject] ?? [])
                    + [["name": "extra", "shape": [0], "integers": [Int](), "values": [Double]()]]
            }
            expected = "the public values hold 2 outputs, the verifying key's model has 1"
        }
        let result = try BenchCommandTests.run(verify)
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("proof REJECTED: ") && result.stdout.contains(expected), "\(result.stdout)")
        #expect(result.stdout.split(separator: "\n").count == 1, "\(result.stdout)")
        print("verify, public values with \(edit) edited: \(result.stdout)", terminator: "")
    }

    @Test("inspect shows the public layout a model's verifying key binds")
    func inspectShowsLayout() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let object = try CLIOutput.json(try BenchCommandTests.run(["inspect", files.vk, "--json"]))
        #expect(object["scale_bits"] as? Int == 5)
        #expect(object["public_outputs"] as? [[Int]] == [[1, 10]])
        #expect(object["private_inputs"] as? [[Int]] == [[1, 64]])
        #expect((object["input_range"] as? String)?.hasPrefix("[-") == true, "\(object)")
    }

    @Test("public values with a duplicate or unknown member are refused: exit 2, one line naming it")
    func ambiguousPublicValues() throws {
        let scratch = try CLIScratch()
        let files = try DigitsMLPFiles.proved(in: scratch)
        let text = try String(contentsOfFile: files.publicValues, encoding: .utf8)
        // Foundation keeps the first of two members, Python and jq the last: the second scale would be shown
        // elsewhere while the first was verified.
        let duplicate = text.replacingOccurrences(of: "\"scale_bits\":5", with: "\"scale_bits\":5,\"scale_bits\":3")
        let unknown = text.replacingOccurrences(of: "\"scale_bits\":5", with: "\"scale_bits\":5,\"label\":9")
        #expect(duplicate != text && unknown != text)
        for (name, content, message) in [("duplicate.json", duplicate, "member \"scale_bits\" appears twice"),
                                         ("unknown.json", unknown, "unknown member \"label\"")] {
            let path = scratch.path(name)
            try content.write(toFile: path, atomically: true, encoding: .utf8)
            let result = try BenchCommandTests.run(["verify", "--vk", files.vk, "--proof", files.proof, "--public", path,
                                                    "--allow-insecure"])
            #expect(result.status == 2, "\(result.stdout) \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(message)
                    && result.stderr.contains(name), "\(result.stderr)")
        }
    }
}
