import Plonkish

/// A binary element-wise operation with numpy broadcasting, at scale sf: add and sub exact, mul round(a·b/sf),
/// squared difference round((a − b)²/sf), divide round(a·sf/b) (b > 0).
public enum ElementwiseOperation: String, Sendable, Hashable, CaseIterable {
    case add, sub, mul, squaredDifference, divide
}

/// How a square x² is proved: its own gate, or the multiplication gate with x twice.
public enum SquareStrategy: String, Sendable, Hashable, CaseIterable {
    case square, mulPairs
}

public enum ElementwiseLayer {
    public static func gadgets(_ operation: ElementwiseOperation) -> Set<GadgetKind> {
        switch operation {
        case .add: [.addPairs]
        case .sub: [.subPairs]
        case .mul: [.mulPairs, .biasDivRound(activation: nil)]
        case .squaredDifference: [.squaredDiff, .biasDivRound(activation: nil)]
        case .divide: [.mulPairs, .varDivRound]
        }
    }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ operation: ElementwiseOperation, _ a: CellTensor, _ b: CellTensor, gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        let layer = layouter.layer
        let shape: [Int]
        do { shape = try CellTensor.broadcastShape(a.shape, b.shape) } catch {
            throw layouter.shapeError(operation.rawValue, "operands \(a.shape) and \(b.shape) do not broadcast")
        }
        let x = try a.broadcast(to: shape).elements, y = try b.broadcast(to: shape).elements
        let rescale = { (cells: [CellRef]) in
            try gadgets.requireBiasDivRound(nil, layer).apply(cells, bias: nil, in: layouter).rescaled
        }
        let out: [CellRef]
        switch operation {
        case .add: out = try gadgets.require(gadgets.addPairs, .addPairs, layer).apply(x, y, in: layouter)
        case .sub: out = try gadgets.require(gadgets.subPairs, .subPairs, layer).apply(x, y, in: layouter)
        case .mul: out = try rescale(try gadgets.require(gadgets.mulPairs, .mulPairs, layer).apply(x, y, in: layouter))
        case .squaredDifference:
            out = try rescale(try gadgets.require(gadgets.squaredDiff, .squaredDiff, layer).apply(x, y, in: layouter))
        case .divide:
            let multiply = try gadgets.require(gadgets.mulPairs, .mulPairs, layer)
            let divide = try gadgets.require(gadgets.varDivRound, .varDivRound, layer)
            let sf = try layouter.constant(gadgets.scaleFactor)
            let scaled = try multiply.apply(x, Array(repeating: sf, count: x.count), in: layouter)
            // One VarDivRound run per distinct divisor cell (a broadcast scalar is one run), in first-use order.
            var order: [CellRef] = [], groups: [CellRef: [Int]] = [:]
            for (i, divisor) in y.enumerated() {
                if groups[divisor] == nil { order.append(divisor) }
                groups[divisor, default: []].append(i)
            }
            var result = [CellRef?](repeating: nil, count: x.count)
            for divisor in order {
                let members = groups[divisor] ?? []
                let quotients = try divide.divide(members.map { scaled[$0] }, by: divisor, in: layouter)
                for (i, q) in zip(members, quotients) { result[i] = q }
            }
            out = result.compactMap { $0 }
        }
        return try Tensor(shape: shape, elements: out)
    }

    public static func squareGadgets(_ strategy: SquareStrategy) -> Set<GadgetKind> {
        [strategy == .square ? .square : .mulPairs, .biasDivRound(activation: nil)]
    }

    /// round(x²/sf).
    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func square<F: FFTField>(
        _ x: CellTensor, strategy: SquareStrategy, gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        let layer = layouter.layer
        let squares = switch strategy {
        case .square: try gadgets.require(gadgets.square, .square, layer).apply(x.elements, in: layouter)
        case .mulPairs: try gadgets.require(gadgets.mulPairs, .mulPairs, layer).apply(x.elements, x.elements, in: layouter)
        }
        let out = try gadgets.requireBiasDivRound(nil, layer).apply(squares, bias: nil, in: layouter).rescaled
        return try Tensor(shape: x.shape, elements: out)
    }
}
