import Plonkish

/// Softmax along the last axis, as the paper computes it (zkml-paper-code.md §7.5): m = max, e_i = exp table at
/// sf² of x_i − m, S = Σ e_i, s = round(S/sf), y_i = round(e_i/s) ≈ softmax·sf. Masked entries take no part and
/// output 0. The divisions use the multi-limb divider, whose limb count covers s ≤ length·sf.
public enum SoftmaxLayer {
    /// The fewest limbs L with size^L > 2·length·sf + 2: room for the divisor s and the quotient of S/sf.
    public static func limbs(axisLength: Int, sizing: TableSizing) -> Int {
        let need = 2 * Double(max(axisLength, 1)) * Double(sizing.scaleFactor) + 2
        var limbs = 1, capacity = Double(sizing.size)
        while capacity <= need {
            limbs += 1
            capacity *= Double(sizing.size)
        }
        return limbs
    }

    public static func gadgets(axisLength: Int, sizing: TableSizing) -> Set<GadgetKind> {
        [.max, .subPairs, .function(.exp), .sum, .varDivRoundBig(limbs: limbs(axisLength: axisLength, sizing: sizing))]
    }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ input: CellTensor, mask: Tensor<Bool>? = nil, gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        let layer = layouter.layer
        guard input.rank >= 1, let length = input.shape.last, length > 0 else {
            throw layouter.shapeError("softmax", "input \(input.shape) has no last axis to normalize")
        }
        var masked = [Bool](repeating: false, count: input.count)
        if let mask {
            do { masked = try mask.broadcast(to: input.shape).elements } catch {
                throw layouter.shapeError("softmax", "mask \(mask.shape) does not broadcast to \(input.shape)")
            }
        }
        let max = try gadgets.require(gadgets.max, .max, layer)
        let subtract = try gadgets.require(gadgets.subPairs, .subPairs, layer)
        let exp = try gadgets.requireFunction(.exp, layer)
        let adder = try gadgets.require(gadgets.sum, .sum, layer)
        let divider = try gadgets.requireVarDivRoundBig(limbs: limbs(axisLength: length, sizing: gadgets.sizing), layer)
        let zero = try layouter.constant(0)

        let rows = input.count / length
        var exps: [[CellRef]] = [], sums: [CellRef] = [], active: [[Int]] = []
        for r in 0..<rows {
            let members = (0..<length).filter { !masked[r * length + $0] }
            active.append(members)
            guard !members.isEmpty else {
                exps.append([])
                continue
            }
            let x = members.map { input.elements[r * length + $0] }
            let m = try max.maximum(x, in: layouter)
            let shifted = try subtract.apply(x, Array(repeating: m, count: x.count), in: layouter)
            let e = try exp.apply(shifted, in: layouter)
            exps.append(e)
            sums.append(try adder.sum(e, in: layouter))
        }
        var scaledSums = try divider.divide(sums, by: try layouter.constant(gadgets.scaleFactor), in: layouter)[...]
        var out = [CellRef](repeating: zero, count: input.count)
        for r in 0..<rows where !active[r].isEmpty {
            let s = scaledSums.removeFirst()
            let y = try divider.divide(exps[r], by: s, in: layouter)
            for (i, cell) in zip(active[r], y) { out[r * length + i] = cell }
        }
        return try Tensor(shape: input.shape, elements: out)
    }
}
