import Testing
@testable import Optimizer

/// Operators and options the corpus does not exercise, each on a small case computed by hand.
@Suite("Operator semantics by hand")
struct OperatorSemanticsTests {
    typealias T = InterpreterTests

    static func run(_ graph: Graph, _ inputs: [DenseTensor<Float>]) throws -> [DenseTensor<Float>] {
        try FloatInterpreter(graph: graph).run(inputs: inputs).outputs
    }

    @Test("depthwise convolution with multiplier 2 and a dilated convolution")
    func convolutions() throws {
        // Channel c feeds outputs 2c and 2c+1: [1·1, 1·2, 2·3, 2·4].
        let depthwise = T.single(.depthwiseConv2D(Conv2DOptions(padding: .valid, depthMultiplier: 2)), tensors: [
            T.activation("x", [1, 1, 1, 2]), T.constant("f", [1, 1, 1, 4], [1, 2, 3, 4]), T.activation("y", [1, 1, 1, 4]),
        ], inputs: [0, 1, nil])
        let pair = DenseTensor<Float>(shape: [1, 1, 1, 2], scalars: [1, 2])
        #expect(try Self.run(depthwise, [pair])[0].scalars == [1, 2, 6, 8])
        let quantized = try QuantizedInterpreter(graph: depthwise, scaleBits: 3).run(inputs: [pair])
        #expect(quantized.outputs[0].scalars == [8, 16, 48, 64])

        // Taps 2 apart: windows (0, 2), (1, 3), (2, 4).
        let dilated = T.single(.conv2D(Conv2DOptions(padding: .valid, dilationWidth: 2)), tensors: [
            T.activation("x", [1, 1, 5, 1]), T.constant("f", [1, 1, 2, 1], [1, 1]), T.activation("y", [1, 1, 3, 1]),
        ], inputs: [0, 1, nil])
        let row = DenseTensor<Float>(shape: [1, 1, 5, 1], scalars: [1, 2, 3, 4, 5])
        #expect(try Self.run(dilated, [row])[0].scalars == [4, 6, 8])
    }

