/// Why a model file could not be imported. The description is one line: the file, where in it (a byte offset, a
/// JSON or msgpack path, an op or layer index with its name), and what is wrong there.
public struct ModelImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's name (empty while a reader that does not know it is still unwinding).
    public var file: String
    /// Where the problem is: `byte 1234`, `subgraphs[0].tensors[3].shape`, `op 5 (WHILE)`, `layer 7 (Rotate)`.
    public var location: String
    public var reason: String

    public init(file: String = "", location: String, reason: String) {
        self.file = file
        self.location = location
        self.reason = reason
    }

    static func atByte(_ offset: Int, _ reason: String) -> ModelImportError {
        ModelImportError(location: "byte \(offset)", reason: reason)
    }

    public var description: String {
        let place = location.isEmpty ? "" : "\(location): "
        let line = file.isEmpty ? "\(place)\(reason)" : "\(file): \(place)\(reason)"
        return line.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension ModelImportError {
    /// Runs `body`, stamping `file` into any import error it throws.
    static func naming<T>(_ file: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as ModelImportError {
            if error.file.isEmpty { error.file = file }
            throw error
        }
    }
}
