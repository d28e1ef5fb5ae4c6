import Foundation

/// The one way in for model files: picks the importer from the file name.
public enum ModelImporter {
    public enum Format: String, Sendable {
        case tfliteJSON = "tflite.json"
        case tflite
        case zkmlMsgpack = "msgpack"
    }

    /// The format a file name announces, or nil for names that are not model files.
    public static func format(of url: URL) -> Format? {
        let name = url.lastPathComponent.lowercased()
        if name.hasSuffix(".tflite.json") { return .tfliteJSON }
        if name.hasSuffix(".tflite") { return .tflite }
        if name.hasSuffix(".msgpack") { return .zkmlMsgpack }
        return nil
    }

    public static func load(url: URL) throws -> Graph {
        switch format(of: url) {
        case .tfliteJSON: return try TFLiteJSONImporter.load(url: url)
        case .tflite: return try TFLiteBinaryImporter.load(url: url)
        case .zkmlMsgpack: return try ZKMLMsgpackImporter.load(url: url)
        case nil:
            throw ModelImportError(file: url.lastPathComponent, location: "",
                                   reason: "not a model file (expected .tflite.json, .tflite or .msgpack)")
        }
    }
}
