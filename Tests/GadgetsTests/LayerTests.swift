import Foundation
import Gadgets
import Plonkish
import Testing

/// Pooling, reductions, softmax, element-wise and pointwise layers against plain-loop Int64 references.
struct LayerTests {
    @Test("Average pool: round(Σ/taps), VALID and SAME (fewer taps at the border)", arguments: [Padding.valid, .same])
    func averagePool(padding: Padding) throws {
        var rng = SplitMix64(seed: 51)
        let x = try randomTensor([1, 4, 5, 2], in: -100...100, &rng)
        let (k, s) = padding == .valid ? (2, 2) : (3, 1)
        let (oh, ow) = padding == .valid ? (2, 2) : (4, 5)
        let before = padding == .valid ? 0 : 1
        let expected = try Tensor<Int64>(shape: [1, oh, ow, 2]) { i in
            var total: Int64 = 0, taps: Int64 = 0
            for dy in 0..<k {
                for dx in 0..<k {
                    let y = i[1] * s + dy - before, xx = i[2] * s + dx - before
                    if y >= 0 && y < 4 && xx >= 0 && xx < 5 {
                        total += x[[0, y, xx, i[3]]]
                        taps += 1
                    }
                }
            }
            return expectedRoundedDivision(total, taps)
        }
        try checkLayer(columns: 6, kinds: AveragePool2DLayer.gadgets, expected: expected) { gadgets, layouter in
            try AveragePool2DLayer.apply(try placed(x, layouter), filter: (k, k), stride: (s, s), padding: padding,
                                         gadgets: gadgets, layouter: layouter)
        }
    }

    @Test("Max pool 2×2 stride 2 and 3×3 SAME")
    func maxPool() throws {
        var rng = SplitMix64(seed: 52)
        let x = try randomTensor([1, 4, 4, 3], in: -300...300, &rng)
        let expected = try Tensor<Int64>(shape: [1, 2, 2, 3]) { i in
            var best = Int64.min
            for dy in 0..<2 { for dx in 0..<2 { best = max(best, x[[0, 2 * i[1] + dy, 2 * i[2] + dx, i[3]]]) } }
            return best
        }
        try checkLayer(columns: 6, kinds: MaxPool2DLayer.gadgets, expected: expected) { gadgets, layouter in
            try MaxPool2DLayer.apply(try placed(x, layouter), filter: (2, 2), stride: (2, 2), padding: .valid,
                                     gadgets: gadgets, layouter: layouter)
        }
        let same = try Tensor<Int64>(shape: [1, 4, 4, 3]) { i in
            var best = Int64.min
            for y in max(i[1] - 1, 0)...min(i[1] + 1, 3) {
                for xx in max(i[2] - 1, 0)...min(i[2] + 1, 3) { best = max(best, x[[0, y, xx, i[3]]]) }
            }
            return best
        }
        try checkLayer(columns: 9, kinds: MaxPool2DLayer.gadgets, expected: same) { gadgets, layouter in
            try MaxPool2DLayer.apply(try placed(x, layouter), filter: (3, 3), stride: (1, 1), padding: .same,
                                     gadgets: gadgets, layouter: layouter)
        }
    }

    @Test("Mean and sum over axes, with and without kept dimensions")
    func reductions() throws {
        var rng = SplitMix64(seed: 53)
        let x = try randomTensor([2, 3, 4], in: -200...200, &rng)
        let mean = try Tensor<Int64>(shape: [2, 1, 1]) { i in
            var total: Int64 = 0
            for a in 0..<3 { for b in 0..<4 { total += x[[i[0], a, b]] } }
            return expectedRoundedDivision(total, 12)
        }
        try checkLayer(columns: 5, kinds: MeanLayer.gadgets, expected: mean) { gadgets, layouter in
            try MeanLayer.apply(try placed(x, layouter), axes: [1, -1], keepDims: true, gadgets: gadgets,
                                layouter: layouter)
        }
        let sum = try Tensor<Int64>(shape: [3]) { i in
            var total: Int64 = 0
            for a in 0..<2 { for b in 0..<4 { total += x[[a, i[0], b]] } }
            return total
        }
        try checkLayer(columns: 5, kinds: SumLayer.gadgets, expected: sum) { gadgets, layouter in
            try SumLayer.apply(try placed(x, layouter), axes: [0, 2], gadgets: gadgets, layouter: layouter)
        }
    }

