import Foundation
import Testing
@testable import Optimizer

@Suite("TFLite JSON importer")
struct TFLiteJSONImporterTests {
    static func load(_ model: String) throws -> Graph {
        try TFLiteJSONImporter.load(url: try ImportFixtures.url("corpus/\(model)/model.tflite.json"))
    }

    @Test("every corpus model imports with the manifest's operators, shapes, tensor and parameter counts",
          arguments: ImportFixtures.corpusModels)
    func corpusModel(model: String) throws {
        let graph = try Self.load(model)
        let manifest = try ImportFixtures.manifest(model)
        #expect(graph.operations.map(\.op.name) == manifest["operator_sequence"] as? [String])
        #expect(graph.tensors.count == manifest["n_tensors"] as? Int)
        let input = try #require(manifest["input"] as? [String: Any])
        let output = try #require(manifest["output"] as? [String: Any])
        #expect(graph.inputs.map { graph.tensors[$0].shape } == [try #require(input["shape"] as? [Int])])
        #expect(graph.outputs.map { graph.tensors[$0].shape } == [try #require(output["shape"] as? [Int])])
        #expect(graph.inputs.map { graph.tensors[$0].name } == [input["name"] as? String])
        let params = try #require(manifest["params"] as? [String: Int])
        let summary = ModelSummary(graph)
        #expect(summary.parameterCount == params["tflite_constant_elements"])
        let floatParameters = graph.tensors.reduce(0) { count, tensor in
            if case .float(let values)? = tensor.data { return count + values.count }
            return count
        }
        #expect(floatParameters == params["tflite_float32_constant_elements"])
        #expect(summary.operatorCounts == manifest["operator_counts"] as? [String: Int])
        // Every operation's outputs are activations, never constants.
        #expect(graph.operations.allSatisfy { $0.outputs.allSatisfy { !graph.tensors[$0].isConstant } })
    }

    @Test("weights decode from little-endian bytes; integer constants become .integer")
    func tensorData() throws {
        let cnn = try Self.load("digits-cnn")
        let bias = cnn.tensors[1]
        #expect(bias.shape == [8] && bias.isConstant && bias.elementType == .float32)
        guard case .float(let values)? = bias.data else { Issue.record("no float data"); return }
        // struct.unpack('<3f', …) of buffer 2's first bytes [199, 194, 30, 191, 121, 184, 84, 190, …]
        #expect(Array(values.prefix(3)) == [-0.6201595664024353, -0.20773495733737946, -0.14152191579341888])
        #expect(cnn.tensors[0].data == nil && !cnn.tensors[0].isConstant)

        let depthwise = try Self.load("depthwise")
        let axes = depthwise.tensors[7]
        #expect(axes.name == "depthwise_1/gap_1/Mean/reduction_indices")
        #expect(axes.elementType == .int32 && axes.data == .integer([1, 2]) && axes.isConstant)
    }

