import Gadgets
import Plonkish
import Testing

/// Gadgets never share a row, so their lookups into one table share arguments (`mergeExclusiveLookups`): the merged
/// inputs must still catch every gadget's out-of-table value, on its own row.
@Suite("Merged lookups")
struct MergedLookupTests {
    static let kinds: Set<GadgetKind> = [.max, .varDivRound, .biasDivRound(activation: nil)]

    static func rangeLookupCount(_ kinds: Set<GadgetKind>) -> Int {
        var cs = ConstraintSystem<Fr>()
        let gadgets = GadgetSet.configure(&cs, columns: 9, sizing: layerSizing, kinds: kinds)
        return cs.lookups.filter { $0.table == [gadgets.tables.range] }.count
    }

    @Test("gadgets sharing a table need only as many lookups as the gadget that has the most")
    func lookupCount() {
        let alone = Self.kinds.map { Self.rangeLookupCount([$0]) }
        #expect(alone.allSatisfy { $0 > 0 })
        #expect(Self.rangeLookupCount(Self.kinds) == alone.max())
        #expect(alone.reduce(0, +) > alone.max() ?? 0)
    }

    /// Max of (a, b) next to a division and a rescale; the first maximum can be replaced by the smaller input,
    /// which the gate (a − m)(b − m) = 0 accepts and only the (merged) range lookup m − b ∈ range rejects.
    static func circuit() -> LayerTestCircuit {
        LayerTestCircuit(columns: 9, kinds: kinds) { gadgets, layouter in
            let a = try layouter.witness([5, -7, 30, 12])
            let b = try layouter.witness([9, -2, 1, 12])
            let maxima = try #require(gadgets.max).pairs(a, b, in: layouter)
            let divisor = try layouter.witness([3])
            _ = try #require(gadgets.varDivRound).divide(maxima, by: divisor[0], in: layouter)
            _ = try #require(gadgets.biasDivRound[nil]).apply(a, bias: nil, in: layouter)
            return try CellTensor(shape: [maxima.count], elements: maxima)
        }
    }

    @Test("the MockProver accepts the honest witness and names the Max lookup, on its row, for a wrong maximum")
    func wrongMaximumIsCaught() throws {
        let honest = Self.circuit()
        #expect(try MockProver.run(k: layerK, circuit: honest, instances: []).verify().isEmpty)
        let first = try #require(honest.run.output?.elements.first)
        #expect(first.value == 9)

        var corrupted = Self.circuit()
        corrupted.corruption = (first.cell, Fr(Int64(-4)))
        let failures = try MockProver.run(k: layerK, circuit: corrupted, instances: []).verify()
        // m = 5 = a satisfies the gate; m − b = −4 is outside the range table.
        #expect(!failures.contains { $0.gate != nil })
        #expect(failures.contains { ($0.lookup?.contains("Max[0]: m − b ∈ range") ?? false) && $0.row == first.row },
                "\(failures.prefix(3))")
    }
}
