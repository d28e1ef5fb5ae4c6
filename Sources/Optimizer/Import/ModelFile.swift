import Foundation

enum ModelFile {
    /// The file's bytes; a missing or unreadable file is an import error naming it.
    static func read(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ModelImportError(file: url.lastPathComponent, location: "",
                                   reason: "cannot read \(url.path) (\((error as NSError).localizedDescription))")
        }
    }
}
