import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a result file so that it is either complete or absent: the bytes go to a temporary file in the same
/// directory, are flushed to disk, and the temporary is renamed over the destination, which POSIX makes atomic.
/// An interrupted or failed write leaves the old file (if any) untouched and no partial file behind.
enum OutputFile {
    static func write(_ bytes: [UInt8], to url: URL) throws(OutputFileError) {
        try write([(bytes, url)])
    }

    /// Files that belong together (a proof and its public values, a key pair and its manifest): each is written
    /// to its temporary file first, and only once every one is complete are they renamed into place, in order. A
    /// failed write (a full disk, a missing directory permission) then changes none of the destinations.
    static func write(_ files: [(bytes: [UInt8], url: URL)]) throws(OutputFileError) {
        var staged: [(temporary: String, url: URL)] = []
        do throws(OutputFileError) {
            for file in files { staged.append((try stage(file.bytes, for: file.url), file.url)) }
            while let next = staged.first {
                if rename(next.temporary, next.url.path) != 0 {
                    throw OutputFileError(path: next.url.path, errorNumber: errno)
                }
                staged.removeFirst()
            }
        } catch {
            for entry in staged { unlink(entry.temporary) }
            throw error
        }
        // A rename is durable only once its directory entry is flushed; failing that is not worth an error, as
        // the files are complete either way.
        for directory in Set(files.map { $0.url.deletingLastPathComponent().path }) {
            let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_CLOEXEC)
            if directoryDescriptor >= 0 {
                _ = fsync(directoryDescriptor)
                close(directoryDescriptor)
            }
        }
    }

    /// Writes `bytes` to a new temporary file beside `url` and flushes it to disk; returns the temporary's path.
    private static func stage(_ bytes: [UInt8], for url: URL) throws(OutputFileError) -> String {
        let path = url.path
        let directory = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
            .path
        // `-o results/plan.json` names a directory the user expects to appear, as `--keys DIR` does.
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputFileError(path: path, errorNumber: errno) }
        var failure: Int32?
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count, let base = raw.baseAddress {
                let written = systemWrite(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = errno }
        if close(descriptor) != 0, failure == nil { failure = errno }
        if let failure {
            unlink(temporary)
            throw OutputFileError(path: path, errorNumber: failure)
        }
        return temporary
    }
}

/// `write(2)`, under a name that the `write` methods in scope do not shadow.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}

/// Why an output file could not be written, in one line.
struct OutputFileError: Error, CustomStringConvertible {
    let path: String
    let errorNumber: Int32

    var description: String { "cannot write \(path): \(String(cString: strerror(errorNumber)))" }
}
