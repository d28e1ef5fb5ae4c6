import Plonkish

/// The cells of `input` grouped by their position outside `axes`, and the output shape.
func reductionGroups<F: FFTField>(
    _ input: CellTensor, axes: [Int], keepDims: Bool, _ name: String, _ layouter: Layouter<F>
) throws -> (groups: [[CellRef]], shape: [Int]) {
    let reduced = try Set(axes.map { axis in
        let a = axis < 0 ? axis + input.rank : axis
        guard a >= 0 && a < input.rank else { throw layouter.shapeError(name, "axis \(axis) outside rank \(input.rank)") }
        return a
    })
    let kept = (0..<input.rank).filter { !reduced.contains($0) }
    let keptShape = kept.map { input.shape[$0] }
    let keptStrides = Tensor<Int>.strides(keptShape)
    var groups = [[CellRef]](repeating: [], count: Tensor<Int>.count(keptShape))
    var index = [Int](repeating: 0, count: input.rank)
    for cell in input.elements {
        var group = 0
        for (i, axis) in kept.enumerated() { group += index[axis] * keptStrides[i] }
        groups[group].append(cell)
        Tensor<Int>.advance(&index, in: input.shape)
    }
    let shape = keepDims ? input.shape.indices.map { reduced.contains($0) ? 1 : input.shape[$0] } : keptShape
    return (groups, shape)
}

/// TFLite's MEAN over `axes`: round(Σ/count).
public enum MeanLayer {
    public static var gadgets: Set<GadgetKind> { [.sum, .varDivRound] }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ input: CellTensor, axes: [Int], keepDims: Bool = false, gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        let (groups, shape) = try reductionGroups(input, axes: axes, keepDims: keepDims, "mean", layouter)
        return try Tensor(shape: shape, elements: try averages(groups, gadgets: gadgets, layouter: layouter))
    }
}

/// TFLite's SUM over `axes`: exact.
public enum SumLayer {
    public static var gadgets: Set<GadgetKind> { [.sum] }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ input: CellTensor, axes: [Int], keepDims: Bool = false, gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        let (groups, shape) = try reductionGroups(input, axes: axes, keepDims: keepDims, "sum", layouter)
        let adder = try gadgets.require(gadgets.sum, .sum, layouter.layer)
        return try Tensor(shape: shape, elements: try groups.map { try adder.sum($0, in: layouter) })
    }
}