    @Test("Softmax: exp at sf², s = round(S/sf), y = round(e/s); masked entries give 0", arguments: [false, true])
    func softmax(masked: Bool) throws {
        var rng = SplitMix64(seed: 54)
        let x = try randomTensor([2, 5], in: -40...40, &rng)
        let mask = try Tensor(shape: [1, 5], elements: [false, true, false, false, true])
        let sf = layerSizing.scaleFactor
        let expected = try Tensor<Int64>(shape: [2, 5]) { i in
            let row = (0..<5).filter { !masked || !mask.elements[$0] }
            guard row.contains(i[1]) else { return 0 }
            let m = row.map { x[[i[0], $0]] }.max() ?? 0
            let e = { (j: Int) -> Int64 in
                Int64((Foundation.exp(Double(x[[i[0], j]] - m) / Double(sf)) * Double(sf * sf)).rounded(.toNearestOrAwayFromZero))
            }
            let s = expectedRoundedDivision(row.map(e).reduce(0, +), sf)
            return expectedRoundedDivision(e(i[1]), s)
        }
        if !masked { #expect(expected.elements.allSatisfy { $0 >= 0 && $0 <= sf }) }
        try checkLayer(columns: 8, kinds: SoftmaxLayer.gadgets(axisLength: 5, sizing: layerSizing), expected: expected) {
            gadgets, layouter in
            try SoftmaxLayer.apply(try placed(x, layouter), mask: masked ? mask : nil, gadgets: gadgets,
                                   layouter: layouter)
        }
    }

    @Test("Softmax limbs cover the sum: more limbs for longer rows or larger scale factors")
    func softmaxLimbs() {
        #expect(SoftmaxLayer.limbs(axisLength: 5, sizing: layerSizing) == 1)
        #expect(SoftmaxLayer.limbs(axisLength: 100, sizing: layerSizing) == 2)
        #expect(SoftmaxLayer.limbs(axisLength: 2000, sizing: TableSizing(size: 1 << 10, scaleFactor: 1 << 9)) == 3)
    }

    static let elementwise: [(ElementwiseOperation, ClosedRange<Int64>, ClosedRange<Int64>)] = [
        (.add, -400...400, -100...100), (.sub, -400...400, -100...100), (.mul, -60...60, -60...60),
        (.squaredDifference, -40...40, -40...40), (.divide, -30...30, 1...40),
    ]

    @Test("Element-wise operations with broadcasting", arguments: elementwise.indices, [[3], [1], [2, 3]])
    func elementwise(index: Int, bShape: [Int]) throws {
        let (operation, aRange, bRange) = Self.elementwise[index]
        var rng = SplitMix64(seed: 55 &+ UInt64(index))
        let a = try randomTensor([2, 3], in: aRange, &rng), b = try randomTensor(bShape, in: bRange, &rng)
        let sf = layerSizing.scaleFactor
        let expected = try Tensor<Int64>(shape: [2, 3]) { i in
            let u = a[i], v = b[Array(i.suffix(bShape.count)).enumerated().map { bShape[$0.offset] == 1 ? 0 : $0.element }]
            return switch operation {
            case .add: u + v
            case .sub: u - v
            case .mul: rescaled(u * v)
            case .squaredDifference: rescaled((u - v) * (u - v))
            case .divide: expectedRoundedDivision(u * sf, v)
            }
        }
        try checkLayer(columns: 6, kinds: ElementwiseLayer.gadgets(operation), expected: expected) { gadgets, layouter in
            try ElementwiseLayer.apply(operation, try placed(a, layouter), try placed(b, layouter), gadgets: gadgets,
                                       layouter: layouter)
        }
    }

    @Test("Square: round(x²/sf) by its own gate or the multiplication gate", arguments: SquareStrategy.allCases)
    func square(strategy: SquareStrategy) throws {
        var rng = SplitMix64(seed: 56)
        let x = try randomTensor([7], in: -80...80, &rng)
        try checkLayer(columns: 6, kinds: ElementwiseLayer.squareGadgets(strategy), expected: x.map { rescaled($0 * $0) }) {
            gadgets, layouter in
            try ElementwiseLayer.square(try placed(x, layouter), strategy: strategy, gadgets: gadgets, layouter: layouter)
        }
    }

    @Test("Pointwise functions through their tables, ReLU also by bits",
          arguments: NonlinearFunction.allCases.map { ($0, ActivationStrategy.lookup) } + [(.relu, .bits)])
    func pointwise(function: NonlinearFunction, strategy: ActivationStrategy) throws {
        var rng = SplitMix64(seed: 57)
        let lower: Int64 = function == .rsqrt ? 1 : (strategy == .bits ? -256 : -512)
        let x = try randomTensor([2, 4], in: lower...(strategy == .bits ? 255 : 511), &rng)
        let expected = x.map { LookupGadgetTests.reference(function, $0) }
        try checkLayer(columns: 11, kinds: PointwiseLayer.gadgets(function, strategy: strategy), expected: expected) {
            gadgets, layouter in
            try PointwiseLayer.apply(function, try placed(x, layouter), strategy: strategy, gadgets: gadgets,
                                     layouter: layouter)
        }
    }

    @Test("MaskNegInf puts the tables' lowest input at masked positions, at no row cost")
    func maskNegInf() throws {
        let x = try Tensor<Int64>(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6])
        let mask = try Tensor(shape: [3], elements: [true, false, true])
        let expected = try Tensor<Int64>(shape: [2, 3], elements: [-512, 2, -512, -512, 5, -512])
        try checkLayer(columns: 3, kinds: [], expected: expected, corrupts: false) { gadgets, layouter in
            let cells = try placed(x, layouter)
            let before = layouter.statistics.rows
            let out = try PointwiseLayer.maskNegInf(cells, mask: mask, gadgets: gadgets, layouter: layouter)
            #expect(layouter.statistics.rows == before)
            return out
        }
    }

    @Test("A layer whose gadget was not configured says so, naming the layer")
    func missingGadget() throws {
        let circuit = LayerTestCircuit(columns: 4, kinds: []) { gadgets, layouter in
            try MaxPool2DLayer.apply(try placed(try Tensor(shape: [1, 2, 2, 1], elements: [1, 2, 3, 4]), layouter),
                                     filter: (2, 2), stride: (1, 1), padding: .valid, gadgets: gadgets, layouter: layouter)
        }
        #expect(throws: GadgetError.gadgetNotConfigured(layer: "test layer", gadget: "max")) { try circuit.count() }
    }
}
