import Plonkish

/// The windows of a 2-D pool over NHWC input: for each output (b, oy, ox, c), the input cells its window covers
/// (taps in the padding are skipped, as TFLite does).
func poolWindows(_ input: CellTensor, _ window: WindowGeometry) -> [[CellRef]] {
    let (batch, channels) = (input.shape[0], input.shape[3])
    var windows: [[CellRef]] = []
    windows.reserveCapacity(batch * window.outputHeight * window.outputWidth * channels)
    for b in 0..<batch {
        for oy in 0..<window.outputHeight {
            for ox in 0..<window.outputWidth {
                for c in 0..<channels {
                    var taps: [CellRef] = []
                    for ky in 0..<window.kernelHeight {
                        for kx in 0..<window.kernelWidth {
                            if let at = window.tap(oy, ox, ky, kx) { taps.append(input[[b, at.y, at.x, c]]) }
                        }
                    }
                    windows.append(taps)
                }
            }
        }
    }
    return windows
}

func poolGeometry<F: FFTField>(
    _ input: CellTensor, _ name: String, filter: (height: Int, width: Int), stride: (height: Int, width: Int),
    padding: Padding, _ layouter: Layouter<F>
) throws -> WindowGeometry {
    guard input.rank == 4 else { throw layouter.shapeError(name, "input \(input.shape) is not NHWC") }
    do {
        return try WindowGeometry(input: (input.shape[1], input.shape[2]), kernel: filter, stride: stride, padding: padding)
    } catch { throw layouter.shapeError(name, error.description) }
}

/// Sums of groups of cells divided by their sizes, round(Σ/count), one divider run per distinct count.
func averages<F: FFTField>(_ groups: [[CellRef]], gadgets: GadgetSet, layouter: Layouter<F>) throws -> [CellRef] {
    let layer = layouter.layer
    let adder = try gadgets.require(gadgets.sum, .sum, layer)
    let divider = try gadgets.require(gadgets.varDivRound, .varDivRound, layer)
    let sums = try groups.map { try adder.sum($0, in: layouter) }
    var result = [CellRef?](repeating: nil, count: groups.count)
    for count in Set(groups.map(\.count)).sorted() where count > 0 {
        let members = groups.indices.filter { groups[$0].count == count }
        let quotients = try divider.divide(members.map { sums[$0] }, by: try layouter.constant(Int64(count)), in: layouter)
        for (i, q) in zip(members, quotients) { result[i] = q }
    }
    return try result.map { cell in
        guard let cell else { throw GadgetError.emptyInput(layer: layer, gadget: Sum.name) }
        return cell
    }
}

/// TFLite's AVERAGE_POOL_2D: round(Σ window / taps in the input).
public enum AveragePool2DLayer {
    public static var gadgets: Set<GadgetKind> { [.sum, .varDivRound] }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ input: CellTensor, filter: (height: Int, width: Int), stride: (height: Int, width: Int), padding: Padding,
        gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        let window = try poolGeometry(input, "average pool", filter: filter, stride: stride, padding: padding, layouter)
        let out = try averages(poolWindows(input, window), gadgets: gadgets, layouter: layouter)
        return try Tensor(shape: [input.shape[0], window.outputHeight, window.outputWidth, input.shape[3]], elements: out)
    }
}

/// TFLite's MAX_POOL_2D: the maximum of each window, by rounds of the Max gadget.
public enum MaxPool2DLayer {
    public static var gadgets: Set<GadgetKind> { [.max] }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ input: CellTensor, filter: (height: Int, width: Int), stride: (height: Int, width: Int), padding: Padding,
        gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        let window = try poolGeometry(input, "max pool", filter: filter, stride: stride, padding: padding, layouter)
        let max = try gadgets.require(gadgets.max, .max, layouter.layer)
        let out = try poolWindows(input, window).map { try max.maximum($0, in: layouter) }
        return try Tensor(shape: [input.shape[0], window.outputHeight, window.outputWidth, input.shape[3]], elements: out)
    }
}
