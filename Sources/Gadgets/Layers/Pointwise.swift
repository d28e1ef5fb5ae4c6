import Plonkish

/// Pointwise functions through their tables (relu, relu6, logistic, tanh, gelu, exp at sf², sqrt, rsqrt, cube,
/// leaky relu, hard swish), ReLU alternatively by bit decomposition, and MaskNegInf.
public enum PointwiseLayer {
    public static func gadgets(_ function: NonlinearFunction, strategy: ActivationStrategy = .lookup) -> Set<GadgetKind> {
        function == .relu && strategy == .bits ? [.reluBits] : [.function(function)]
    }

    /// f(x) element-wise; `strategy` matters for ReLU only.
    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ function: NonlinearFunction, _ x: CellTensor, strategy: ActivationStrategy = .lookup, gadgets: GadgetSet,
        layouter: Layouter<F>
    ) throws -> CellTensor {
        let layer = layouter.layer
        let out = if function == .relu && strategy == .bits {
            try gadgets.require(gadgets.reluBits, .reluBits, layer).apply(x.elements, in: layouter)
        } else {
            try gadgets.requireFunction(function, layer).apply(x.elements, in: layouter)
        }
        return try Tensor(shape: x.shape, elements: out)
    }

    /// Masked entries (mask broadcast to x) become the constant −⌊size/2⌋, the tables' lowest input, standing for
    /// −∞ (the paper's min_val); costs one constant, no rows.
    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func maskNegInf<F: FFTField>(
        _ x: CellTensor, mask: Tensor<Bool>, gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        let full: Tensor<Bool>
        do { full = try mask.broadcast(to: x.shape) } catch {
            throw layouter.shapeError("mask neg inf", "mask \(mask.shape) does not broadcast to \(x.shape)")
        }
        let negInf = try layouter.constant(gadgets.sizing.functionInputMin)
        return try Tensor(shape: x.shape, elements: zip(x.elements, full.elements).map { $1 ? negInf : $0 })
    }
}