    @Test("options are mapped: padding, strides, fused activations, keep dims, adjoints, masks, axes")
    func options() throws {
        let cnn = try Self.load("digits-cnn").operations.map(\.op)
        #expect(cnn[0] == .conv2D(Conv2DOptions(padding: .valid, activation: .relu)))
        #expect(cnn[1] == .averagePool2D(Pool2DOptions(padding: .valid, strideHeight: 2, strideWidth: 2,
                                                       filterHeight: 2, filterWidth: 2)))
        #expect(cnn[2] == .conv2D(Conv2DOptions(padding: .same, activation: .relu)))
        #expect(cnn[5] == .softmax(beta: 1))

        let depthwise = try Self.load("depthwise")
        #expect(depthwise.operations[1].op == .depthwiseConv2D(
            Conv2DOptions(padding: .same, activation: .relu6, depthMultiplier: 1)))
        #expect(depthwise.operations[3].op == .mean(keepDims: false))
        #expect(depthwise.operations[3].inputs == [12, 7])

        let attention = try Self.load("attention-toy")
        #expect(attention.operations[0].op == .fullyConnected(activation: .none, keepNumDims: true))
        #expect(attention.operations[0].inputs == [0, 16, nil])
        #expect(attention.operations[15].op == .batchMatMul(adjointX: false, adjointY: true))
        #expect(attention.operations[21].op == .batchMatMul(adjointX: false, adjointY: false))
        #expect(attention.operations[2].op == .mean(keepDims: true))
        #expect(attention.operations.contains { $0.op == .gelu(approximate: false) })

        let misc = try Self.load("misc-ops").operations.map(\.op)
        #expect(misc[1] == .gather(axis: 2, batchDims: 0))
        #expect(misc[17] == .pack(axis: -1, count: 2))
        #expect(misc[19] == .stridedSlice(StridedSliceOptions(beginMask: 7, endMask: 7)))
        #expect(misc[21] == .concatenation(axis: 1, activation: .none))
    }

    @Test("absent fields take the schema's defaults; a RESHAPE without a shape input gets a constant one")
    func defaults() throws {
        let json = """
            {"operator_codes": [{"builtin_code": "CONV_2D"}, {"deprecated_builtin_code": 22},
                                {"deprecated_builtin_code": 127, "builtin_code": "GELU"}],
             "subgraphs": [{"tensors": [{"shape": [1, 4, 4, 1], "name": "x"},
                                        {"shape": [1, 3, 3, 1], "buffer": 1, "name": "w"},
                                        {"shape": [1, 2, 2, 1], "name": "y"},
                                        {"shape": [1, 4], "name": "z"},
                                        {"shape": [1, 4], "name": "g"}],
                            "inputs": [0], "outputs": [4],
                            "operators": [{"inputs": [0, 1, -1], "outputs": [2],
                                           "builtin_options_type": "Conv2DOptions",
                                           "builtin_options": {"padding": "VALID", "stride_w": 1, "stride_h": 1}},
                                          {"opcode_index": 1, "inputs": [2], "outputs": [3]},
                                          {"opcode_index": 2, "inputs": [3], "outputs": [4]}]}],
             "buffers": [{}, {"data": [0, 0, 128, 63, 0, 0, 0, 64, 0, 0, 64, 64, 0, 0, 128, 64,
                                       0, 0, 160, 64, 0, 0, 192, 64, 0, 0, 224, 64, 0, 0, 0, 65, 0, 0, 16, 65]}]}
            """
        let graph = try TFLiteJSONImporter.graph(fromJSON: Array(json.utf8))
        #expect(graph.operations.map(\.op) == [
            .conv2D(Conv2DOptions(padding: .valid)), .reshape, .gelu(approximate: false),
        ])
        #expect(graph.operations[0].inputs == [0, 1, nil])
        #expect(graph.tensors[1].data == .float([1, 2, 3, 4, 5, 6, 7, 8, 9]))
        #expect(graph.tensors.count == 6)
        #expect(graph.tensors[5] == Tensor(name: "z/shape", shape: [2], elementType: .int32,
                                            data: .integer([1, 4]), isConstant: true))
        #expect(graph.operations[1].inputs == [2, 5])
    }

    @Test("JSON strings with escapes and surrogate pairs decode exactly")
    func stringEscapes() throws {
        let value = try JSONDocumentParser.parse(Array(#"["a\"b\\\/\n\u00e9\ud83d\ude00", -12, 1.5e2]"#.utf8))
        guard case .array(let items) = value, items.count == 3,
              case .string(let text) = items[0], case .integer(let number) = items[1],
              case .double(let real) = items[2] else {
            Issue.record("unexpected \(value)")
            return
        }
        #expect(text == "a\"b\\/\né😀")
        #expect(number == -12 && real == 150)
    }

    @Test("a truncated or malformed file names the byte offset")
    func malformed() throws {
        let bytes = try ImportFixtures.bytes("corpus/digits-mlp/model.tflite.json")
        let truncated = ImportFixtures.importError {
            try TFLiteJSONImporter.graph(fromJSON: Array(bytes.prefix(5000)))
        }
        #expect(truncated?.hasPrefix("model.tflite.json: byte 5000: unexpected end of file") == true)
        var broken = bytes
        broken[3000] = UInt8(ascii: "}")
        let message = try #require(ImportFixtures.importError { try TFLiteJSONImporter.graph(fromJSON: broken) })
        #expect(message.hasPrefix("model.tflite.json: byte 3000: "))
        #expect(!message.contains("\n"))
        #expect(ImportFixtures.importError { try TFLiteJSONImporter.graph(fromJSON: Array("[1 2]".utf8)) }
                == "model.tflite.json: byte 3: expected ',' or ']'")
        let wrongType = #"{"subgraphs": [{"tensors": [{"shape": "big"}]}]}"#
        #expect(ImportFixtures.importError { try TFLiteJSONImporter.graph(fromJSON: Array(wrongType.utf8)) }
                == "model.tflite.json: subgraphs[0].tensors[0].shape: expected an array, found a string")
    }

    @Test("inconsistent models name the op or tensor at fault", arguments: [
        (#""type": "INT8""#, "tensor 0 'x': type INT8 is not supported (zkml imports float32 models)"),
        (#""shape": [1, -4]"#, "tensor 0 'x': negative dimension in shape [1, -4]"),
        (#""shape": [1099511627776, 2]"#, "tensor 0 'x': shape [1099511627776, 2] has more than 2^40 elements"),
        (#""buffer": 7"#, "tensor 0 'x': buffer index 7 is out of range (2 buffers)"),
        (#""buffer": 1"#, "tensor 0 'x': buffer 1 holds 8 bytes, but shape [1, 4] of float32 needs 4×4"),
        (#""stride_w": 0"#, "op 0 (MAX_POOL_2D): stride 0 must be at least 1"),
        (#""outputs": [9]"#, "op 0 (MAX_POOL_2D): output tensor 9 is out of range (2 tensors)"),
        (#""builtin_options_type": "AddOptions""#, "op 0 (MAX_POOL_2D): builtin options are AddOptions, "
            + "expected Pool2DOptions"),
    ])
    func inconsistent(change: String, message: String) throws {
        // One MAX_POOL_2D over two tensors; `change` replaces the field of the same name.
        var fields = [
            #""type": "FLOAT32""#, #""shape": [1, 4]"#, #""buffer": 0"#, #""stride_w": 1"#, #""outputs": [1]"#,
            #""builtin_options_type": "Pool2DOptions""#,
        ]
        let name = change.prefix(while: { $0 != ":" })
        fields = fields.map { $0.hasPrefix(name) ? change : $0 }
        let json = """
            {"operator_codes": [{"builtin_code": "MAX_POOL_2D", "deprecated_builtin_code": 17}],
             "subgraphs": [{"tensors": [{\(fields[0]), \(fields[1]), \(fields[2]), "name": "x"},
                                        {"shape": [1, 4], "name": "y"}],
                            "inputs": [0], "outputs": [1],
                            "operators": [{"inputs": [0], \(fields[4]), \(fields[5]),
                                           "builtin_options": {"padding": "VALID", \(fields[3]), "stride_h": 1,
                                                               "filter_width": 1, "filter_height": 1}}]}],
             "buffers": [{}, {"data": [0, 0, 128, 63, 0, 0, 0, 64]}]}
            """
        #expect(ImportFixtures.importError { try TFLiteJSONImporter.graph(fromJSON: Array(json.utf8)) }
                == "model.tflite.json: \(message)")
    }

    @Test("an unknown operator is reported with its op index and name")
    func unknownOperator() throws {
        var text = String(decoding: try ImportFixtures.bytes("corpus/digits-mlp/model.tflite.json"), as: UTF8.self)
        text = text.replacingOccurrences(of: #""builtin_code": "SOFTMAX""#, with: #""builtin_code": "WHILE""#)
        text = text.replacingOccurrences(of: #""deprecated_builtin_code": 25"#,
                                         with: #""deprecated_builtin_code": 119"#)
        #expect(ImportFixtures.importError { try TFLiteJSONImporter.graph(fromJSON: Array(text.utf8)) }
                == "model.tflite.json: op 2 (WHILE): operator not supported")
    }
}
