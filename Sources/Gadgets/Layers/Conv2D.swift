import Plonkish

/// TFLite's CONV_2D on NHWC activations with filters [out, kh, kw, in]: im2col turns it into a matrix product of
/// the patches (one row per output pixel, taps in [kh, kw, in] order, padding taps the zero constant) with the
/// filters, proved by the chosen `MatMulStrategy`; then out = f(round(acc/sf) + bias).
public enum Conv2DLayer {
    public static func gadgets(
        strategy: MatMulStrategy, activation: FusedActivation, activationStrategy: ActivationStrategy = .lookup
    ) -> Set<GadgetKind> {
        MatrixProduct.kinds(strategy, activation, activationStrategy)
    }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ input: CellTensor, filters: Tensor<Int64>, bias: [Int64]?, stride: (height: Int, width: Int) = (1, 1),
        dilation: (height: Int, width: Int) = (1, 1), padding: Padding, activation: FusedActivation = .none,
        strategy: MatMulStrategy, activationStrategy: ActivationStrategy = .lookup, gadgets: GadgetSet,
        layouter: Layouter<F>
    ) throws -> CellTensor {
        guard input.rank == 4, filters.rank == 4, filters.shape[3] == input.shape[3] else {
            throw layouter.shapeError("conv2d", "input \(input.shape) with filters \(filters.shape)")
        }
        let (batch, channels) = (input.shape[0], input.shape[3])
        let (outChannels, kh, kw) = (filters.shape[0], filters.shape[1], filters.shape[2])
        let window = try WindowGeometry(input: (input.shape[1], input.shape[2]), kernel: (kh, kw), stride: stride,
                                        dilation: dilation, padding: padding)
        let zero = try layouter.constant(0)
        let n = kh * kw * channels
        var patches: [CellRef] = []
        patches.reserveCapacity(batch * window.outputHeight * window.outputWidth * n)
        for b in 0..<batch {
            for oy in 0..<window.outputHeight {
                for ox in 0..<window.outputWidth {
                    for ky in 0..<kh {
                        for kx in 0..<kw {
                            for c in 0..<channels {
                                patches.append(window.tap(oy, ox, ky, kx).map { input[[b, $0.y, $0.x, c]] } ?? zero)
                            }
                        }
                    }
                }
            }
        }
        let m = batch * window.outputHeight * window.outputWidth
        let w = try layouter.constants(try filters.reshaped([outChannels, n]).transposed([1, 0]).elements)
        let y = try MatrixProduct.apply(x: patches, w: w, bias: bias, m: m, n: n, p: outChannels, strategy: strategy,
                                        activation: activation, activationStrategy: activationStrategy,
                                        gadgets: gadgets, layouter: layouter)
        return try Tensor(shape: [batch, window.outputHeight, window.outputWidth, outChannels], elements: y)
    }
}
