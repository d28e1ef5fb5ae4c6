import Plonkish

/// A gadget a layer may need. A circuit configures the union of its layers' needs (each layer kind lists them for
/// its chosen alternative), and layers find their gadgets in the resulting `GadgetSet`.
public enum GadgetKind: Hashable, Sendable {
    case addPairs, subPairs, mulPairs, squaredDiff, square, sum, dotProduct, dotProductWithBias, max, varDivRound
    case varDivRoundBig(limbs: Int)
    case biasDivRound(activation: NonlinearFunction?)
    case function(NonlinearFunction)
    case reluBits
    case freivalds
    /// Cells checked to lie in the function tables' domain (the model's private inputs).
    case inputRange

    /// The function tables the gadget reads.
    public var functions: Set<NonlinearFunction> {
        switch self {
        case let .biasDivRound(activation?): [activation]
        case let .function(f): [f]
        default: []
        }
    }
}

/// The configured gadgets of a circuit: the grid, the lookup tables and one instance of each gadget kind asked for.
public struct GadgetSet: Sendable {
    public let grid: Grid
    public let tables: LookupTables
    public let kinds: Set<GadgetKind>
    public internal(set) var addPairs: AddPairs?, subPairs: SubPairs?, mulPairs: MulPairs?
    public internal(set) var squaredDiff: SquaredDiff?, square: Square?, sum: Sum?, max: Max?
    public internal(set) var dotProduct: DotProduct?, dotProductWithBias: DotProductWithBias?
    public internal(set) var varDivRound: VarDivRound?, reluBits: ReluBits?, freivalds: FreivaldsCheck?
    /// Checks cells against the function domain (`GadgetKind.inputRange`).
    public internal(set) var inputRange: RangeCheck?
    /// By limb count.
    public internal(set) var varDivRoundBig: [Int: VarDivRoundBig] = [:]
    /// By fused activation (nil: none).
    public internal(set) var biasDivRound: [NonlinearFunction?: BiasDivRound] = [:]
    public internal(set) var functions: [NonlinearFunction: FunctionLookup] = [:]

    /// Declares the grid, the tables the kinds read and every gadget in `kinds`, in a fixed order.
    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, columns: Int, sizing: TableSizing, kinds: Set<GadgetKind>
    ) -> GadgetSet {
        let grid = Grid.configure(&cs, columns: columns)
        let tables = LookupTables.configure(&cs, sizing: sizing, functions: kinds.reduce([]) { $0.union($1.functions) })
        var set = GadgetSet(grid: grid, tables: tables, kinds: kinds)
        // Every gadget gates its lookups by its own selectors, and the layouter turns on one selector per row, so
        // the gadgets' lookups into one table can share arguments (see `mergeExclusiveLookups`).
        var lookupRanges: [Range<Int>] = []
        var gadgetStart = cs.lookups.count
        func endGadget(_ lookupCount: Int) {
            if lookupCount > gadgetStart { lookupRanges.append(gadgetStart..<lookupCount) }
            gadgetStart = lookupCount
        }
        if kinds.contains(.addPairs) { set.addPairs = .configure(&cs, grid: grid) }
        if kinds.contains(.subPairs) { set.subPairs = .configure(&cs, grid: grid) }
        if kinds.contains(.mulPairs) { set.mulPairs = .configure(&cs, grid: grid) }
        if kinds.contains(.squaredDiff) { set.squaredDiff = .configure(&cs, grid: grid) }
        if kinds.contains(.square) { set.square = .configure(&cs, grid: grid) }
        if kinds.contains(.sum) { set.sum = .configure(&cs, grid: grid) }
        if kinds.contains(.dotProduct) { set.dotProduct = .configure(&cs, grid: grid) }
        if kinds.contains(.dotProductWithBias) { set.dotProductWithBias = .configure(&cs, grid: grid) }
        endGadget(cs.lookups.count)
        if kinds.contains(.max) { set.max = .configure(&cs, grid: grid, tables: tables) }
        endGadget(cs.lookups.count)
        if kinds.contains(.varDivRound) { set.varDivRound = .configure(&cs, grid: grid, tables: tables) }
        endGadget(cs.lookups.count)
        if kinds.contains(.reluBits) { set.reluBits = .configure(&cs, grid: grid) }
        if kinds.contains(.freivalds) { set.freivalds = .configure(&cs, grid: grid) }
        for case let .varDivRoundBig(limbs) in kinds.sorted(by: { "\($0)" < "\($1)" }) {
            set.varDivRoundBig[limbs] = .configure(&cs, grid: grid, tables: tables, limbs: limbs)
            endGadget(cs.lookups.count)
        }
        for case let .biasDivRound(activation) in kinds.sorted(by: { "\($0)" < "\($1)" }) {
            set.biasDivRound[activation] = .configure(&cs, grid: grid, tables: tables,
                                                      activation: activation.flatMap { tables.table($0) })
            endGadget(cs.lookups.count)
        }
        for case let .function(f) in kinds.sorted(by: { "\($0)" < "\($1)" }) {
            if let table = tables.table(f) { set.functions[f] = .configure(&cs, grid: grid, tables: tables, table: table) }
            endGadget(cs.lookups.count)
        }
        if kinds.contains(.inputRange) {
            // As many slots as BiasDivRound with an activation has range lookups (two per slot of five columns):
            // models rescale, so merging the checks into their arguments adds none. The count depends on the width
            // alone, so that the optimizer counts the inputs' rows apart from the operations'.
            set.inputRange = .configure(&cs, grid: grid, tables: tables, lowerBound: sizing.functionInputMin,
                                        slots: Swift.max(1, 2 * (columns / 5)))
            endGadget(cs.lookups.count)
        }
        cs.mergeExclusiveLookups(lookupRanges)
        return set
    }

    public var sizing: TableSizing { tables.sizing }
    public var scaleFactor: Int64 { tables.sizing.scaleFactor }

    /// The gadget, or an error naming the layer and the missing kind.
    func require<G>(_ gadget: G?, _ kind: GadgetKind, _ layer: String) throws -> G {
        guard let gadget else { throw GadgetError.gadgetNotConfigured(layer: layer, gadget: "\(kind)") }
        return gadget
    }

    func requireBiasDivRound(_ activation: NonlinearFunction?, _ layer: String) throws -> BiasDivRound {
        try require(biasDivRound[activation], .biasDivRound(activation: activation), layer)
    }

    func requireFunction(_ f: NonlinearFunction, _ layer: String) throws -> FunctionLookup {
        try require(functions[f], .function(f), layer)
    }

    /// The configured multi-limb divider with the fewest limbs ≥ `limbs`.
    func requireVarDivRoundBig(limbs: Int, _ layer: String) throws -> VarDivRoundBig {
        let candidates = varDivRoundBig.keys.filter { $0 >= limbs }.sorted()
        return try require(candidates.first.flatMap { varDivRoundBig[$0] }, .varDivRoundBig(limbs: limbs), layer)
    }
}
