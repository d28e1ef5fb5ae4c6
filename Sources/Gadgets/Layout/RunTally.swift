/// Counts by name for names that come in runs (a gadget takes its rows one after another, a layer does its lookups
/// into one table in a stretch): within a run the name is compared, not hashed, and the run's count enters the
/// dictionary when the next name arrives. Hashing a string per row and per lookup dominated counting large models.
struct RunTally {
    private var settled: [String: Int] = [:]
    private var current = ""
    private var pending = 0

    mutating func add(_ name: String) {
        if name != current {
            if pending > 0 { settled[current, default: 0] += pending }
            current = name
            pending = 0
        }
        pending += 1
    }

    var totals: [String: Int] {
        guard pending > 0 else { return settled }
        var totals = settled
        totals[current, default: 0] += pending
        return totals
    }
}
