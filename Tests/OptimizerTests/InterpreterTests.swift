import Testing
@testable import Optimizer

/// Small graphs built by hand, with results computed by hand.
@Suite("Interpreters on hand-built graphs")
struct InterpreterTests {
    static func activation(_ name: String, _ shape: [Int]) -> Tensor {
        Tensor(name: name, shape: shape, elementType: .float32)
    }

    static func constant(_ name: String, _ shape: [Int], _ values: [Float]) -> Tensor {
        Tensor(name: name, shape: shape, elementType: .float32, data: .float(values), isConstant: true)
    }

    static func integers(_ name: String, _ shape: [Int], _ values: [Int64]) -> Tensor {
        Tensor(name: name, shape: shape, elementType: .int32, data: .integer(values), isConstant: true)
    }

    /// One operation from tensors 0… to the last tensor.
    static func single(_ op: Operator, tensors: [Tensor], inputs: [Int?], graphInputs: [Int] = [0]) -> Graph {
        Graph(tensors: tensors, operations: [Operation(op: op, inputs: inputs, outputs: [tensors.count - 1])],
              inputs: graphInputs, outputs: [tensors.count - 1])
    }

    @Test("fully connected: float and fixed point at 2^2, by hand")
    func fullyConnected() throws {
        let graph = Self.single(.fullyConnected(activation: .none, keepNumDims: false), tensors: [
            Self.activation("x", [1, 2]), Self.constant("w", [1, 2], [1.5, 0.75]), Self.constant("b", [1], [0.25]),
            Self.activation("y", [1, 1]),
        ], inputs: [0, 1, 2])
        let input = DenseTensor<Float>(shape: [1, 2], scalars: [0.5, -0.25])
        #expect(try FloatInterpreter(graph: graph).run(inputs: [input]).outputs[0].scalars == [0.8125])
        // x = [2, −1], w = [6, 3], b = 1 at 2^2: acc = 12 − 3 = 9; round(9/4) = 2 (2.25); + 1 = 3.
        let execution = try QuantizedInterpreter(graph: graph, scaleBits: 2).run(inputs: [input])
        #expect(execution.outputs[0].scalars == [3])
        #expect(execution.dequantizedOutputs[0].scalars == [0.75])
        #expect(execution.operations == [OperationStatistics(maxAbsoluteOutput: 3, maxAbsoluteAccumulator: 9)])
        #expect(execution.maxAbsoluteValue == 3)
    }

    @Test("SAME convolution pads after when the padding is odd")
    func sameConvolution() throws {
        let graph = Self.single(.conv2D(Conv2DOptions(padding: .same)), tensors: [
            Self.activation("x", [1, 3, 3, 1]), Self.constant("f", [1, 2, 2, 1], [1, 1, 1, 1]),
            Self.activation("y", [1, 3, 3, 1]),
        ], inputs: [0, 1, nil])
        let input = DenseTensor<Float>(shape: [1, 3, 3, 1], scalars: (1...9).map(Float.init))
        let output = try FloatInterpreter(graph: graph).run(inputs: [input]).outputs[0]
        // Padding 1 goes after: window (r, c) covers rows r, r+1 and columns c, c+1.
        #expect(output.scalars == [12, 16, 9, 24, 28, 15, 15, 17, 9])
        let quantized = try QuantizedInterpreter(graph: graph, scaleBits: 4).run(inputs: [input])
        #expect(quantized.dequantizedOutputs[0].scalars == output.scalars)
    }

