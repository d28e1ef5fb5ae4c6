import Foundation
import Gadgets
import Plonkish
import Testing

/// The gadgets that use lookups: Max, VarDivRound (single- and multi-limb), BiasDivRound with its activations,
/// FunctionLookup, RangeCheck, and ReluBits (no table). Each is checked honest and corrupted, and every input outside
/// its table is a thrown error naming the layer and the gadget.
struct LookupGadgetTests {
    @Test("Max of pairs", arguments: [3, 7])
    func maxPairs(columns: Int) throws {
        var rng = SplitMix64(seed: 21)
        let a = randomValues(10, in: -100...100, &rng), b = randomValues(10, in: -100...100, &rng)
        try checkGadget(.maxPairs(a, b), columns: columns, expected: zip(a, b).map { max($0, $1) }, gadget: "Max")
    }

    @Test("Max of a list, by rounds of pairs", arguments: [3, 9])
    func maximum(columns: Int) throws {
        var rng = SplitMix64(seed: 22)
        let x = randomValues(13, in: -120...120, &rng)
        try checkGadget(.maximum(x), columns: columns, expected: [x.max() ?? 0], gadget: "Max")
    }

    @Test("VarDivRound rounds half up, negatives included", arguments: [4, 7, 10])
    func varDivRound(columns: Int) throws {
        var rng = SplitMix64(seed: 23 &+ UInt64(columns))
        for divisor: Int64 in [1, 2, 7, Int64.random(in: 3...128, using: &rng)] {
            // Quotients stay in the function domain (−128…127), where the quotient's range check accepts them.
            var a = randomValues(8, in: (-120 * divisor)...(120 * divisor), &rng)
            a += [divisor / 2, -divisor / 2, 3 * divisor / 2, -3 * divisor / 2 - divisor % 2]
            try checkGadget(.varDivRound(a, divisor: divisor), columns: columns,
                            expected: a.map { expectedRoundedDivision($0, divisor) }, gadget: "VarDivRound")
        }
        // Half-way cases by hand: −1.5 → −1, −2.5 → −2, 2.5 → 3.
        let halves = GadgetTestCircuit<Fr>(columns: columns, sizing: testSizing, .varDivRound([-3, -5, 5], divisor: 2))
        #expect(try MockProver.run(k: testK, circuit: halves, instances: []).verify().isEmpty)
        #expect(halves.run.outputs.map(\.value) == [-1, -2, 3])
    }

    @Test("VarDivRoundBig: divisors beyond the range table", arguments: [(2, 11), (2, 15), (3, 15)])
    func varDivRoundBig(limbs: Int, columns: Int) throws {
        var rng = SplitMix64(seed: 24)
        let divisor = limbs == 2 ? Int64.random(in: 300...32_000, using: &rng) : 3_000_000
        // Quotients within ±30000 fit the quotient's limbs (h = 128·256^(L−1) ≥ 32768).
        let a = randomValues(7, in: (-30_000 * divisor)...(30_000 * divisor), &rng) + [divisor / 2, -divisor / 2]
        try checkGadget(.varDivRoundBig(a, divisor: divisor, limbs: limbs), columns: columns,
                        expected: a.map { expectedRoundedDivision($0, divisor) }, gadget: "VarDivRoundBig\(limbs)")
    }

    @Test("BiasDivRound: rescale by sf, add the bias, then none, ReLU or ReLU6",
          arguments: [nil, NonlinearFunction.relu, .relu6], [5, 10])
    func biasDivRound(activation: NonlinearFunction?, columns: Int) throws {
        var rng = SplitMix64(seed: 25)
        let sf = testSizing.scaleFactor
        let x = randomValues(9, in: -16 * 100...16 * 100, &rng) + [8, -8, 24, -24]
        let bias = randomValues(x.count, in: -20...20, &rng)
        let divided = zip(x, bias).map { expectedRoundedDivision($0, sf) + $1 }
        let expected = switch activation {
        case .relu: divided.map { max($0, 0) }
        case .relu6: divided.map { min(max($0, 0), 6 * sf) }
        default: divided
        }
        try checkGadget(.biasDivRound(x, bias: bias, activation: activation), columns: columns, expected: expected,
                        gadget: BiasDivRound.name(activation: activation))
        // Without a bias the rounding alone: 8/16 = 0.5 → 1, −8/16 = −0.5 → 0, −24/16 = −1.5 → −1.
        try checkGadget(.biasDivRound([8, -8, -24], bias: nil, activation: nil), columns: columns, expected: [1, 0, -1],
                        gadget: nil)
    }

