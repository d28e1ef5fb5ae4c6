import ArgumentParser
import Foundation
import Optimizer

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a model in float and in the circuit's fixed-point arithmetic and compare them (no proof).",
        discussion: """
            MODEL is a TFLite model (*.tflite), its flatc JSON rendering (*.tflite.json) or a ZKML paper \
            model.msgpack. INPUT is {"input": nested list of numbers} with the input's full shape, or the paper's \
            inp.msgpack (integers already at the model's scale). The quantized run uses one global scale 2^S: \
            --scale, else the msgpack file's own scale, else 2^16. Exit code 2 for a model or input that cannot be \
            read, or an input of the wrong shape.

            Example: zkml run model.tflite --input input.json --scale 8 --json
            """
    )

    @Argument(help: "The model file.")
    var model: String

    @Option(help: "The input file (JSON, or the paper's inp.msgpack).")
    var input: String

    @Option(help: "Fixed-point scale as a power of two (0…40).")
    var scale: Int?

    @Flag(help: "Print one JSON object on stdout instead of a table.")
    var json = false

    func validate() throws {
        if let scale, !QuantizedInterpreter.scaleBitsRange.contains(scale) {
            throw ValidationError("--scale must be between 0 and 40")
        }
    }

    func run() throws {
        let graph = try ModelImporter.load(url: URL(fileURLWithPath: model))
        let interpreter = try QuantizedInterpreter(graph: graph, scaleBits: scale)
        let inputURL = URL(fileURLWithPath: input)
        let floatInputs: [DenseTensor<Float>]
        let quantized: QuantizedExecution
        if inputURL.pathExtension.lowercased() == "msgpack" {
            let integers = try Self.fixedPointInputs(inputURL, graph: graph)
            quantized = try interpreter.run(integerInputs: integers)
            floatInputs = zip(graph.inputs, integers).map { index, tensor in
                let bits = graph.tensors[index].elementType == .float32 ? interpreter.scaleBits : 0
                let unit = Double(sign: .plus, exponent: -bits, significand: 1)
                return DenseTensor(shape: tensor.shape, scalars: tensor.scalars.map { Float(Double($0) * unit) })
            }
        } else {
            floatInputs = try TensorJSONFile.readInputs(from: inputURL, for: graph)
            quantized = try interpreter.run(inputs: floatInputs)
        }
        let float = try FloatInterpreter(graph: graph).run(inputs: floatInputs)
        let report = RunReport(graph: graph, float: float.outputs, quantized: quantized)
        print(json ? report.json : report.table)
    }

    /// The graph's inputs from an `inp.msgpack`: matched by tensor name, or by position when the names differ.
    static func fixedPointInputs(_ url: URL, graph: Graph) throws -> [DenseTensor<Int64>] {
        let tensors = try ZKMLMsgpackImporter.inputs(url: url)
        let byName = Dictionary(tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let named = graph.inputs.compactMap { byName[graph.tensors[$0].name] }
        let chosen = named.count == graph.inputs.count ? named : tensors
        guard chosen.count == graph.inputs.count else {
            throw RunError(
                "\(url.lastPathComponent): holds \(tensors.count) tensor(s), the model takes \(graph.inputs.count)")
        }
        return try zip(graph.inputs, chosen).map { index, tensor in
            let expected = graph.tensors[index]
            guard case .integer(let values)? = tensor.data, tensor.elementCount == expected.elementCount else {
                throw RunError("\(url.lastPathComponent): tensor '\(tensor.name)' has shape \(tensor.shape), "
                    + "the model expects \(expected.shape)")
            }
            return DenseTensor(shape: expected.shape, scalars: values)
        }
    }
}

struct RunError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Float and dequantized fixed-point outputs side by side.
struct RunReport {
    let names: [String]
    let shapes: [[Int]]
    let float: [Float]
    let quantized: [Float]
    let integers: [Int64]
    let scaleBits: Int
    let maxAbsoluteDifference: Float
    let floatArgmax: [Int]
    let quantizedArgmax: [Int]

    init(graph: Graph, float: [DenseTensor<Float>], quantized: QuantizedExecution) {
        names = graph.outputs.map { graph.tensors[$0].name }
        shapes = float.map(\.shape)
        self.float = float.flatMap(\.scalars)
        let dequantized = quantized.dequantizedOutputs
        self.quantized = dequantized.flatMap(\.scalars)
        integers = quantized.outputs.flatMap(\.scalars)
        scaleBits = quantized.scaleBits
        maxAbsoluteDifference = zip(self.float, self.quantized).reduce(0) { max($0, abs($1.0 - $1.1)) }
        floatArgmax = float.flatMap(\.argmaxAlongLastAxis)
        quantizedArgmax = dequantized.flatMap(\.argmaxAlongLastAxis)
    }

    var argmaxAgrees: Bool { floatArgmax == quantizedArgmax }

    var json: String {
        func numbers(_ values: [Float]) -> String {
            "[" + values.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",") + "]"
        }
        let fields = [
            "\"argmax_agree\":\(argmaxAgrees)",
            "\"float\":\(numbers(float))",
            "\"integers\":[\(integers.map(String.init).joined(separator: ","))]",
            "\"max_abs_diff\":\(maxAbsoluteDifference.isFinite ? "\(maxAbsoluteDifference)" : "null")",
            "\"quantized\":\(numbers(quantized))",
            "\"scale\":\(scaleBits)",
            "\"shapes\":[\(shapes.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ","))]",
        ]
        return "{" + fields.joined(separator: ",") + "}"
    }

    var table: String {
        var lines = ["outputs \(zip(names, shapes).map { "'\($0)' \($1)" }.joined(separator: ", ")), scale 2^\(scaleBits)",
                     "index          float      quantized     difference"]
        for index in float.indices {
            lines.append(String(format: "%5d %14.6f %14.6f %14.6f", index, float[index], quantized[index],
                                abs(float[index] - quantized[index])))
        }
        lines.append(String(format: "max |float - quantized| = %.6g", maxAbsoluteDifference))
        let verdict = argmaxAgrees ? "agree" : "DIFFER"
        lines.append("argmax: float \(floatArgmax), quantized \(quantizedArgmax) (\(verdict))")
        return lines.joined(separator: "\n")
    }
}