    @Test("strided slice with shrink, end mask and a negative stride; gather along axis 1")
    func sliceAndGather() throws {
        let slice = Self.single(.stridedSlice(StridedSliceOptions(endMask: 2, shrinkAxisMask: 1)), tensors: [
            Self.activation("x", [2, 3]), Self.integers("begin", [2], [1, -1]), Self.integers("end", [2], [0, 0]),
            Self.integers("strides", [2], [1, -1]), Self.activation("y", [3]),
        ], inputs: [0, 1, 2, 3])
        let input = DenseTensor<Float>(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        #expect(try FloatInterpreter(graph: slice).run(inputs: [input]).outputs[0].scalars == [5, 4, 3])

        let gather = Self.single(.gather(axis: 1, batchDims: 0), tensors: [
            Self.activation("x", [2, 3]), Self.integers("indices", [2], [2, 0]), Self.activation("y", [2, 2]),
        ], inputs: [0, 1])
        #expect(try FloatInterpreter(graph: gather).run(inputs: [input]).outputs[0].scalars == [2, 0, 5, 3])
        let quantized = try QuantizedInterpreter(graph: gather, scaleBits: 3).run(inputs: [input])
        #expect(quantized.outputs[0].scalars == [16, 0, 40, 24])
    }

    @Test("softmax at 2^2 follows the circuit's steps")
    func softmax() throws {
        let graph = Self.single(.softmax(beta: 1), tensors: [Self.activation("x", [1, 2]), Self.activation("y", [1, 2])],
                                inputs: [0])
        let input = DenseTensor<Float>(shape: [1, 2], scalars: [1, 0])
        #expect(try QuantizedInterpreter(graph: graph, scaleBits: 2).run(inputs: [input]).outputs[0].scalars == [3, 1])
        let float = try FloatInterpreter(graph: graph).run(inputs: [input]).outputs[0].scalars
        #expect(abs(float[0] - 0.7310586) < 1e-6)
    }

    @Test("an Int64 overflow names the op index, its name and the tensor")
    func overflow() throws {
        let graph = Self.single(.mul(.none), tensors: [
            Self.activation("x", [1]), Self.activation("z", [1]), Self.activation("product", [1]),
        ], inputs: [0, 1], graphInputs: [0, 1])
        let big = DenseTensor<Float>(shape: [1], scalars: [1_048_576])
        // 2^20 at 2^40 is 2^60; the product 2^120 cannot be an Int64.
        let interpreter = try QuantizedInterpreter(graph: graph, scaleBits: 40)
        #expect(throws: InterpreterError.overflow(index: 0, name: "MUL", tensor: "product")) {
            try interpreter.run(inputs: [big, big])
        }
        #expect(InterpreterError.overflow(index: 0, name: "MUL", tensor: "product").description
            == "op 0 (MUL) producing 'product': Int64 overflow in the fixed-point arithmetic")
        // At 2^10 the same product, 2^60, fits; rescaled it is 2^50 (2^40 real).
        let fits = try QuantizedInterpreter(graph: graph, scaleBits: 10).run(inputs: [big, big])
        #expect(fits.outputs[0].scalars == [Int64(1) << 50])
    }

    @Test("inputs of the wrong shape or count are rejected naming the tensor")
    func wrongInputs() throws {
        let graph = Self.single(.relu, tensors: [Self.activation("pixels", [1, 4]), Self.activation("y", [1, 4])],
                                inputs: [0])
        let wrong = DenseTensor<Float>(shape: [4], scalars: [1, 2, 3, 4])
        #expect(throws: InterpreterError.inputShape(tensor: "pixels", expected: [1, 4], actual: [4])) {
            try FloatInterpreter(graph: graph).run(inputs: [wrong])
        }
        #expect(throws: InterpreterError.inputCount(expected: 1, actual: 0)) {
            try QuantizedInterpreter(graph: graph).run(inputs: [])
        }
        #expect(InterpreterError.inputShape(tensor: "pixels", expected: [1, 4], actual: [4]).description
            == "input tensor 'pixels' has shape [4], the model expects [1, 4]")
    }

    @Test("a fixed-point graph runs only at its own scale")
    func fixedPointGraph() throws {
        var graph = Self.single(.mul(.none), tensors: [
            Self.activation("x", [2]),
            Tensor(name: "half", shape: [1], elementType: .float32, data: .integer([4]), isConstant: true),
            Self.activation("y", [2]),
        ], inputs: [0, 1])
        graph.fixedPointScaleBits = 3
        #expect(throws: InterpreterError.scaleMismatch(fileScaleBits: 3, requestedScaleBits: 4)) {
            try QuantizedInterpreter(graph: graph, scaleBits: 4)
        }
        let interpreter = try QuantizedInterpreter(graph: graph)
        #expect(interpreter.scaleBits == 3)
        // x = [3, −3]/8; · 0.5 → round(±12/8) = 2 and −1 (half up).
        let result = try interpreter.run(integerInputs: [DenseTensor(shape: [2], scalars: [3, -3])])
        #expect(result.outputs[0].scalars == [2, -1])
        let float = try FloatInterpreter(graph: graph).run(inputs: [DenseTensor(shape: [2], scalars: [0.375, -0.375])])
        #expect(float.outputs[0].scalars == [0.1875, -0.1875])
    }
}
