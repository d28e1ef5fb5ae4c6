import Gadgets
import Plonkish
import Testing

typealias Fr = BN254Fr

/// The tables every gadget test uses: a 256-entry range table (function domain −128…127) at scale factor 16.
let testSizing = TableSizing(size: 256, scaleFactor: 16)
/// 2^9 rows: 506 usable, room for the tables and every test layout.
let testK = 9

/// Independent round-half-up division for expected values: floor((2a + b)/(2b)) by integer floor division.
func expectedRoundedDivision(_ a: Int64, _ b: Int64) -> Int64 {
    let numerator = 2 * a + b, denominator = 2 * b
    let truncated = numerator / denominator
    return (numerator % denominator != 0 && numerator < 0) ? truncated - 1 : truncated
}

func randomValues(_ count: Int, in range: ClosedRange<Int64>, _ rng: inout SplitMix64) -> [Int64] {
    (0..<count).map { _ in Int64.random(in: range, using: &rng) }
}

/// Runs `operation` on a `columns`-wide grid and checks what every gadget must satisfy:
/// - the MockProver accepts the honest witness;
/// - the outputs equal `expected` (computed independently by the caller);
/// - counting and assigning report the same statistics and output positions;
/// - adding `delta` to the cell `corrupt` picks (the first output by default) makes the MockProver report a failure
///   of a gate or lookup named after `gadget` on that cell's row (skipped when `gadget` is nil: nothing to corrupt).
func checkGadget(
    _ operation: GadgetOperation, columns: Int, expected: [Int64], gadget: String?,
    corrupt: (([CellRef]) -> CellRef)? = nil, delta: Fr = .one, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let circuit = GadgetTestCircuit<Fr>(columns: columns, sizing: testSizing, operation)
    let prover = try MockProver.run(k: testK, circuit: circuit, instances: [])
    let failures = prover.verify()
    #expect(failures.isEmpty, "honest witness rejected: \(failures.prefix(3))", sourceLocation: sourceLocation)
    let outputs = circuit.run.outputs
    #expect(outputs.map(\.value) == expected, sourceLocation: sourceLocation)

    let (counted, statistics) = try circuit.count()
    #expect(statistics == circuit.run.statistics, sourceLocation: sourceLocation)
    #expect(counted.map(\.cell) == outputs.map(\.cell), sourceLocation: sourceLocation)
    #expect(statistics.requiredRows <= prover.usableRows, sourceLocation: sourceLocation)

    guard let gadget, let first = outputs.first else { return }
    let target = corrupt?(outputs) ?? first
    var corrupted = GadgetTestCircuit<Fr>(columns: columns, sizing: testSizing, operation)
    corrupted.corruption = (target.cell, delta)
    let rejected = try MockProver.run(k: testK, circuit: corrupted, instances: []).verify()
    let named = rejected.filter { failure in
        (failure.gate == gadget || failure.lookup?.hasPrefix(gadget + "[") == true) && failure.row == target.row
    }
    #expect(!named.isEmpty, "corrupting \(target.cell) gave \(rejected.prefix(3))", sourceLocation: sourceLocation)
}
