import Gadgets
import Testing
@testable import Optimizer

@Suite("Fixed-point rounding")
struct FixedPointRoundingTests {
    @Test("division rounds half up, a true floor for negatives: −1.5 → −1, −2.5 → −2")
    func halfUpDivision() {
        let cases: [(Int64, Int64, Int64)] = [
            (-3, 2, -1), (-5, 2, -2), (3, 2, 2), (5, 2, 3), (7, 3, 2), (-7, 3, -2), (-8, 3, -3), (8, 3, 3),
            (0, 5, 0), (-1, 3, 0), (-2, 3, -1), (Int64.max, 1, Int64.max), (Int64.min, 2, Int64.min / 2),
            (Int64.max, Int64.max, 1), (Int64.min, Int64.max, -1),
        ]
        for (a, b, expected) in cases {
            #expect(RoundingDivision.quotient(a, b) == expected, "\(a) / \(b)")
        }
    }

    @Test("tables round half away from zero, quantization half to even")
    func roundingModes() {
        #expect(roundHalfAwayFromZero(2.5) == 3)
        #expect(roundHalfAwayFromZero(-2.5) == -3)
        #expect(roundHalfAwayFromZero(-1.4) == -1)
        #expect(roundHalfToEven(2.5) == 2)
        #expect(roundHalfToEven(-2.5) == -2)
        #expect(roundHalfToEven(3.5) == 4)
        #expect(quantize(0.375, scaleBits: 2) == 2)    // 1.5 → 2
        #expect(quantize(0.625, scaleBits: 2) == 2)    // 2.5 → 2
        #expect(quantize(-0.625, scaleBits: 2) == -2)
        #expect(quantize(1e30, scaleBits: 16) == nil)
        #expect(quantize(.nan, scaleBits: 0) == nil)
        #expect(exactInt64(9_223_372_036_854_775_808.0) == nil)
        #expect(exactInt64(-9_223_372_036_854_775_808.0) == Int64.min)
    }

    @Test("a table entry is f(x / 2^s) · 2^t rounded half away from zero")
    func tableValues() {
        // exp(0) at output scale 2^4 is 16; sqrt(2.25) = 1.5 → 6 at scale 4; x·2.5 for x = 1/4 is 0.625 → 2.5 → 3.
        #expect(fixedPointTableValue(0, inputScaleBits: 2, outputScaleBits: 4) { _ in 1 } == 16)
        #expect(fixedPointTableValue(9, inputScaleBits: 2, outputScaleBits: 2) { $0.squareRoot() } == 6)
        #expect(fixedPointTableValue(1, inputScaleBits: 2, outputScaleBits: 2) { $0 * 2.5 } == 3)
        #expect(fixedPointTableValue(-1, inputScaleBits: 2, outputScaleBits: 2) { $0 * 2.5 } == -3)
        #expect(fixedPointTableValue(0, inputScaleBits: 2, outputScaleBits: 2) { 1 / $0 } == nil)
    }

    @Test("the circuit's softmax of one row, computed by hand")
    func softmaxRow() throws {
        // s = 2: x = [1, 0] real is [4, 0], m = 4; e = [round(e^0·16), round(e^-1·16)] = [16, 6] (5.89 → 6);
        // S = 22; round(22/4) = 6 (5.5, half up); y = [round(16/6), round(6/6)] = [3, 1], softmax ≈ [0.73, 0.27]·4.
        let row = try #require(fixedPointSoftmax([4, 0], scaleBits: 2))
        #expect(row.maximum == 4)
        #expect(row.exponentials == [16, 6])
        #expect(row.sum == 22)
        #expect(row.scaledSum == 6)
        #expect(row.outputs == [3, 1])
        // A far-below entry (the paper's masked −∞) contributes 0.
        let masked = try #require(fixedPointSoftmax([0, -(256 << 2)], scaleBits: 2))
        #expect(masked.outputs == [4, 0])
    }
}
