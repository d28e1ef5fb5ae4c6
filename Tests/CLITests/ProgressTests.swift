import Foundation
import Testing
@testable import zkml_cli

/// What `Progress` writes for a log and for a terminal.
struct ProgressTests {
    final class Sink: @unchecked Sendable {
        let lock = NSLock()
        var text = ""
        func append(_ piece: String) { lock.lock(); text += piece; lock.unlock() }
    }

    @Test("in a log, a phase prints its name, each new tenth of its percentage, and its duration")
    func log() {
        let sink = Sink()
        let progress = Progress(enabled: true, rewritesLines: false, write: { sink.append($0) })
        progress.phase("proving") {
            for step in 0...100 { progress.advance(Double(step) / 100) }
        }
        let lines = sink.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 11 + 1)
        #expect(lines.first?.hasSuffix("] proving…") == true)
        #expect(lines[1].hasSuffix("] proving   0%") && lines[6].hasSuffix("] proving  50%"))
        #expect(lines[11].hasSuffix("] proving 100%"))
        #expect(lines.last?.contains("] proving done in ") == true)
        #expect(lines.allSatisfy { $0.hasPrefix("[") && $0.contains("s] ") })
    }

    @Test("on a terminal, percentages rewrite one line, which later output ends first")
    func terminal() {
        let sink = Sink()
        let progress = Progress(enabled: true, rewritesLines: true, write: { sink.append($0) })
        progress.begin("keygen")
        progress.advance(0.25)
        progress.advance(0.25)
        progress.advance(0.5)
        progress.say("note")
        #expect(sink.text.components(separatedBy: "\r").count == 3)
        #expect(sink.text.contains(" keygen  25%\u{1B}[K\r"))
        #expect(sink.text.contains(" keygen  50%\u{1B}[K\n["))
        #expect(sink.text.hasSuffix("] note\n"))
    }

    @Test("disabled progress writes nothing")
    func disabled() {
        let sink = Sink()
        let progress = Progress(enabled: false, rewritesLines: false, write: { sink.append($0) })
        progress.phase("setup") { progress.advance(0.5) }
        progress.say("note")
        #expect(sink.text.isEmpty)
    }
}