    @Test("nearest-neighbour resize with half-pixel centers picks rows and columns 0, 1, 1")
    func resize() throws {
        let graph = T.single(.resizeNearestNeighbor(alignCorners: false, halfPixelCenters: true), tensors: [
            T.activation("x", [1, 2, 2, 1]), T.integers("size", [2], [3, 3]), T.activation("y", [1, 3, 3, 1]),
        ], inputs: [0, 1])
        let input = DenseTensor<Float>(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        #expect(try Self.run(graph, [input])[0].scalars == [1, 2, 2, 3, 4, 4, 3, 4, 4])
    }

    @Test("split and unpack produce every piece")
    func splitAndUnpack() throws {
        let tensors = [T.activation("x", [2, 4]), T.integers("axis", [], [1]), T.activation("left", [2, 2]),
                       T.activation("right", [2, 2]), T.activation("first", [4]), T.activation("second", [4])]
        let graph = Graph(tensors: tensors, operations: [
            Operation(op: .split(count: 2), inputs: [1, 0], outputs: [2, 3]),
            Operation(op: .unpack(axis: 0, count: 2), inputs: [0], outputs: [4, 5]),
        ], inputs: [0], outputs: [2, 3, 4, 5])
        let input = DenseTensor<Float>(shape: [2, 4], scalars: (0..<8).map(Float.init))
        let outputs = try Self.run(graph, [input]).map(\.scalars)
        #expect(outputs == [[0, 1, 4, 5], [2, 3, 6, 7], [0, 1, 2, 3], [4, 5, 6, 7]])
    }

    @Test("batch matmul with an adjoint, SUM, and a strided slice with ellipsis and a new axis")
    func matmulSumAndSlices() throws {
        let matmul = T.single(.batchMatMul(adjointX: true, adjointY: false), tensors: [
            T.activation("x", [2, 2]), T.constant("y", [2, 1], [1, 1]), T.activation("z", [2, 1]),
        ], inputs: [0, 1])
        let square = DenseTensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
        // xᵀ = [[1, 3], [2, 4]] times [1, 1]ᵀ.
        #expect(try Self.run(matmul, [square])[0].scalars == [4, 6])

        let sum = T.single(.sum(keepDims: false), tensors: [
            T.activation("x", [2, 3]), T.integers("axes", [1], [0]), T.activation("y", [3]),
        ], inputs: [0, 1])
        let grid = DenseTensor<Float>(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        #expect(try Self.run(sum, [grid])[0].scalars == [3, 5, 7])
        let quantizedSum = try QuantizedInterpreter(graph: sum, scaleBits: 2).run(inputs: [grid])
        #expect(quantizedSum.outputs[0].scalars == [12, 20, 28])

        let expand = T.single(.stridedSlice(StridedSliceOptions(ellipsisMask: 1, newAxisMask: 2)), tensors: [
            T.activation("x", [2, 3]), T.integers("begin", [2], [0, 0]), T.integers("end", [2], [0, 0]),
            T.integers("strides", [2], [1, 1]), T.activation("y", [2, 3, 1]),
        ], inputs: [0, 1, 2, 3])
        let expanded = try FloatInterpreter(graph: expand).run(inputs: [grid])
        #expect(expanded.outputs[0].scalars == grid.scalars)
        let shape = try DataMovement.stridedSlice(grid, begin: [0, 0], end: [0, 0], strides: [1, 1],
                                                  options: StridedSliceOptions(ellipsisMask: 1, newAxisMask: 2)).shape
        #expect(shape == [2, 3, 1])
    }

    @Test("masked positions get minus infinity in float and the masked value in fixed point; softmax gives them 0")
    func maskedSoftmax() throws {
        let tensors = [T.activation("x", [1, 3]), T.activation("masked", [1, 3]), T.activation("y", [1, 3])]
        let graph = Graph(tensors: tensors, operations: [
            Operation(op: .maskNegativeInfinity(maskShape: [3], mask: [false, false, true]), inputs: [0], outputs: [1]),
            Operation(op: .softmax(beta: 1), inputs: [1], outputs: [2]),
        ], inputs: [0], outputs: [2])
        let input = DenseTensor<Float>(shape: [1, 3], scalars: [1, 2, 3])
        let float = try Self.run(graph, [input])[0].scalars
        #expect(float[2] == 0 && abs(float[1] - 0.7310586) < 1e-6)
        let execution = try QuantizedInterpreter(graph: graph, scaleBits: 8, maskedValue: -1 << 14).run(inputs: [input])
        #expect(execution.tensors[1]?.scalars == [256, 512, -1 << 14])
        // e = [round(e^-1 · 2^16), 2^16, 0] = [24109, 65536, 0]; S = 89645, S/2^8 = 350 (350.18);
        // y = [69 (68.9), 187 (187.2), 0].
        #expect(execution.outputs[0].scalars == [69, 187, 0])
    }

    @Test("leaky ReLU, hard swish and tanh-approximated GELU tables at 2^4")
    func activationTables() throws {
        let input = DenseTensor<Float>(shape: [3], scalars: [-1, 0.5, 2])
        func table(_ op: Operator) throws -> [Int64] {
            let graph = T.single(op, tensors: [T.activation("x", [3]), T.activation("y", [3])], inputs: [0])
            return try QuantizedInterpreter(graph: graph, scaleBits: 4).run(inputs: [input]).outputs[0].scalars
        }
        // −1·0.2·16 = −3.2 → −3; 0.5·16 = 8; 32.
        #expect(try table(.leakyRelu(alpha: 0.2)) == [-3, 8, 32])
        // x·relu6(x+3)/6: −1/3 → −5.33 → −5; 0.5·3.5/6 = 0.2917 → 4.67 → 5; 2·5/6 → 26.67 → 27.
        #expect(try table(.hardSwish) == [-5, 5, 27])
        // GELU(tanh): −0.1588 → −2.54 → −3; 0.3457 → 5.53 → 6; 1.9546 → 31.27 → 31.
        #expect(try table(.gelu(approximate: true)) == [-3, 6, 31])
    }
}
