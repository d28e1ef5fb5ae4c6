import Foundation

/// A fresh directory per test for the files commands write, removed afterwards.
struct CLIScratch: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("zkml-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// The directory's entries, temporary files included: a complete write leaves exactly its destination.
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

enum CLIOutput {
    static func json(_ result: (status: Int32, stdout: String, stderr: String)) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw CocoaError(.propertyListReadCorrupt)
        }
        return object
    }

    /// The EZKL-written parameters file in the Plonkish fixtures.
    static var ezklParameters: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("PlonkishTests/Fixtures/kzg_bn254_12.srs").path
    }
}
