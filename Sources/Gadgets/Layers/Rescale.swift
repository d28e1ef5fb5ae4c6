import Plonkish

/// The activation fused into a layer's rescale (TFLite's fused activation).
public enum FusedActivation: String, Sendable, Hashable, CaseIterable {
    case none, relu, relu6
}

/// How a ReLU is proved: by a table lookup (fused into the rescale row) or by bit decomposition after the rescale.
/// ReLU6 and every other function always use their table.
public enum ActivationStrategy: String, Sendable, Hashable, CaseIterable {
    case lookup, bits
}

/// Rescale by the scale factor, bias and activation, shared by the product layers: out = f(round(x/sf) + bias).
enum Rescale {
    static func kinds(_ activation: FusedActivation, _ strategy: ActivationStrategy) -> Set<GadgetKind> {
        switch (activation, strategy) {
        case (.none, _): [.biasDivRound(activation: nil)]
        case (.relu, .lookup): [.biasDivRound(activation: .relu)]
        case (.relu, .bits): [.biasDivRound(activation: nil), .reluBits]
        case (.relu6, _): [.biasDivRound(activation: .relu6)]
        }
    }

    static func apply<F: FFTField>(
        _ x: [CellRef], bias: [CellRef]?, activation: FusedActivation, strategy: ActivationStrategy,
        gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> [CellRef] {
        let layer = layouter.layer
        switch (activation, strategy) {
        case (.none, _):
            return try gadgets.requireBiasDivRound(nil, layer).apply(x, bias: bias, in: layouter).rescaled
        case (.relu, .lookup):
            return try gadgets.requireBiasDivRound(.relu, layer).apply(x, bias: bias, in: layouter).activated
        case (.relu, .bits):
            let rescaled = try gadgets.requireBiasDivRound(nil, layer).apply(x, bias: bias, in: layouter).rescaled
            return try gadgets.require(gadgets.reluBits, .reluBits, layer).apply(rescaled, in: layouter)
        case (.relu6, _):
            return try gadgets.requireBiasDivRound(.relu6, layer).apply(x, bias: bias, in: layouter).activated
        }
    }
}

extension Layouter {
    /// The constant cells of `values`.
    func constants(_ values: [Int64]) throws -> [CellRef] { try values.map { try constant($0) } }

    func shapeError(_ operation: String, _ reason: String) -> GadgetError {
        GadgetError.invalidShape(layer: layer, operation: operation, reason: reason)
    }
}
