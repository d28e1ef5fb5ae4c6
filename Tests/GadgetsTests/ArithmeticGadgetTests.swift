import Gadgets
import Plonkish
import Testing

/// The arithmetic gadgets: honest witnesses accepted at several widths, outputs equal to plain Int64 arithmetic,
/// corrupted outputs rejected by the gadget's own gate on the output's row.
struct ArithmeticGadgetTests {
    @Test("AddPairs, SubPairs, MulPairs and SquaredDiff",
          arguments: ["AddPairs", "SubPairs", "MulPairs", "SquaredDiff"], [3, 5, 10])
    func pairwise(gadget: String, columns: Int) throws {
        var rng = SplitMix64(seed: UInt64(columns) &* 7919 &+ UInt64(gadget.count))
        let a = randomValues(11, in: -1000...1000, &rng), b = randomValues(11, in: -1000...1000, &rng)
        let (operation, expected): (GadgetOperation, [Int64]) = switch gadget {
        case "AddPairs": (.addPairs(a, b), zip(a, b).map { $0 + $1 })
        case "SubPairs": (.subPairs(a, b), zip(a, b).map { $0 - $1 })
        case "MulPairs": (.mulPairs(a, b), zip(a, b).map { $0 * $1 })
        default: (.squaredDiff(a, b), zip(a, b).map { ($0 - $1) * ($0 - $1) })
        }
        try checkGadget(operation, columns: columns, expected: expected, gadget: gadget)
    }

    @Test("Square", arguments: [2, 5, 8])
    func square(columns: Int) throws {
        var rng = SplitMix64(seed: 11)
        let x = randomValues(9, in: -3000...3000, &rng)
        // Corrupt the second output: slot 1 of the first row when it holds several, which the paper's code left
        // unconstrained.
        try checkGadget(.square(x), columns: columns, expected: x.map { $0 * $0 }, gadget: "Square", corrupt: { $0[1] })
    }

    @Test("Sum reduces any length to one cell", arguments: [3, 6, 10])
    func sum(columns: Int) throws {
        var rng = SplitMix64(seed: 12)
        for count in [1, 2, 23] {
            let x = randomValues(count, in: -10_000...10_000, &rng)
            // A single cell is its own sum: no Sum row to corrupt.
            try checkGadget(.sum(x), columns: columns, expected: [x.reduce(0, +)], gadget: count == 1 ? nil : "Sum")
        }
    }

    @Test("DotProduct: partial sums per row, added by Sum", arguments: [3, 6, 10])
    func dotProduct(columns: Int) throws {
        var rng = SplitMix64(seed: 13)
        let m = (columns - 1) / 2
        for count in [m, 17] {
            let x = randomValues(count, in: -500...500, &rng), w = randomValues(count, in: -500...500, &rng)
            let expected = zip(x, w).map { $0 * $1 }.reduce(0, +)
            try checkGadget(.dotProduct(x, w), columns: columns, expected: [expected],
                            gadget: count <= m ? "DotProduct" : "Sum")
        }
    }

    @Test("DotProductWithBias chains rows through the bias column", arguments: [4, 7, 10])
    func dotProductWithBias(columns: Int) throws {
        var rng = SplitMix64(seed: 14)
        let x = randomValues(13, in: -500...500, &rng), w = randomValues(13, in: -500...500, &rng)
        let expected = zip(x, w).map { $0 * $1 }.reduce(-77, +)
        try checkGadget(.dotProductWithBias(x, w, bias: -77), columns: columns, expected: [expected],
                        gadget: "DotProductWithBias")
    }

    @Test("Int64 overflow is an error naming the layer and gadget")
    func overflow() throws {
        let big = Int64.max / 2 + 1
        let circuit = GadgetTestCircuit<Fr>(columns: 3, sizing: testSizing, .addPairs([big], [big]))
        #expect(throws: GadgetError.overflow(layer: "test layer", gadget: "AddPairs", operation: "addition")) {
            try MockProver.run(k: testK, circuit: circuit, instances: [])
        }
    }

    @Test("Mismatched operand lists and too few columns are errors")
    func shapeErrors() throws {
        let mismatched = GadgetTestCircuit<Fr>(columns: 3, sizing: testSizing, .mulPairs([1, 2], [3]))
        #expect(throws: GadgetError.lengthMismatch(layer: "test layer", gadget: "MulPairs", left: 2, right: 1)) {
            try MockProver.run(k: testK, circuit: mismatched, instances: [])
        }
        let narrow = GadgetTestCircuit<Fr>(columns: 2, sizing: testSizing, .addPairs([1], [2]))
        #expect(throws: GadgetError.tooFewColumns(gadget: "AddPairs", needed: 3, available: 2)) {
            try narrow.count()
        }
    }
}
