import Foundation
import Testing
@testable import Optimizer

/// Both interpreters on the TFLite corpus, against TFLite's reference-kernel outputs.
@Suite("Interpreters on the corpus")
struct CorpusInterpreterTests {
    /// A corpus model with its three inputs and TFLite's outputs.
    struct Case {
        var graph: Graph
        var inputs: [[DenseTensor<Float>]]
        var expected: [[DenseTensor<Float>]]

        init(_ model: String) throws {
            let loaded = try TFLiteJSONImporter.load(url: try ImportFixtures.url("corpus/\(model)/model.tflite.json"))
            graph = loaded
            inputs = try (0..<3).map {
                try TensorJSONFile.readInputs(from: try ImportFixtures.url("corpus/\(model)/input-\($0).json"), for: loaded)
            }
            expected = try (0..<3).map {
                try TensorJSONFile.readOutputs(from: try ImportFixtures.url("corpus/\(model)/output-\($0).json"), for: loaded)
            }
        }
    }

    static func maxDifference(_ a: [DenseTensor<Float>], _ b: [DenseTensor<Float>]) -> Float {
        zip(a, b).flatMap { zip($0.scalars, $1.scalars) }.reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    @Test("the float interpreter matches TFLite within 1e-4 on every corpus input",
          arguments: ImportFixtures.corpusModels)
    func floatMatchesTFLite(model: String) throws {
        let corpus = try Case(model)
        let interpreter = FloatInterpreter(graph: corpus.graph)
        for (input, expected) in zip(corpus.inputs, corpus.expected) {
            let outputs = try interpreter.run(inputs: input).outputs
            #expect(outputs.map(\.shape) == expected.map(\.shape))
            #expect(Self.maxDifference(outputs, expected) <= 1e-4, "\(model)")
        }
    }

    /// Tolerances at 2^16 (the paper converter's default). Every corpus model ends in a softmax, so these bound
    /// probability errors; the largest differences measured over the three inputs were 7.4e-6 (digits-mlp),
    /// 7.2e-6 (digits-cnn), 7.3e-6 (depthwise), 6.8e-6 (attention-toy), 1.4e-5 (misc-ops) and 3.4e-5
    /// (zkml-mnist). Each tolerance leaves about 4× that; the integer semantics are deterministic, so a larger
    /// difference means the rounding rules changed.
    static let quantizedTolerances: [(String, Float)] = [
        ("digits-mlp", 3e-5), ("digits-cnn", 3e-5), ("depthwise", 3e-5), ("attention-toy", 3e-5),
        ("misc-ops", 6e-5), ("zkml-mnist", 1.5e-4),
    ]

    @Test("the quantized interpreter at 2^16 stays within the model's tolerance of TFLite with the same argmax",
          arguments: quantizedTolerances)
    func quantizedWithinTolerance(model: String, tolerance: Float) throws {
        let corpus = try Case(model)
        let interpreter = try QuantizedInterpreter(graph: corpus.graph, scaleBits: 16)
        for (input, expected) in zip(corpus.inputs, corpus.expected) {
            let execution = try interpreter.run(inputs: input)
            let outputs = execution.dequantizedOutputs
            #expect(Self.maxDifference(outputs, expected) <= tolerance, "\(model)")
            #expect(outputs.map(\.argmaxAlongLastAxis) == expected.map(\.argmaxAlongLastAxis), "\(model)")
            #expect(execution.operations.count == corpus.graph.operations.count)
            // Every operation output is kept as a witness.
            for operation in corpus.graph.operations {
                for index in operation.outputs { #expect(execution.tensors[index] != nil) }
            }
        }
    }

    @Test("scale selection finds the smallest passing scale: it passes and the one below does not")
    func scaleSelection() throws {
        let corpus = try Case("digits-mlp")
        // Coarse scales still give this confident softmax within 1e-2, so a tight tolerance makes the choice matter.
        let tolerance: Float = 1e-4
        let choice = try ScaleSelection.smallestScale(graph: corpus.graph, calibrationInputs: corpus.inputs,
                                                      tolerance: tolerance)
        #expect(choice.maxAbsoluteDifference <= tolerance && choice.argmaxAgrees)
        #expect(choice.scaleBits > 2)
        let below = try ScaleSelection.compare(graph: corpus.graph, inputs: corpus.inputs,
                                               scaleBits: choice.scaleBits - 1)
        #expect(below.maxAbsoluteDifference > tolerance || !below.argmaxAgrees)
        #expect(throws: ScaleSelection.SelectionError.noCalibrationInputs) {
            try ScaleSelection.smallestScale(graph: corpus.graph, calibrationInputs: [], tolerance: tolerance)
        }
    }
}
