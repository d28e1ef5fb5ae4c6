import Plonkish

/// TFLite's BATCH_MATMUL of two activation tensors: out = round(A·B/sf) per batch slice, A [..., m, n] and
/// B [..., n, p] (after the optional adjoints), batch dimensions broadcast.
public enum BatchMatMulLayer {
    public static func gadgets(strategy: MatMulStrategy) -> Set<GadgetKind> {
        MatrixProduct.kinds(strategy, .none, .lookup)
    }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func apply<F: FFTField>(
        _ a: CellTensor, _ b: CellTensor, adjointA: Bool = false, adjointB: Bool = false, strategy: MatMulStrategy,
        gadgets: GadgetSet, layouter: Layouter<F>
    ) throws -> CellTensor {
        guard a.rank >= 2, b.rank >= 2 else { throw layouter.shapeError("batch matmul", "operands \(a.shape), \(b.shape)") }
        func swapLast(_ t: CellTensor) throws -> CellTensor {
            var permutation = Array(0..<t.rank)
            permutation.swapAt(t.rank - 1, t.rank - 2)
            return try t.transposed(permutation)
        }
        let left = adjointA ? try swapLast(a) : a, right = adjointB ? try swapLast(b) : b
        let (m, n, p) = (left.shape[left.rank - 2], left.shape[left.rank - 1], right.shape[right.rank - 1])
        guard right.shape[right.rank - 2] == n else {
            throw layouter.shapeError("batch matmul", "operands \(left.shape) and \(right.shape) do not multiply")
        }
        let batch = try CellTensor.broadcastShape(Array(left.shape.dropLast(2)), Array(right.shape.dropLast(2)))
        let lhs = try left.broadcast(to: batch + [m, n]), rhs = try right.broadcast(to: batch + [n, p])
        var out: [CellRef] = []
        for slice in 0..<Tensor<Int>.count(batch) {
            out += try MatrixProduct.apply(
                x: Array(lhs.elements[(slice * m * n)..<((slice + 1) * m * n)]),
                w: Array(rhs.elements[(slice * n * p)..<((slice + 1) * n * p)]), bias: nil, m: m, n: n, p: p,
                strategy: strategy, activation: .none, activationStrategy: .lookup, gadgets: gadgets, layouter: layouter)
        }
        return try Tensor(shape: batch + [m, p], elements: out)
    }
}
