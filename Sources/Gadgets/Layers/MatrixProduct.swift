import Plonkish

/// How a layer proves a matrix product X·W (fully connected, convolution by im2col, batch matmul): the optimizer
/// picks one per plan.
public enum MatMulStrategy: String, Sendable, Hashable, CaseIterable {
    /// Y placed as witness and checked by Freivalds' randomized identity (`FreivaldsCheck`), then rescaled with the
    /// bias: rows grow with m·n + m·p + n·p instead of m·n·p.
    case freivalds
    /// One dot product per output (partial sums per row, added by `Sum`), then rescaled with the bias.
    case dotProduct
    /// One dot product per output chained through the bias column, starting from bias·sf, then rescaled.
    case dotProductWithBias
}

/// The product X·W (m×n by n×p, row-major cells) at scale sf², rescaled to f(round(Y/sf) + bias) at sf.
enum MatrixProduct {
    /// How the weight cells are ordered.
    enum WeightOrder {
        /// W as n×p, row k holding input k's weights to every output.
        case byInput
        /// Wᵀ as p×n, row j holding output j's weights (TFLite's fully connected order): each dot product reads one
        /// contiguous row, and nothing is transposed unless Freivalds' check needs W itself.
        case byOutput
    }

    static func kinds(_ strategy: MatMulStrategy, _ activation: FusedActivation, _ activationStrategy: ActivationStrategy)
        -> Set<GadgetKind>
    {
        let product: Set<GadgetKind> = switch strategy {
        case .freivalds: [.freivalds]
        case .dotProduct: [.dotProduct, .sum]
        case .dotProductWithBias: [.dotProductWithBias]
        }
        return product.union(Rescale.kinds(activation, activationStrategy))
    }

    /// Y = X·W over Int64, overflow reported.
    static func product<F: FFTField>(
        _ x: [CellRef], _ w: [CellRef], m: Int, n: Int, p: Int, _ layouter: Layouter<F>
    ) throws -> [Int64] {
        var y = [Int64](repeating: 0, count: m * p)
        guard layouter.computesValues else { return y }
        let gadget = FreivaldsCheck.name
        for i in 0..<m {
            for k in 0..<n {
                let a = x[i * n + k].value
                if a == 0 { continue }
                for j in 0..<p {
                    let term = try layouter.exact(a.multipliedReportingOverflow(by: w[k * p + j].value), gadget, "product")
                    y[i * p + j] = try layouter.exact(y[i * p + j].addingReportingOverflow(term), gadget, "sum")
                }
            }
        }
        return y
    }

    static func apply<F: FFTField>(
        x: [CellRef], w: [CellRef], order: WeightOrder = .byInput, bias: [Int64]?, m: Int, n: Int, p: Int,
        strategy: MatMulStrategy,
        activation: FusedActivation, activationStrategy: ActivationStrategy, gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> [CellRef] {
        let layer = layouter.layer
        guard x.count == m * n, w.count == n * p, bias.map({ $0.count == p }) ?? true, n > 0 else {
            throw layouter.shapeError("matrix product", "\(x.count) inputs, \(w.count) weights, \(bias?.count ?? 0) biases "
                                      + "for \(m)×\(n)·\(n)×\(p)")
        }
        let sf = gadgets.scaleFactor
        let biasCells = try bias.map { b in try (0..<(m * p)).map { try layouter.constant(b[$0 % p]) } }
        let column: (Int) -> [CellRef] = switch order {
        case .byInput: { j in (0..<n).map { w[$0 * p + j] } }
        case .byOutput: { j in Array(w[(j * n)..<((j + 1) * n)]) }
        }
        switch strategy {
        case .freivalds:
            let check = try gadgets.require(gadgets.freivalds, .freivalds, layer)
            let w = order == .byInput ? w : try Tensor(shape: [p, n], elements: w).transposed([1, 0]).elements
            let y = try layouter.witness(try product(x, w, m: m, n: n, p: p, layouter))
            try check.check(x: x, w: w, y: y, m: m, n: n, p: p, in: layouter)
            return try Rescale.apply(y, bias: biasCells, activation: activation, strategy: activationStrategy,
                                     gadgets: gadgets, layouter: layouter)
        case .dotProduct:
            let dot = try gadgets.require(gadgets.dotProduct, .dotProduct, layer)
            let adder = try gadgets.require(gadgets.sum, .sum, layer)
            let columns = (0..<p).map(column)
            var y: [CellRef] = []
            y.reserveCapacity(m * p)
            for i in 0..<m {
                let row = Array(x[(i * n)..<((i + 1) * n)])
                for j in 0..<p { y.append(try dot.apply(row, columns[j], adder: adder, in: layouter)) }
            }
            return try Rescale.apply(y, bias: biasCells, activation: activation, strategy: activationStrategy,
                                     gadgets: gadgets, layouter: layouter)
        case .dotProductWithBias:
            let dot = try gadgets.require(gadgets.dotProductWithBias, .dotProductWithBias, layer)
            // round((acc + b·sf)/sf) = round(acc/sf) + b: the bias enters at sf² and the rescale adds nothing.
            let scaledBias = try (0..<p).map { j in
                try layouter.constant(try layouter.exact((bias?[j] ?? 0).multipliedReportingOverflow(by: sf),
                                                         DotProductWithBias.name, "bias·sf"))
            }
            let columns = (0..<p).map(column)
            var y: [CellRef] = []
            y.reserveCapacity(m * p)
            for i in 0..<m {
                let row = Array(x[(i * n)..<((i + 1) * n)])
                for j in 0..<p { y.append(try dot.apply(row, columns[j], bias: scaledBias[j], in: layouter)) }
            }
            return try Rescale.apply(y, bias: nil, activation: activation, strategy: activationStrategy,
                                     gadgets: gadgets, layouter: layouter)
        }
    }
}
