import Plonkish

/// TFLite's FULLY_CONNECTED: out = f(round(x·Wᵀ/sf) + bias) at scale sf, with W of shape [out, in] (TFLite order)
/// and the input flattened to rows of `in` values.
public enum FullyConnectedLayer {
    public static func gadgets(
        strategy: MatMulStrategy, activation: FusedActivation, activationStrategy: ActivationStrategy = .lookup
    ) -> Set<GadgetKind> {
        MatrixProduct.kinds(strategy, activation, activationStrategy)
    }

    /// `weights` has shape [out, in]; `bias` (at sf) has `out` values. The result has shape [rows, out].
    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ input: CellTensor, weights: Tensor<Int64>, bias: [Int64]?, activation: FusedActivation = .none,
        strategy: MatMulStrategy, activationStrategy: ActivationStrategy = .lookup, gadgets: GadgetSet,
        layouter: Layouter<F>
    ) throws -> CellTensor {
        guard weights.rank == 2, weights.shape[1] > 0, input.count % weights.shape[1] == 0 else {
            throw layouter.shapeError("fully connected", "input \(input.shape) with weights \(weights.shape)")
        }
        let (p, n) = (weights.shape[0], weights.shape[1])
        let m = input.count / n
        let w = try layouter.constants(weights.elements)
        let y = try MatrixProduct.apply(x: input.elements, w: w, order: .byOutput, bias: bias, m: m, n: n, p: p,
                                        strategy: strategy, activation: activation,
                                        activationStrategy: activationStrategy, gadgets: gadgets, layouter: layouter)
        return try Tensor(shape: [m, p], elements: y)
    }
}
