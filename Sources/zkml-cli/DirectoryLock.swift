import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock (flock) on a directory, held by one process at a time. Locking the directory
/// itself leaves no lock file behind; the kernel releases the lock if the process dies.
enum DirectoryLock {
    static func holding<T>(_ directory: URL, progress: Progress, _ body: () throws -> T) throws -> T {
        let descriptor = open(directory.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw lockError(directory, errno) }
        defer { close(descriptor) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { throw lockError(directory, errno) }
            progress.say("waiting for another zkml process using \(directory.path)")
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else { throw lockError(directory, errno) }
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private static func lockError(_ directory: URL, _ errorNumber: Int32) -> KeyFilesError {
        KeyFilesError(file: directory.path, reason: "cannot lock the directory (\(String(cString: strerror(errorNumber))))")
    }
}
