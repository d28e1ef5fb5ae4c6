import Testing
@testable import Optimizer

@Suite("Graph IR")
struct OperatorTests {
    @Test("every operator kind has its own name")
    func namesAreDistinct() {
        let options = Conv2DOptions(padding: .same)
        let pool = Pool2DOptions(padding: .valid, strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)
        let all: [Operator] = [
            .fullyConnected(activation: .none, keepNumDims: false), .conv2D(options), .depthwiseConv2D(options),
            .averagePool2D(pool), .maxPool2D(pool), .mean(keepDims: true), .sum(keepDims: false),
            .batchMatMul(adjointX: false, adjointY: false), .add(.none), .sub(.none), .mul(.none), .div(.none),
            .squaredDifference, .square, .sqrt, .rsqrt, .exp, .logistic, .tanh, .neg, .relu, .relu6,
            .leakyRelu(alpha: 0.2), .gelu(approximate: false), .hardSwish, .pow, .softmax(beta: 1), .reshape,
            .transpose, .concatenation(axis: 0, activation: .none), .pack(axis: 0, count: 2),
            .unpack(axis: 0, count: 2), .split(count: 2), .slice, .stridedSlice(StridedSliceOptions()), .pad,
            .gather(axis: 0, batchDims: 0), .resizeNearestNeighbor(alignCorners: false, halfPixelCenters: true),
            .maskNegativeInfinity(maskShape: [1], mask: [true]), .identity,
        ]
        #expect(Set(all.map(\.name)).count == all.count)
    }

    @Test("element counts follow the shape; a scalar has one element")
    func elementCount() {
        #expect(Tensor(name: "w", shape: [2, 3, 4], elementType: .float32).elementCount == 24)
        #expect(Tensor(name: "s", shape: [], elementType: .int32).elementCount == 1)
    }
}
