import Foundation
import Testing
@testable import Optimizer

@Suite("ZKML msgpack importer")
struct ZKMLMsgpackImporterTests {
    static let mnistSequence = [
        "CONV_2D", "AVERAGE_POOL_2D", "MUL", "ADD", "CONV_2D", "AVERAGE_POOL_2D", "MUL", "ADD",
        "CONV_2D", "MUL", "ADD", "CONV_2D", "MUL", "ADD", "CONV_2D", "CONV_2D",
    ]

    @Test("the paper's MNIST model.msgpack: its 16 layers, scale 2^9, and weights = round(TFLite weights · 512)")
    func mnistModel() throws {
        let graph = try ModelImporter.load(url: try ImportFixtures.url("zkml/mnist/model.msgpack"))
        #expect(graph.operations.map(\.op.name) == Self.mnistSequence)
        #expect(graph.fixedPointScaleBits == 9)
        #expect(graph.inputs.map { graph.tensors[$0].name } == ["tensor 0"])
        #expect(graph.inputs.map { graph.tensors[$0].shape } == [[1, 28, 28, 1]])
        #expect(graph.outputs.map { graph.tensors[$0].name } == ["tensor 37"])
        #expect(graph.outputs.map { graph.tensors[$0].shape } == [[1, 1, 1, 10]])
        #expect(graph.operations[0].op == .conv2D(Conv2DOptions(padding: .valid, activation: .relu6)))
        #expect(graph.operations[15].op == .conv2D(Conv2DOptions(padding: .valid)))
        #expect(graph.operations[1].op == .averagePool2D(Pool2DOptions(
            padding: .valid, strideHeight: 2, strideWidth: 2, filterHeight: 2, filterWidth: 2)))

        // The converter wrote the TFLite model's float weights as round(w · 2^9), under the same tensor indices.
        let tflite = try TFLiteBinaryImporter.load(url: try ImportFixtures.url("zkml/mnist/model.tflite"))
        let constants = graph.tensors.filter(\.isConstant)
        #expect(constants.count == 20)
        for tensor in constants {
            let fileIndex = try #require(Int(tensor.name.dropFirst("tensor ".count)))
            guard case .float(let weights)? = tflite.tensors[fileIndex].data else {
                Issue.record("TFLite tensor \(fileIndex) has no float data")
                continue
            }
            let expected = weights.map { Int64((Double($0) * 512).rounded(.toNearestOrEven)) }
            #expect(tensor.data == .integer(expected), "\(tensor.name)")
            #expect(tensor.shape == tflite.tensors[fileIndex].shape)
        }
        // Tensors are numbered densely in file-index order.
        #expect(graph.tensors.map(\.name) == graph.tensors.map(\.name).sorted {
            Int($0.dropFirst(7))! < Int($1.dropFirst(7))!
        })
    }

    @Test("MNIST config.msgpack is the same graph without weight values")
    func mnistConfig() throws {
        let model = try ZKMLMsgpackImporter.load(url: try ImportFixtures.url("zkml/mnist/model.msgpack"))
        let config = try ZKMLMsgpackImporter.load(url: try ImportFixtures.url("zkml/mnist/config.msgpack"))
        var stripped = model
        for index in stripped.tensors.indices { stripped.tensors[index].data = nil }
        #expect(config == stripped)
        #expect(config.tensors.filter(\.isConstant).count == 20)
        #expect(ModelSummary(config).parameterCount == 6742)
    }

    @Test("inp.msgpack holds the paper's sample as round(pixel · 1024), named after graph input tensor 0")
    func mnistInput() throws {
        let inputs = try ZKMLMsgpackImporter.inputs(url: try ImportFixtures.url("zkml/mnist/inp.msgpack"))
        #expect(inputs.count == 1)
        let input = try #require(inputs.first)
        #expect(input.name == "tensor 0" && input.shape == [1, 28, 28, 1] && !input.isConstant)
        guard case .integer(let values)? = input.data else { Issue.record("no integer data"); return }
        let sample = try JSONSerialization.jsonObject(
            with: Data(contentsOf: try ImportFixtures.url("corpus/zkml-mnist/input-0.json"))) as? [String: Any]
        let pixels = flatten(sample?["input"])
        #expect(pixels.count == 784)
        #expect(values == pixels.map { Int64(($0 * 1024).rounded()) })
    }

    private func flatten(_ value: Any?) -> [Double] {
        if let number = value as? Double { return [number] }
        if let list = value as? [Any] { return list.flatMap(flatten) }
        return []
    }

    /// GPT-2 and CLIP carry TensorFlow's shape arithmetic (SHAPE as `Noop`, then slices, PACK and CONCATENATION of
    /// dimensions) whose results no layer uses: those are dropped, every other layer is kept.
    @Test("the shape-only configs of GPT-2, CLIP and Twitter import, without the shape arithmetic nothing uses",
          arguments: [
            ("gpt-2", 1087, [[Int]](), [[1, 64, 50257]], ["FULLY_CONNECTED": 169, "SLICE": 288, "RESHAPE": 223,
                                                         "MASK_NEG_INF": 6, "SPLIT": 6, "POW": 6, "PACK": 12]),
            ("clip", 802, [[1, 77, 768]], [[1, 77, 768]], ["BATCH_MATMUL": 24, "RESHAPE": 228, "LOGISTIC": 12,
                                                           "FULLY_CONNECTED": 72]),
            ("twitter", 81, [[1, 2776]], [[1, 10]], ["FULLY_CONNECTED": 43, "DIV": 4, "SQRT": 4, "SQUARE": 4]),
          ] as [(String, Int, [[Int]], [[Int]], [String: Int])])
    func configs(name: String, layers: Int, inputShapes: [[Int]], outputShapes: [[Int]],
                 someCounts: [String: Int]) throws {
        let graph = try ModelImporter.load(url: try ImportFixtures.url("zkml/\(name)/config.msgpack"))
        let summary = ModelSummary(graph)
        #expect(summary.operationCount == layers)
        if !inputShapes.isEmpty { #expect(summary.inputShapes == inputShapes) }
        #expect(summary.outputShapes == outputShapes)
        for (op, count) in someCounts { #expect(summary.operatorCounts[op] == count, "\(op)") }
        #expect(summary.operatorCounts["IDENTITY"] == nil)
        if name == "clip" { #expect(summary.operatorCounts["CONCATENATION"] == nil) }
        // No weights in a config: constants have shapes but no values, except the params-made integer ones.
        #expect(graph.tensors.allSatisfy { $0.data == nil || $0.elementType == .int32 })
        #expect(graph.operations.allSatisfy { operation in
            operation.inputs.allSatisfy { $0.map(graph.tensors.indices.contains) ?? true }
        })
    }

    @Test("params become constant tensors as in TFLite: axes, shapes, permutations, begin/size, split axis, mask")
    func paramsAsTensors() throws {
        let graph = try ZKMLMsgpackImporter.load(url: try ImportFixtures.url("zkml/gpt-2/config.msgpack"))
        /// The data of input `input` of layer `layer`.
        func constant(_ layer: Int, _ input: Int) -> TensorData? {
            graph.operations[layer].inputs[input].flatMap { graph.tensors[$0].data }
        }
        #expect(graph.operations[1].op == .mean(keepDims: true) && constant(1, 1) == .integer([2]))
        #expect(graph.operations[12].op == .reshape && constant(12, 1) == .integer([1, 64, 2304]))
        #expect(graph.operations[13].op == .split(count: 3) && constant(13, 0) == .integer([2]))
        #expect(graph.operations[13].inputs[0].map { graph.tensors[$0].shape } == [])
        #expect(graph.operations[17].op == .transpose && constant(17, 1) == .integer([0, 2, 1, 3]))
        #expect(graph.operations[22].op == .slice && constant(22, 1) == .integer([0, 0, 0]))
        #expect(constant(22, 2) == .integer([1, 64, 64]))
        let masks = graph.operations.compactMap { operation -> ([Int], [Bool])? in
            guard case let .maskNegativeInfinity(shape, mask) = operation.op else { return nil }
            return (shape, mask)
        }
        #expect(masks.count == 6)
        let (shape, mask) = try #require(masks.first)
        // A causal mask: position (i, j) is masked when j > i.
        #expect(shape == [1, 1, 64, 64])
        #expect(mask == (0..<4096).map { $0 % 64 > $0 / 64 })
    }

    @Test("bad msgpack files: truncation and corruption name the byte, bad layers name the layer")
    func badFiles() throws {
        let bytes = try ImportFixtures.bytes("zkml/mnist/model.msgpack")
        for length in stride(from: 0, to: bytes.count, by: 101) {
            let message = ImportFixtures.importError {
                try ZKMLMsgpackImporter.graph(fromMsgpack: Array(bytes.prefix(length)))
            }
            #expect(message?.hasPrefix("model.msgpack: byte ") == true, "length \(length): \(message ?? "no error")")
        }
        #expect(ImportFixtures.importError { try ZKMLMsgpackImporter.graph(fromMsgpack: [0xC1]) }
                == "model.msgpack: byte 0: invalid msgpack marker 0xc1")
        let hugeArray: [UInt8] = [0xDD, 0xFF, 0xFF, 0xFF, 0xFF]
        #expect(ImportFixtures.importError { try ZKMLMsgpackImporter.graph(fromMsgpack: hugeArray) }
                == "model.msgpack: byte 1: an array of 4294967295 elements runs past the end of the file (5 bytes)")

        let unknown = replacing("AveragePool2D", with: "AveragePool3D", in: bytes)
        #expect(ImportFixtures.importError { try ZKMLMsgpackImporter.graph(fromMsgpack: unknown) }
                == "model.msgpack: layer 1 (AveragePool3D): layer type not supported")

        // global_sf 512 is written as uint16 0xCD 0x02 0x00 after its key.
        let scale = replacing("global_sf\u{CD}\u{02}\u{00}", with: "global_sf\u{CD}\u{02}\u{01}", in: bytes,
                              latin1: true)
        #expect(ImportFixtures.importError { try ZKMLMsgpackImporter.graph(fromMsgpack: scale) }
                == "model.msgpack: global_sf: global_sf 513 is not a power of two")

        let input = try ImportFixtures.bytes("zkml/mnist/inp.msgpack")
        #expect(ImportFixtures.importError { try ZKMLMsgpackImporter.graph(fromMsgpack: input) }
                == "model.msgpack: top level: this is an input file (an array of tensors), not a model")
    }

    private func replacing(_ old: String, with new: String, in bytes: [UInt8], latin1: Bool = false) -> [UInt8] {
        let encode: (String) -> [UInt8] = { latin1 ? $0.unicodeScalars.map { UInt8($0.value) } : Array($0.utf8) }
        let (from, to) = (encode(old), encode(new))
        var result = bytes
        let starts = 0...(bytes.count - from.count)
        guard let start = starts.first(where: { bytes[$0..<($0 + from.count)].elementsEqual(from) }) else {
            return result
        }
        result.replaceSubrange(start..<(start + from.count), with: to)
        return result
    }
}
