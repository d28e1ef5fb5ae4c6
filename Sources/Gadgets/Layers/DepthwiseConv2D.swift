import Plonkish

/// How a depthwise convolution proves its per-channel dot products (no shared matrix, so no Freivalds).
public enum DepthwiseStrategy: String, Sendable, Hashable, CaseIterable {
    case dotProduct, dotProductWithBias
}

/// TFLite's DEPTHWISE_CONV_2D: filters [1, kh, kw, in·multiplier]; output channel o reads input channel
/// o / multiplier; out = f(round(acc/sf) + bias).
public enum DepthwiseConv2DLayer {
    public static func gadgets(
        strategy: DepthwiseStrategy, activation: FusedActivation, activationStrategy: ActivationStrategy = .lookup
    ) -> Set<GadgetKind> {
        MatrixProduct.kinds(strategy == .dotProduct ? .dotProduct : .dotProductWithBias, activation, activationStrategy)
    }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ input: CellTensor, filters: Tensor<Int64>, bias: [Int64]?, stride: (height: Int, width: Int) = (1, 1),
        dilation: (height: Int, width: Int) = (1, 1), padding: Padding, activation: FusedActivation = .none,
        strategy: DepthwiseStrategy, activationStrategy: ActivationStrategy = .lookup, gadgets: GadgetSet,
        layouter: Layouter<F>
    ) throws -> CellTensor {
        guard input.rank == 4, filters.rank == 4, filters.shape[0] == 1, input.shape[3] > 0,
              filters.shape[3] % input.shape[3] == 0, bias.map({ $0.count == filters.shape[3] }) ?? true else {
            throw layouter.shapeError("depthwise conv2d", "input \(input.shape) with filters \(filters.shape)")
        }
        let layer = layouter.layer
        let (batch, channels) = (input.shape[0], input.shape[3])
        let (kh, kw, outChannels) = (filters.shape[1], filters.shape[2], filters.shape[3])
        let multiplier = outChannels / channels
        let window = try WindowGeometry(input: (input.shape[1], input.shape[2]), kernel: (kh, kw), stride: stride,
                                        dilation: dilation, padding: padding)
        let sf = gadgets.scaleFactor
        let weights = try layouter.constants(filters.elements)
        let biasCells = try bias.map { try layouter.constants($0) }
        var accumulators: [CellRef] = []
        for b in 0..<batch {
            for oy in 0..<window.outputHeight {
                for ox in 0..<window.outputWidth {
                    for o in 0..<outChannels {
                        // Padding taps contribute nothing: leave them out rather than multiply by zero.
                        var x: [CellRef] = [], w: [CellRef] = []
                        for ky in 0..<kh {
                            for kx in 0..<kw {
                                guard let at = window.tap(oy, ox, ky, kx) else { continue }
                                x.append(input[[b, at.y, at.x, o / multiplier]])
                                w.append(weights[(ky * kw + kx) * outChannels + o])
                            }
                        }
                        switch strategy {
                        case .dotProduct:
                            let dot = try gadgets.require(gadgets.dotProduct, .dotProduct, layer)
                            let adder = try gadgets.require(gadgets.sum, .sum, layer)
                            accumulators.append(x.isEmpty ? try layouter.constant(0)
                                                          : try dot.apply(x, w, adder: adder, in: layouter))
                        case .dotProductWithBias:
                            let dot = try gadgets.require(gadgets.dotProductWithBias, .dotProductWithBias, layer)
                            let scaled = try layouter.exact((bias?[o] ?? 0).multipliedReportingOverflow(by: sf),
                                                            DotProductWithBias.name, "bias·sf")
                            accumulators.append(try dot.apply(x, w, bias: try layouter.constant(scaled), in: layouter))
                        }
                    }
                }
            }
        }
        let perOutput = biasCells.map { cells in (0..<accumulators.count).map { cells[$0 % outChannels] } }
        let y = try Rescale.apply(accumulators, bias: strategy == .dotProduct ? perOutput : nil, activation: activation,
                                  strategy: activationStrategy, gadgets: gadgets, layouter: layouter)
        return try Tensor(shape: [batch, window.outputHeight, window.outputWidth, outChannels], elements: y)
    }
}
