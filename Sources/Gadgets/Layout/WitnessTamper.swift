import Plonkish

/// A malicious prover's edits, for soundness tests and debugging: while the witness is generated, the advice cell
/// assigned i-th (every advice assignment of the layout walk counts, in order, later-phase cells included) receives
/// its honest value plus `deltas[i]`, and everything laid out after it reads the changed value, as a prover who
/// wrote that cell would carry on. The walk itself never depends on values, so ordinals name the same cells in
/// every mode and every run of one layout.
public struct WitnessTamper: Sendable, Hashable {
    public var deltas: [Int: Int64]

    public init(deltas: [Int: Int64]) {
        self.deltas = deltas
    }

    public init(ordinal: Int, delta: Int64) {
        self.init(deltas: [ordinal: delta])
    }

    /// The value the tampered walk writes into the cell of `ordinal`.
    func apply(_ value: Int64, ordinal: Int) -> Int64 { deltas[ordinal].map { value &+ $0 } ?? value }

    func apply<F: FFTField>(_ value: F, ordinal: Int) -> F { deltas[ordinal].map { value + F($0) } ?? value }
}

/// An advice cell as the layout placed it: where, by which layer and gadget (the row's gadget;
/// `Layouter.witnessRowName` for free witness cells), and whether it pads an operation slot the row leaves unused.
public struct AssignedCell: Sendable, Hashable {
    public let cell: Cell
    public let layer: String
    public let gadget: String
    public let isPadding: Bool
}
