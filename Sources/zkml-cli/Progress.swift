import Foundation

/// Progress of long work on stderr: the phase, its percentage when known, and the time since the command started,
/// as `[  12.3s] proving  42%`.
///
/// On a terminal the percentage rewrites its own line; elsewhere (`--progress` into a log) each tenth is a new
/// line, so logs stay short. Safe to call from several threads: provers report from their worker threads.
final class Progress: @unchecked Sendable {
    let enabled: Bool
    private let rewritesLines: Bool
    private let write: @Sendable (String) -> Void
    private let start = DispatchTime.now()
    private let lock = NSLock()
    private var phase: String?
    private var phaseStart = DispatchTime.now()
    private var shownPercent: Int?
    /// A terminal line holding a percentage that the next output must end first.
    private var lineOpen = false

    /// Progress that prints whenever `enabled`, rewriting lines only if stderr is a terminal.
    convenience init(enabled: Bool) {
        self.init(enabled: enabled, rewritesLines: Self.standardErrorIsTerminal) {
            FileHandle.standardError.write(Data($0.utf8))
        }
    }

    /// Progress written through `write` (tests read what a terminal or a log would get).
    init(enabled: Bool, rewritesLines: Bool, write: @escaping @Sendable (String) -> Void) {
        self.enabled = enabled
        self.rewritesLines = rewritesLines
        self.write = write
    }

    /// The rule every command follows: silent with `--quiet`; otherwise shown when stderr is a terminal, or
    /// anywhere with `--progress`.
    convenience init(quiet: Bool, forced: Bool) {
        self.init(enabled: !quiet && (forced || Self.standardErrorIsTerminal))
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// One line of news, outside any percentage.
    func say(_ message: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        emit(line: "\(stamp()) \(message)", rewrite: false)
    }

    /// Starts a named phase; `advance(_:)` then reports how far into it the work is.
    func begin(_ name: String) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        phase = name
        phaseStart = .now()
        shownPercent = nil
        emit(line: "\(stamp()) \(name)…", rewrite: false)
    }

    /// Reports the fraction (0…1) of the current phase done; repeated equal percentages print nothing.
    func advance(_ fraction: Double) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard let phase else { return }
        let percent = Int((min(max(fraction, 0), 1) * 100).rounded(.down))
        if let shownPercent, percent <= shownPercent || (!rewritesLines && percent / 10 == shownPercent / 10) {
            return
        }
        shownPercent = percent
        emit(line: "\(stamp()) \(phase) \(String(percent).leftPadded(to: 3))%", rewrite: rewritesLines)
    }

    /// Ends the current phase with its duration.
    func end() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        guard let phase else { return }
        let seconds = Self.seconds(from: phaseStart, to: .now())
        emit(line: "\(stamp()) \(phase) done in \(String(format: "%.2f", seconds)) s", rewrite: false)
        self.phase = nil
    }

    /// Runs `body` as a phase named `name`.
    func phase<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        begin(name)
        defer { end() }
        return try body()
    }

    private func stamp() -> String {
        "[" + String(format: "%6.1f", Self.seconds(from: start, to: .now())) + "s]"
    }

    private func emit(line: String, rewrite: Bool) {
        var text = ""
        if lineOpen && !rewrite { text += "\n" }
        text += rewrite ? "\r" + line + "\u{1B}[K" : line + "\n"
        lineOpen = rewrite
        write(text)
    }

    private static func seconds(from start: DispatchTime, to end: DispatchTime) -> Double {
        Double(end.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    deinit {
        if lineOpen { write("\n") }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
