import Gadgets
import Plonkish
import Testing

/// Fully connected, convolution, depthwise convolution and batch matmul, every alternative, against plain-loop
/// Int64 references; and Freivalds' check rejecting a wrong product.
struct MatrixLayerTests {
    static let activations: [(FusedActivation, ActivationStrategy)] =
        [(.none, .lookup), (.relu, .lookup), (.relu, .bits), (.relu6, .lookup)]

    @Test("Fully connected: round(x·Wᵀ/sf) + bias, then the activation",
          arguments: MatMulStrategy.allCases, activations.indices)
    func fullyConnected(strategy: MatMulStrategy, activationIndex: Int) throws {
        let (activation, activationStrategy) = Self.activations[activationIndex]
        var rng = SplitMix64(seed: 41 &+ UInt64(activationIndex))
        let (m, n, p) = (2, 5, 3)
        let x = try randomTensor([m, n], in: -40...40, &rng), w = try randomTensor([p, n], in: -16...16, &rng)
        let bias = randomValues(p, in: -20...20, &rng)
        let expected = try Tensor<Int64>(shape: [m, p]) { i in
            var acc: Int64 = 0
            for k in 0..<n { acc += x[[i[0], k]] * w[[i[1], k]] }
            return activated(rescaled(acc) + bias[i[1]], activation)
        }
        try checkLayer(columns: 12, kinds: FullyConnectedLayer.gadgets(strategy: strategy, activation: activation,
                                                                       activationStrategy: activationStrategy),
                       expected: expected) { gadgets, layouter in
            try FullyConnectedLayer.apply(try placed(x, layouter), weights: w, bias: bias, activation: activation,
                                          strategy: strategy, activationStrategy: activationStrategy,
                                          gadgets: gadgets, layouter: layouter)
        }
    }

    /// TF's convolution by definition: output ⌈in/s⌉ (SAME) or ⌊(in − extent)/s⌋ + 1 (VALID), the SAME padding
    /// total max((out − 1)·s + extent − in, 0) with its smaller half first.
    static func referenceConv(
        _ x: Tensor<Int64>, _ f: Tensor<Int64>, _ bias: [Int64], stride: Int, dilation: Int, same: Bool,
        depthwise: Bool
    ) throws -> Tensor<Int64> {
        let (h, w, c) = (x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw) = (f.shape[1], f.shape[2])
        let outC = depthwise ? f.shape[3] : f.shape[0]
        func geometry(_ size: Int, _ k: Int) -> (Int, Int) {
            let extent = (k - 1) * dilation + 1
            if !same { return ((size - extent) / stride + 1, 0) }
            let out = (size + stride - 1) / stride
            return (out, max((out - 1) * stride + extent - size, 0) / 2)
        }
        let (oh, top) = geometry(h, kh), (ow, left) = geometry(w, kw)
        return try Tensor(shape: [x.shape[0], oh, ow, outC]) { i in
            var acc: Int64 = 0
            for ky in 0..<kh {
                for kx in 0..<kw {
                    let y = i[1] * stride + ky * dilation - top, xx = i[2] * stride + kx * dilation - left
                    guard y >= 0, y < h, xx >= 0, xx < w else { continue }
                    if depthwise {
                        acc += x[[i[0], y, xx, i[3] / (outC / c)]] * f[[0, ky, kx, i[3]]]
                    } else {
                        for ch in 0..<c { acc += x[[i[0], y, xx, ch]] * f[[i[3], ky, kx, ch]] }
                    }
                }
            }
            return rescaled(acc) + bias[i[3]]
        }
    }

    static let convGeometries: [(stride: Int, dilation: Int, padding: Padding)] =
        [(1, 1, .same), (2, 1, .same), (1, 2, .valid), (2, 1, .valid)]

    @Test("Conv2D by im2col: SAME and VALID, strides, dilation", arguments: MatMulStrategy.allCases, convGeometries.indices)
    func conv2D(strategy: MatMulStrategy, geometryIndex: Int) throws {
        let (stride, dilation, padding) = Self.convGeometries[geometryIndex]
        var rng = SplitMix64(seed: 42 &+ UInt64(geometryIndex))
        let x = try randomTensor([1, 5, 5, 2], in: -20...20, &rng)
        let filters = try randomTensor([3, 3, 3, 2], in: -8...8, &rng)
        let bias = randomValues(3, in: -10...10, &rng)
        let reference = try Self.referenceConv(x, filters, bias, stride: stride, dilation: dilation,
                                               same: padding == .same, depthwise: false)
        let expected = reference.map { activated($0, .relu6) }
        try checkLayer(columns: 12, kinds: Conv2DLayer.gadgets(strategy: strategy, activation: .relu6),
                       expected: expected) { gadgets, layouter in
            try Conv2DLayer.apply(try placed(x, layouter), filters: filters, bias: bias, stride: (stride, stride),
                                  dilation: (dilation, dilation), padding: padding, activation: .relu6,
                                  strategy: strategy, gadgets: gadgets, layouter: layouter)
        }
    }

