import Foundation
import Plonkish

/// What a proof makes public (`public.json`): the model's outputs as the integers the instance column holds, with
/// their shapes, the scale and the dequantized values. Verification needs only these integers, the verifying key
/// and the proof.
public struct PublicValues: Codable, Equatable, Sendable {
    public struct Output: Codable, Equatable, Sendable {
        public var name: String
        public var shape: [Int]
        public var integers: [Int64]
        /// integers / 2^scaleBits.
        public var values: [Double]
    }

    public var scaleBits: Int
    public var outputs: [Output]

    enum CodingKeys: String, CodingKey {
        case scaleBits = "scale_bits", outputs
    }

    public init(graph: Graph, execution: QuantizedExecution) {
        scaleBits = execution.scaleBits
        outputs = zip(graph.outputs, execution.outputs).map { index, tensor in
            Output(name: graph.tensors[index].name, shape: tensor.shape, integers: tensor.scalars,
                   values: tensor.scalars.map { Self.dequantize($0, scaleBits: execution.scaleBits) })
        }
    }

    static func dequantize(_ integer: Int64, scaleBits: Int) -> Double {
        Double(integer) * Double(sign: .plus, exponent: -scaleBits, significand: 1)
    }

    /// The one instance column: every output's integers in order.
    public func instances<F: FFTField>(_: F.Type) -> [[F]] {
        [outputs.flatMap(\.integers).map { F($0) }]
    }

    /// Why the file is inconsistent in itself (a shape that does not hold its integers, values that are not the
    /// integers dequantized), or nil.
    public var inconsistency: String? {
        guard (0...62).contains(scaleBits) else { return "scale_bits \(scaleBits) out of range" }
        for output in outputs {
            // The product is taken with overflow checks: a shape read from a file may be any integers.
            let elements = output.shape.reduce(Int?.some(1)) { count, dimension in
                count.flatMap { dimension >= 0 ? $0.multipliedReportingOverflow(by: dimension) : nil }
                    .flatMap { $0.overflow ? nil : $0.partialValue }
            }
            guard elements == output.integers.count,
                  output.values.count == output.integers.count else {
                return "output '\(output.name)': shape \(output.shape) does not hold \(output.integers.count) integers "
                    + "and \(output.values.count) values"
            }
            for (i, (integer, value)) in zip(output.integers, output.values).enumerated()
            where Self.dequantize(integer, scaleBits: scaleBits) != value {
                return "output '\(output.name)': value \(value) at \(i) is not integer \(integer) at scale 2^\(scaleBits)"
            }
        }
        return nil
    }

    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0a]
    }

    /// Reads `public.json`. Besides its types, the file must hold no duplicate and no unknown member: other JSON
    /// readers would take a different one of two duplicates, or show what the verifier ignored.
    public static func read(from url: URL) throws -> PublicValues {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PublicValuesError(path: url.path, reason: "cannot be read")
        }
        do {
            try checkMembers(try JSONDocumentParser.parse(Array(data)))
        } catch let error as ModelImportError {
            throw PublicValuesError(path: url.path, reason: error.description)
        }
        do { return try JSONDecoder().decode(PublicValues.self, from: data) } catch let error as DecodingError {
            throw PublicValuesError(path: url.path, reason: ModelPlan.describe(error))
        }
    }

    /// Unknown members are refused: the top level holds `scale_bits` and `outputs`, each output its four fields.
    static func checkMembers(_ document: DocumentValue) throws {
        func check(_ value: DocumentValue, allowed: Set<String>, _ what: String) throws {
            guard case let .object(members) = value else { return }
            if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw ModelImportError(location: what, reason: "unknown member \(String(reflecting: unknown))")
            }
        }
        try check(document, allowed: ["scale_bits", "outputs"], "")
        guard case let .object(members) = document, case let .array(outputs)? = members["outputs"] else { return }
        for (i, output) in outputs.enumerated() {
            try check(output, allowed: ["name", "shape", "integers", "values"], "output \(i)")
        }
    }
}

public struct PublicValuesError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "public values \(path): \(reason)" }
}

/// Setup, proving and verification of a planned model, for any commitment scheme.
public enum ModelProving {
    /// The interpreter run whose integers the circuit reproduces: the plan's scale, and the tables' smallest input
    /// as the masked value.
    public static func execution(graph: Graph, plan: ModelPlan, inputs: [DenseTensor<Float>]) throws
        -> QuantizedExecution
    {
        try QuantizedInterpreter(graph: graph, scaleBits: plan.scaleBits, maskedValue: plan.sizing.functionInputMin)
            .run(inputs: inputs)
    }

    /// The same for inputs already at the plan's scale (the paper's inp.msgpack).
    public static func execution(graph: Graph, plan: ModelPlan, integerInputs: [DenseTensor<Int64>]) throws
        -> QuantizedExecution
    {
        try QuantizedInterpreter(graph: graph, scaleBits: plan.scaleBits, maskedValue: plan.sizing.functionInputMin)
            .run(integerInputs: integerInputs)
    }

    /// The keys; the verifying key binds the model's public layout (`PublicLayout`).
    public static func provingKey<S: CommitmentScheme>(params: S, graph: Graph, plan: ModelPlan) throws
        -> ProvingKey<S>
    {
        try Keygen.provingKey(params: params, circuit: ModelCircuit<S.Scalar>(graph: graph, plan: plan), k: plan.k,
                              statement: PublicLayout(graph: graph, plan: plan).statement)
    }

    /// A proof that the model maps some input to `execution`'s outputs.
    public static func prove<S: CommitmentScheme>(
        provingKey: ProvingKey<S>, graph: Graph, plan: ModelPlan, execution: QuantizedExecution,
        statistics: ProverStatistics? = nil, progress: ((String) -> Void)? = nil
    ) throws -> [UInt8] {
        let circuit = ModelCircuit<S.Scalar>(graph: graph, plan: plan, execution: execution)
        return try Prover.prove(provingKey: provingKey, circuit: circuit,
                                instances: ModelCircuit<S.Scalar>.instances(outputs: execution.outputs),
                                statistics: statistics, progress: progress)
    }

    /// Whether `proof` proves `publicValues` under `vk`. Throws `PublicLayoutMismatch` when the public values
    /// contradict themselves or do not present the outputs the key's model has (their scale, count, names or
    /// shapes), or when the key binds no model layout.
    public static func verify<S: CommitmentScheme>(vk: VerifyingKey<S>, publicValues: PublicValues, proof: [UInt8])
        throws -> Bool
    {
        if let problem = publicValues.inconsistency { throw PublicLayoutMismatch(reason: problem) }
        guard let layout = PublicLayout(statement: vk.statement) else {
            throw PublicLayoutMismatch(reason: "the verifying key does not describe a model's public values")
        }
        if let difference = layout.difference(from: publicValues) { throw PublicLayoutMismatch(reason: difference) }
        return try Verifier.verify(vk: vk, instances: publicValues.instances(S.Scalar.self), proof: proof)
    }
}
