import Gadgets
import Plonkish
import Testing

/// The layouter's bookkeeping, by hand, and the rounding rule's helper.
struct LayoutTests {
    @Test("Rows, lookups, tables and copies of a layout, counted by hand")
    func statisticsByHand() throws {
        // 10 AddPairs on 6 columns: 20 witness cells fill 4 rows (6 per row), 2 operations per row take 5 more.
        let a = [Int64](repeating: 1, count: 10)
        let add = GadgetTestCircuit<Fr>(columns: 6, sizing: testSizing, .addPairs(a, a))
        let (_, counted) = try add.count()
        #expect(counted.rowsByGadget == ["Witness": 4, "AddPairs": 5])
        #expect(counted.rows == 9 && counted.copies == 20 && counted.witnessCells == 20)
        #expect(counted.tableSizes == ["range": 256] && counted.lookupsByTable.isEmpty)
        #expect(counted.requiredRows == 256)

        // 7 VarDivRound on 7 columns: 2 per row, so 4 rows; 3 lookups per operation (r, 2b − 1 − r, q) and 1 per
        // row for the divisor.
        let numerators = [Int64](repeating: 9, count: 7)
        let divide = GadgetTestCircuit<Fr>(columns: 7, sizing: testSizing, .varDivRound(numerators, divisor: 4))
        let (_, stats) = try divide.count()
        #expect(stats.rowsByGadget["VarDivRound"] == 4)
        #expect(stats.lookupsByTable == ["range": 3 * 7 + 4])
        // Copies: 7 numerators, the divisor once per row, and the zero constant into the last row's unused slot.
        #expect(stats.copies == 7 + 4 + 1)
        #expect(stats.constants == 1)

        // BiasDivRound without a bias copies the zero constant: one constant row.
        let rescale = GadgetTestCircuit<Fr>(columns: 5, sizing: testSizing,
                                            .biasDivRound([1, 2, 3], bias: nil, activation: .relu6))
        let (_, fused) = try rescale.count()
        #expect(fused.constants == 1)
        #expect(fused.tableSizes == ["range": 256, "relu6": 256])
        #expect(fused.lookupsByTable == ["range": 6, "relu6": 3])
    }

    @Test("Round half up: floor((2a + b)/(2b)), negatives floored")
    func roundingDivision() {
        let cases: [(Int64, Int64, Int64, Int64)] = [
            (3, 2, 2, 0), (5, 2, 3, 0), (-3, 2, -1, 0), (-5, 2, -2, 0), (-1, 2, 0, 0), (1, 2, 1, 0), (4, 3, 1, 5),
            (7, 7, 1, 7), (-7, 7, -1, 7), (10, 4, 3, 0), (-10, 4, -2, 0), (0, 5, 0, 5),
        ]
        for (a, b, q, r) in cases {
            let (quotient, remainder) = RoundingDivision.halfUp(a, b)
            #expect(quotient == q && remainder == r, "\(a)/\(b)")
            #expect(2 * a + b == 2 * b * quotient + remainder)
        }
        var rng = SplitMix64(seed: 31)
        for _ in 0..<2000 {
            let a = Int64.random(in: -1_000_000_000...1_000_000_000, using: &rng)
            let b = Int64.random(in: 1...100_000, using: &rng)
            #expect(RoundingDivision.quotient(a, b) == expectedRoundedDivision(a, b))
        }
        // Extremes do not overflow: Int64.max/2 rounds half up.
        #expect(RoundingDivision.quotient(Int64.max, 2) == Int64.max / 2 + 1)
        // Int64.min/3 = −3074457345618258602.67 rounds to …603.
        #expect(RoundingDivision.quotient(Int64.min, 3) == -3_074_457_345_618_258_603)
    }

    @Test("Constants are deduplicated in the fixed column and copied into gadget rows")
    func constants() throws {
        var cs = ConstraintSystem<Fr>()
        let grid = Grid.configure(&cs, columns: 3)
        let layouter = Layouter<Fr>(counting: grid)
        let zero = try layouter.constant(0), one = try layouter.constant(1), again = try layouter.constant(0)
        #expect(zero == again && zero.column == grid.constants && one.row == 1 && one.value == 1)
        #expect(layouter.statistics.constants == 2)
        #expect(cs.equalityColumns.contains(grid.constants) && cs.equalityColumns.count == 4)
    }
}
