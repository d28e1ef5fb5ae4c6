@testable import Gadgets
import Plonkish
import Testing

/// The layouter's two tallies, against a dictionary doing the same work.
struct LayoutBookkeepingTests {
    @Test("constant rows: first-use order, repeats find their row, extremes and growth past many rehashes")
    func constantRows() {
        var table = ConstantRows()
        var reference: [Int64: Int] = [:]
        var generator = SplitMix64(seed: 7)
        let extremes: [Int64] = [0, -1, 1, .min, .max, .min + 1, .max - 1, 1 << 32, -(1 << 32)]
        let values = extremes + (0..<20_000).map { _ in Int64(bitPattern: generator.next()) % 5_000 }
            + (0..<5_000).map { _ in Int64(bitPattern: generator.next()) }
        for value in values {
            let expected = reference[value] ?? reference.count
            let isNew = reference[value] == nil
            reference[value] = expected
            let found = table.row(of: value)
            #expect(found.row == expected && found.isNew == isNew, "\(value)")
        }
        #expect(table.count == reference.count)
    }

    @Test("run tallies: interleaved runs add up per name")
    func runTally() {
        var tally = RunTally()
        var reference: [String: Int] = [:]
        let names = ["Dot", "Dot", "Sum", "Dot", "Relu", "Relu", "Relu", "Sum", "Dot"]
        #expect(tally.totals.isEmpty)
        for name in names {
            tally.add(name)
            reference[name, default: 0] += 1
            #expect(tally.totals == reference)
        }
    }
}
