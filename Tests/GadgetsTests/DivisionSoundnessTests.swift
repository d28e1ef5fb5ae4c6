import Gadgets
import Plonkish
import Testing

/// Forged divisions: a remainder other than the honest one with the matching field quotient (2a + b − r')/(2b),
/// which satisfies the division identity but is no integer. The quotient's range check must reject it.
struct DivisionSoundnessTests {
    /// (2a + b − r)/(2b) in the field.
    static func fieldQuotient(_ a: Int64, _ b: Int64, _ r: Int64) -> Fr {
        Fr(2 * a + b - r) * (Fr(2 * b).inverse() ?? .zero)
    }

    @Test("VarDivRound: a forged (q, r) pair satisfies the gate but fails the quotient's range lookup")
    func varDivRound() throws {
        // 4 columns: one operation per row, [a, q, r, b]. a = 5, b = 3: honest q = 2, r = 1; forged r' = 3.
        let honest = GadgetTestCircuit<Fr>(columns: 4, sizing: testSizing, .varDivRound([5], divisor: 3))
        #expect(try MockProver.run(k: testK, circuit: honest, instances: []).verify().isEmpty)
        let q = try #require(honest.run.outputs.first)
        #expect(q.value == 2)
        var forged = honest
        forged.overrides = [(q.cell, Self.fieldQuotient(5, 3, 3)), (Cell(Column(.advice, 2), q.row), Fr(Int64(3)))]
        let failures = try MockProver.run(k: testK, circuit: forged, instances: []).verify()
        #expect(!failures.isEmpty)
        // Only the new check catches it: the division identity and the remainder's bounds hold.
        #expect(failures.allSatisfy { $0.lookup?.contains("q − lo ∈ range") == true }, "\(failures)")
    }

    @Test("VarDivRoundBig: a forged (q, r) pair is rejected by the quotient's limbs", arguments: [2, 3])
    func varDivRoundBig(limbs: Int) throws {
        // Columns: one operation of 2 + 3L cells, then L divisor limbs and the divisor.
        let columns = 2 + 3 * limbs + limbs + 1
        let (a, b): (Int64, Int64) = (1000, 300)
        let honest = GadgetTestCircuit<Fr>(columns: columns, sizing: testSizing,
                                           .varDivRoundBig([a], divisor: b, limbs: limbs))
        #expect(try MockProver.run(k: testK, circuit: honest, instances: []).verify().isEmpty)
        let q = try #require(honest.run.outputs.first)
        #expect(q.value == expectedRoundedDivision(a, b))
        // Honest r = 2a + b − 2b·q = 2300 − 1800 = 500; forge r' = 501 with its limbs and those of 2b − 1 − r'.
        let rForged: Int64 = 501, size = Int64(testSizing.size)
        var overrides: [(cell: Cell, value: Fr)] = [(q.cell, Self.fieldQuotient(a, b, rForged))]
        for (offset, value) in [(2, rForged), (2 + limbs, 2 * b - 1 - rForged)] {
            var rest = value
            for j in 0..<limbs {
                overrides.append((Cell(Column(.advice, offset + j), q.row), Fr(rest % size)))
                rest /= size
            }
        }
        var forged = honest
        forged.overrides = overrides
        let failures = try MockProver.run(k: testK, circuit: forged, instances: []).verify()
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.constraint?.contains("q + h = u") == true }, "\(failures)")
    }

    @Test("VarDivRoundBig: a divisor limb that does not compose to b is rejected")
    func divisorLimbs() throws {
        let honest = GadgetTestCircuit<Fr>(columns: 12, sizing: testSizing, .varDivRoundBig([1000], divisor: 300, limbs: 2))
        #expect(try MockProver.run(k: testK, circuit: honest, instances: []).verify().isEmpty)
        let q = try #require(honest.run.outputs.first)
        var forged = honest
        forged.corruption = (Cell(Column(.advice, 12 - 3), q.row), .one)
        let failures = try MockProver.run(k: testK, circuit: forged, instances: []).verify()
        #expect(failures.contains { $0.constraint?.contains("b = Σ b_j") == true }, "\(failures)")
    }

    @Test("BiasDivRound without activation: a forged (div, mod) pair fails the range lookup of div")
    func biasDivRound() throws {
        // 4 columns: [x, bias, div, mod]. x = 40, sf = 16: div = round(2.5) = 3, mod = 80 + 16 − 96 = 0.
        let honest = GadgetTestCircuit<Fr>(columns: 4, sizing: testSizing, .biasDivRound([40], bias: nil, activation: nil))
        #expect(try MockProver.run(k: testK, circuit: honest, instances: []).verify().isEmpty)
        let div = try #require(honest.run.outputs.first)
        #expect(div.value == 3)
        var forged = honest
        forged.overrides = [(div.cell, Self.fieldQuotient(40, 16, 5)), (Cell(Column(.advice, 3), div.row), Fr(Int64(5)))]
        let failures = try MockProver.run(k: testK, circuit: forged, instances: []).verify()
        #expect(!failures.isEmpty)
        #expect(failures.allSatisfy { $0.lookup?.contains("div − lo ∈ range") == true }, "\(failures)")
    }
}
