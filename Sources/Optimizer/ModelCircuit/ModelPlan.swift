import Foundation
import Gadgets
import Plonkish

/// The commitment scheme a plan proves with.
public enum ProofBackend: String, Codable, Sendable, CaseIterable {
    /// KZG on BN254 with SHPLONK openings.
    case kzg
    /// The inner product argument on Pasta.
    case ipa
}

/// One implementation per layer kind (paper §7.2): every layer of that kind in the model uses it.
public struct LayerChoices: Codable, Equatable, Sendable {
    public var matMul: MatMulStrategy
    public var depthwise: DepthwiseStrategy
    public var activation: ActivationStrategy
    public var square: SquareStrategy

    public init(matMul: MatMulStrategy = .dotProduct, depthwise: DepthwiseStrategy = .dotProduct,
                activation: ActivationStrategy = .lookup, square: SquareStrategy = .square) {
        self.matMul = matMul
        self.depthwise = depthwise
        self.activation = activation
        self.square = square
    }

    enum CodingKeys: String, CodingKey {
        case matMul = "mat_mul", depthwise, activation, square
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func choice<T: RawRepresentable>(_ key: CodingKeys) throws -> T where T.RawValue == String {
            let raw = try container.decode(String.self, forKey: key)
            guard let value = T(rawValue: raw) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                       debugDescription: "unknown \(key.stringValue) choice '\(raw)'")
            }
            return value
        }
        matMul = try choice(.matMul)
        depthwise = try choice(.depthwise)
        activation = try choice(.activation)
        square = try choice(.square)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(matMul.rawValue, forKey: .matMul)
        try container.encode(depthwise.rawValue, forKey: .depthwise)
        try container.encode(activation.rawValue, forKey: .activation)
        try container.encode(square.rawValue, forKey: .square)
    }
}

/// A physical plan, as `plan.json` holds it: which model (by path and digest), how it is laid out (columns, table
/// size, layer choices, constraint degree) and proved (backend, k). Setup and proving rebuild exactly this circuit.
public struct ModelPlan: Codable, Equatable, Sendable {
    public static let formatVersion = 1

    public var version: Int
    /// The model file, relative to the plan's directory (or absolute).
    public var model: String
    /// BLAKE2b-256 of the model file's bytes, hex.
    public var modelDigest: String
    public var backend: ProofBackend
    public var scaleBits: Int
    public var columns: Int
    public var k: Int
    public var degree: Int
    /// Rows of the lookup tables (the range table is 0..<tableSize).
    public var tableSize: Int
    public var choices: LayerChoices
    /// Usable rows the layout needs (advice rows, constants, tables, public outputs): what k was chosen for.
    public var estimatedRows: Int
    public var lookups: Int

    public init(model: String, modelDigest: String, backend: ProofBackend, scaleBits: Int, columns: Int, k: Int,
                degree: Int, tableSize: Int, choices: LayerChoices, estimatedRows: Int, lookups: Int) {
        self.version = Self.formatVersion
        self.model = model
        self.modelDigest = modelDigest
        self.backend = backend
        self.scaleBits = scaleBits
        self.columns = columns
        self.k = k
        self.degree = degree
        self.tableSize = tableSize
        self.choices = choices
        self.estimatedRows = estimatedRows
        self.lookups = lookups
    }

    enum CodingKeys: String, CodingKey {
        case version, model, backend, columns, k, degree, choices, lookups
        case modelDigest = "model_digest", scaleBits = "scale_bits", tableSize = "table_size"
        case estimatedRows = "estimated_rows"
    }

    public var scaleFactor: Int64 { Int64(1) << Int64(scaleBits) }
    public var sizing: TableSizing { TableSizing(size: tableSize, scaleFactor: scaleFactor) }

    /// The model file's location for a plan stored at `planURL`.
    public func modelURL(relativeTo planURL: URL) -> URL {
        if model.hasPrefix("/") { return URL(fileURLWithPath: model) }
        return planURL.deletingLastPathComponent().appendingPathComponent(model).standardizedFileURL
    }

    /// The hex BLAKE2b-256 digest of a model file's bytes.
    public static func digest(of bytes: [UInt8]) -> String {
        Blake2b.hash(bytes, outputLength: 32).map { String(format: "%02x", $0) }.joined()
    }

    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self)) + [0x0a]
    }

    public static func read(from url: URL) throws -> ModelPlan {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelCircuitError.planFile(url.path, "cannot be read")
        }
        let plan: ModelPlan
        do { plan = try JSONDecoder().decode(ModelPlan.self, from: data) } catch let error as DecodingError {
            throw ModelCircuitError.planFile(url.path, Self.describe(error))
        }
        guard plan.version == formatVersion else {
            throw ModelCircuitError.planFile(url.path, "version \(plan.version), expected \(formatVersion)")
        }
        guard (1...256).contains(plan.columns), (1...28).contains(plan.k), (3...9).contains(plan.degree),
              plan.tableSize > 0, QuantizedInterpreter.scaleBitsRange.contains(plan.scaleBits) else {
            throw ModelCircuitError.planFile(url.path, "columns, k, degree, table size or scale out of range")
        }
        return plan
    }

    /// Loads the plan's model, refusing a file whose digest differs from the plan's.
    public func loadModel(relativeTo planURL: URL) throws -> Graph {
        let url = modelURL(relativeTo: planURL)
        let bytes: [UInt8]
        do { bytes = Array(try Data(contentsOf: url)) } catch {
            throw ModelCircuitError.planFile(planURL.path, "its model \(url.path) cannot be read")
        }
        let actual = Self.digest(of: bytes)
        guard actual == modelDigest else {
            throw ModelCircuitError.modelDigest(path: url.path, expected: modelDigest, actual: actual)
        }
        return try ModelImporter.load(url: url)
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case let .keyNotFound(key, _): "missing field '\(key.stringValue)'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            (context.codingPath.map(\.stringValue).joined(separator: ".") + ": " + context.debugDescription)
        @unknown default: "\(error)"
        }
    }
}
