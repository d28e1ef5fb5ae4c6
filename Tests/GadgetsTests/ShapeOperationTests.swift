import Gadgets
import Plonkish
import Testing

/// Shape operations on Int64 tensors against hand-written expectations, and on cell tensors at no row cost.
struct ShapeOperationTests {
    let t: Tensor<Int64>

    init() throws { t = try Tensor(shape: [2, 3], elements: [0, 1, 2, 10, 11, 12]) }

    @Test("Reshape, transpose, slices")
    func rearrange() throws {
        #expect(try t.reshaped([3, -1]).shape == [3, 2])
        #expect(throws: TensorShapeError.self) { try t.reshaped([4, 2]) }
        #expect(try t.transposed([1, 0]).elements == [0, 10, 1, 11, 2, 12])
        #expect(try t.sliced(begin: [1, 1], size: [1, -1]).elements == [11, 12])
        #expect(try t.stridedSliced(begin: [0, 2], end: [2, -4], strides: [1, -2]).elements == [2, 0, 12, 10])
        #expect(try t.stridedSliced(begin: [-1, 0], end: [2, 3], strides: [1, 2]).elements == [10, 12])
    }

    @Test("transposes across tiles and of any rank equal the index formula", arguments: [
        ([70, 45], [1, 0]), ([70, 45], [0, 1]), ([3, 4, 5, 6], [2, 0, 3, 1]), ([2, 3, 4], [0, 2, 1]), ([5], [0]),
        ([0, 3], [1, 0]),
    ])
    func transposeByFormula(shape: [Int], permutation: [Int]) throws {
        let input = try Tensor<Int64>(shape: shape, elements: (0..<Int64(Tensor<Int64>.count(shape))).map { $0 * 7 - 3 })
        let output = try input.transposed(permutation)
        #expect(output.shape == permutation.map { shape[$0] })
        let expected = try Tensor<Int64>(shape: output.shape) { index in
            var source = [Int](repeating: 0, count: shape.count)
            for (axis, original) in permutation.enumerated() { source[original] = index[axis] }
            return input[source]
        }
        #expect(output.elements == expected.elements)
        #expect(throws: TensorShapeError.self) { try input.transposed(Array(repeating: 0, count: shape.count + 1)) }
    }

    @Test("Concat, pack, unpack, split, pad, gather, broadcast")
    func combine() throws {
        let u = try Tensor<Int64>(shape: [2, 1], elements: [7, 8])
        #expect(try Tensor.concatenated([t, u], axis: 1).elements == [0, 1, 2, 7, 10, 11, 12, 8])
        let packed = try Tensor.packed([t, t], axis: 1)
        #expect(packed.shape == [2, 2, 3] && packed.elements == [0, 1, 2, 0, 1, 2, 10, 11, 12, 10, 11, 12])
        #expect(try t.unpacked(axis: 1).map(\.elements) == [[0, 10], [1, 11], [2, 12]])
        #expect(try t.split(axis: 1, sizes: [1, 2]).map(\.elements) == [[0, 10], [1, 2, 11, 12]])
        #expect(try t.split(axis: 0, parts: 2).map(\.elements) == [[0, 1, 2], [10, 11, 12]])
        let padded = try t.padded([(1, 0), (0, 1)], with: -1)
        #expect(padded.shape == [3, 4] && padded.elements == [-1, -1, -1, -1, 0, 1, 2, -1, 10, 11, 12, -1])
        let gathered = try t.gathered(try Tensor(shape: [2], elements: [2, -3]), axis: 1)
        #expect(gathered.elements == [2, 0, 12, 10])
        #expect(try u.broadcast(to: [2, 2, 3]).elements == [7, 7, 7, 8, 8, 8, 7, 7, 7, 8, 8, 8])
        #expect(try Tensor<Int64>.broadcastShape([2, 1, 3], [4, 1]) == [2, 4, 3])
        #expect(throws: TensorShapeError.self) { try t.broadcast(to: [2, 2]) }
    }

    @Test("Nearest-neighbour resize as TFLite indexes it")
    func resize() throws {
        let image = try Tensor<Int64>(shape: [1, 2, 3, 1], elements: [1, 2, 3, 4, 5, 6])
        // 2×3 → 4×2: rows floor(i·2/4) = 0, 0, 1, 1; columns floor(j·3/2) = 0, 1.
        #expect(try image.resizedNearestNeighbor(height: 4, width: 2).elements == [1, 2, 1, 2, 4, 5, 4, 5])
        // Aligned corners, 2×3 → 3×3: rows round(i·1/2) = 0, 1 (0.5 away from zero), 1.
        #expect(try image.resizedNearestNeighbor(height: 3, width: 3, alignCorners: true).elements
                == [1, 2, 3, 4, 5, 6, 4, 5, 6])
    }

    @Test("Shape operations on cells move references only")
    func noRows() throws {
        let circuit = LayerTestCircuit(columns: 3, kinds: []) { gadgets, layouter in
            let cells = try placed(try Tensor(shape: [2, 3], elements: [0, 1, 2, 10, 11, 12]), layouter)
            let rows = layouter.statistics.rows
            let zero = try layouter.constant(0)
            let out = try cells.transposed([1, 0]).padded([(0, 1), (0, 0)], with: zero).reshaped([-1])
            #expect(layouter.statistics.rows == rows)
            return out
        }
        let prover = try MockProver.run(k: layerK, circuit: circuit, instances: [])
        #expect(prover.verify().isEmpty)
        #expect(circuit.run.output?.values.elements == [0, 10, 1, 11, 2, 12, 0, 0])
    }
}