    /// round_half_away_from_zero(f(x/sf)·sf), exp at sf², computed here from the mathematical definitions.
    static func reference(_ f: NonlinearFunction, _ x: Int64) -> Int64 {
        let sf = Double(testSizing.scaleFactor), r = Double(x) / sf
        let y: Double = switch f {
        case .relu: max(Double(x), 0)
        case .relu6: min(max(Double(x), 0), 6 * sf)
        case .exp: Foundation.exp(r) * sf * sf
        case .logistic: sf / (1 + Foundation.exp(-r))
        case .tanh: Foundation.tanh(r) * sf
        case .gelu: r * (1 + erf(r / 2.0.squareRoot())) / 2 * sf
        case .sqrt: r < 0 ? 0 : r.squareRoot() * sf
        case .rsqrt: r <= 0 ? 0 : sf / r.squareRoot()
        case .cube: r * r * r * sf
        case .leakyRelu: (r < 0 ? 0.2 * r : r) * sf
        case .hardSwish: r * min(max(r + 3, 0), 6) / 6 * sf
        }
        return Int64(y.rounded(.toNearestOrAwayFromZero))
    }

    @Test("FunctionLookup: every nonlinearity's table", arguments: NonlinearFunction.allCases, [2, 5])
    func functionLookup(function: NonlinearFunction, columns: Int) throws {
        var rng = SplitMix64(seed: 26)
        // rsqrt is infinite at 0 (the table saturates there): test it on positive inputs.
        let lower: Int64 = function == .rsqrt ? 1 : testSizing.functionDomain.lowerBound
        let x = randomValues(9, in: lower...testSizing.functionDomain.upperBound, &rng) + [lower]
        try checkGadget(.function(function, x), columns: columns, expected: x.map { Self.reference(function, $0) },
                        gadget: FunctionLookup.name(function))
    }

    @Test("Function table values by hand at sf = 16")
    func functionValues() {
        let sf: Int64 = 16
        #expect(NonlinearFunction.exp.value(0, scaleFactor: sf) == 256)
        #expect(NonlinearFunction.exp.value(-16, scaleFactor: sf) == 94)  // e^−1·256 = 94.18
        #expect(NonlinearFunction.logistic.value(0, scaleFactor: sf) == 8)
        #expect(NonlinearFunction.tanh.value(16, scaleFactor: sf) == 12)  // tanh 1 · 16 = 12.19
        #expect(NonlinearFunction.sqrt.value(64, scaleFactor: sf) == 32)
        #expect(NonlinearFunction.rsqrt.value(64, scaleFactor: sf) == 8)
        #expect(NonlinearFunction.gelu.value(16, scaleFactor: sf) == 13)  // 0.8413 · 16 = 13.46
        #expect(NonlinearFunction.cube.value(-32, scaleFactor: sf) == -128)
        #expect(NonlinearFunction.relu6.value(500, scaleFactor: sf) == 96)
        #expect(NonlinearFunction.relu6.value(-5, scaleFactor: sf) == 0)
        // Half away from zero: tanh is odd, so ±x round to ±the same magnitude.
        #expect(NonlinearFunction.tanh.value(-16, scaleFactor: sf) == -12)
        #expect(NonlinearFunction.rsqrt.value(0, scaleFactor: sf) == Int64.max)
        #expect(NonlinearFunction.sqrt.value(-16, scaleFactor: sf) == 0)
    }