    @Test("Depthwise conv2D with a channel multiplier", arguments: DepthwiseStrategy.allCases, [Padding.same, .valid])
    func depthwise(strategy: DepthwiseStrategy, padding: Padding) throws {
        var rng = SplitMix64(seed: 43)
        let x = try randomTensor([1, 4, 4, 2], in: -30...30, &rng)
        let filters = try randomTensor([1, 3, 3, 4], in: -10...10, &rng)
        let bias = randomValues(4, in: -10...10, &rng)
        let expected = try Self.referenceConv(x, filters, bias, stride: 1, dilation: 1, same: padding == .same,
                                              depthwise: true).map { activated($0, .relu) }
        try checkLayer(columns: 10, kinds: DepthwiseConv2DLayer.gadgets(strategy: strategy, activation: .relu),
                       expected: expected) { gadgets, layouter in
            try DepthwiseConv2DLayer.apply(try placed(x, layouter), filters: filters, bias: bias, padding: padding,
                                           activation: .relu, strategy: strategy, gadgets: gadgets, layouter: layouter)
        }
    }

    @Test("Batch matmul of two activations, adjoint B, broadcast batch", arguments: MatMulStrategy.allCases)
    func batchMatMul(strategy: MatMulStrategy) throws {
        var rng = SplitMix64(seed: 44)
        let a = try randomTensor([2, 2, 3], in: -30...30, &rng), bT = try randomTensor([1, 2, 3], in: -30...30, &rng)
        let expected = try Tensor<Int64>(shape: [2, 2, 2]) { i in
            var acc: Int64 = 0
            for k in 0..<3 { acc += a[[i[0], i[1], k]] * bT[[0, i[2], k]] }
            return rescaled(acc)
        }
        try checkLayer(columns: 8, kinds: BatchMatMulLayer.gadgets(strategy: strategy), expected: expected) {
            gadgets, layouter in
            try BatchMatMulLayer.apply(try placed(a, layouter), try placed(bT, layouter), adjointB: true,
                                       strategy: strategy, gadgets: gadgets, layouter: layouter)
        }
    }

    /// Places x and y as witnesses and W as constants, and runs Freivalds' check of y = x·W alone.
    static func freivalds(_ x: Tensor<Int64>, _ w: Tensor<Int64>, _ y: Tensor<Int64>) -> LayerTestCircuit {
        LayerTestCircuit(columns: 5, kinds: [.freivalds]) { gadgets, layouter in
            let (m, n, p) = (x.shape[0], x.shape[1], w.shape[1])
            let xs = try layouter.witness(x.elements), ys = try layouter.witness(y.elements)
            let ws = try w.elements.map { try layouter.constant($0) }
            let check = try #require(gadgets.freivalds)
            try check.check(x: xs, w: ws, y: ys, m: m, n: n, p: p, in: layouter)
            return try Tensor(shape: [m, p], elements: ys)
        }
    }

    @Test("Freivalds: the true product passes, a product wrong in one entry fails the finish gate")
    func freivaldsRejectsWrongProduct() throws {
        var rng = SplitMix64(seed: 45)
        let (m, n, p) = (3, 7, 4)
        let x = try randomTensor([m, n], in: -50...50, &rng), w = try randomTensor([n, p], in: -50...50, &rng)
        let product = try Tensor<Int64>(shape: [m, p]) { i in (0..<n).reduce(0) { $0 + x[[i[0], $1]] * w[[$1, i[1]]] } }
        let honest = Self.freivalds(x, w, product)
        #expect(try MockProver.run(k: layerK, circuit: honest, instances: []).verify().isEmpty)
        #expect(honest.run.statistics.rowsByGadget[FreivaldsCheck.name] == (n + p) * 1 + n * 1 + p + n)

        for entry in [0, 5, m * p - 1] {
            var wrong = product.elements
            wrong[entry] += 1
            let forged = Self.freivalds(x, w, try Tensor(shape: [m, p], elements: wrong))
            let failures = try MockProver.run(k: layerK, circuit: forged, instances: []).verify()
            #expect(failures.map(\.gate) == ["Freivalds finish"], "\(failures.prefix(3))")
        }
        // Swapping two entries keeps every row and column sum but not the random combination.
        var swapped = product.elements
        swapped.swapAt(0, 1)
        let forged = Self.freivalds(x, w, try Tensor(shape: [m, p], elements: swapped))
        #expect(!(try MockProver.run(k: layerK, circuit: forged, instances: []).verify().isEmpty) || swapped == product.elements)
    }
}