    @Test("RangeCheck accepts its range and a cell pushed past it fails the lookup", arguments: [1, 4])
    func rangeCheck(columns: Int) throws {
        var rng = SplitMix64(seed: 27)
        let lowerBound: Int64 = -40, upper = -40 + testSizing.rangeMax
        let x = [upper] + randomValues(6, in: lowerBound...upper, &rng) + [lowerBound]
        // The check's first row follows the witness rows; its column 0 holds a copy of x[0], the range's top.
        let firstCheckRow = (x.count + columns - 1) / columns
        try checkGadget(.rangeCheck(x, lowerBound: lowerBound), columns: columns, expected: x, gadget: "RangeCheck",
                        corrupt: { _ in CellRef(column: Column(.advice, 0), row: firstCheckRow, value: upper) })
    }

    @Test("ReluBits: ReLU by bit decomposition", arguments: [6, 10, 13])
    func reluBits(columns: Int) throws {
        var rng = SplitMix64(seed: 28)
        let half = Int64(1) << (columns - 3)
        let x = randomValues(7, in: -half...(half - 1), &rng) + [-half, half - 1, 0, -1]
        try checkGadget(.reluBits(x), columns: columns, expected: x.map { max($0, 0) }, gadget: "ReluBits")
    }

    static let outOfRange: [(GadgetOperation, gadget: String, table: String, value: Int64)] = [
        (.maxPairs([100], [-200]), "Max", "range", 300),
        (.maximum([0, 1, 2, 500]), "Max", "range", 499),
        (.varDivRound([64], divisor: 129), "VarDivRound", "range", 257),
        (.varDivRound([10], divisor: 300), "VarDivRound", "range", 300),
        (.varDivRoundBig([10], divisor: 40_000, limbs: 2), "VarDivRoundBig2", "range^2", 79_999),
        (.biasDivRound([16 * 200], bias: nil, activation: .relu), "BiasDivRound(relu)", "relu", 200),
        (.function(.exp, [-129]), "Lookup(exp)", "exp", -129),
        (.function(.tanh, [128]), "Lookup(tanh)", "tanh", 128),
        (.rangeCheck([256], lowerBound: 0), "RangeCheck", "range", 256),
        (.reluBits([128]), "ReluBits", "8-bit decomposition", 128),
    ]

    @Test("A lookup input outside its table is an error naming the layer, the gadget and the table",
          arguments: outOfRange.indices)
    func outsideTable(index: Int) throws {
        let (operation, gadget, table, value) = Self.outOfRange[index]
        // The two-limb divider needs 2 + 3·2 + 2 + 1 columns.
        var circuit = GadgetTestCircuit<Fr>(columns: gadget.hasPrefix("VarDivRoundBig") ? 11 : 10, sizing: testSizing,
                                            operation)
        circuit.layer = "conv2d_3 (op 5)"
        do {
            _ = try MockProver.run(k: testK, circuit: circuit, instances: [])
            Issue.record("no error for \(operation)")
        } catch let error as GadgetError {
            guard case let .outsideTable(layer, g, t, v, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(layer == "conv2d_3 (op 5)" && g == gadget && t == table && v == value)
            #expect(error.description.hasPrefix("layer 'conv2d_3 (op 5)': \(gadget) looks up \(value) in table '\(table)'"))
        }
        // Counting computes no values, so it cannot see the problem and must not throw.
        _ = try circuit.count()
    }

    @Test("A non-positive divisor is an error")
    func divisorNotPositive() throws {
        let circuit = GadgetTestCircuit<Fr>(columns: 4, sizing: testSizing, .varDivRound([5], divisor: 0))
        #expect(throws: GadgetError.divisorNotPositive(layer: "test layer", gadget: "VarDivRound", divisor: 0)) {
            try MockProver.run(k: testK, circuit: circuit, instances: [])
        }
    }
}
