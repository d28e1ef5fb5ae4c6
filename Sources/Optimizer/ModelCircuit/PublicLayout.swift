import Foundation
import Plonkish

/// What a model proof's public values mean: the outputs' names and shapes in instance order, the scale of their
/// integers, and how the inputs enter (private, checked against a range). Keygen binds it into the verifying key as
/// its statement (`VerifyingKey.statement`), whose digest starts every proof's transcript; the verifier compares
/// `public.json` with it, so that the integers a proof fixes cannot be presented under another scale, name, shape or
/// grouping.
public struct PublicLayout: Codable, Equatable, Sendable {
    public struct Output: Codable, Equatable, Sendable {
        public var name: String
        public var shape: [Int]
    }

    public struct Input: Codable, Equatable, Sendable {
        public var name: String
        public var shape: [Int]
        /// "private": a witness the circuit range-checks to `range`.
        public var visibility: String
        /// The fixed-point integers the circuit accepts, inclusive.
        public var range: [Int64]
    }

    public var scaleBits: Int
    public var outputs: [Output]
    public var inputs: [Input]

    enum CodingKeys: String, CodingKey {
        case scaleBits = "scale_bits", outputs, inputs
    }

    /// The first bytes of an encoded layout, so that no other statement decodes as one.
    static let tag = Array("zkml public layout 1\n".utf8)

    public init(graph: Graph, plan: ModelPlan) {
        scaleBits = plan.scaleBits
        outputs = graph.outputs.map { Output(name: graph.tensors[$0].name, shape: graph.tensors[$0].shape) }
        let range = plan.sizing.functionDomain
        inputs = graph.inputs.map {
            Input(name: graph.tensors[$0].name, shape: graph.tensors[$0].shape, visibility: "private",
                  range: [range.lowerBound, range.upperBound])
        }
    }

    /// The statement bytes: the tag, then JSON with sorted keys (one encoding per layout).
    public var statement: [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Strings, integers and arrays of them always encode.
        return Self.tag + Array((try? encoder.encode(self)) ?? Data())
    }

    /// The layout a verifying key binds; nil when its statement is not a model's public layout.
    public init?(statement: [UInt8]) {
        guard statement.starts(with: Self.tag),
              let layout = try? JSONDecoder().decode(Self.self, from: Data(statement.dropFirst(Self.tag.count)))
        else { return nil }
        self = layout
    }

    /// How `values` depart from this layout, in one line, or nil when they present exactly its outputs at its scale.
    public func difference(from values: PublicValues) -> String? {
        if values.scaleBits != scaleBits {
            return "scale_bits is \(values.scaleBits) in the public values, \(scaleBits) in the verifying key"
        }
        if values.outputs.count != outputs.count {
            return "the public values hold \(values.outputs.count) outputs, the verifying key's model has \(outputs.count)"
        }
        for (i, (given, bound)) in zip(values.outputs, outputs).enumerated() {
            // Byte for byte: Swift's == equates canonically equivalent Unicode, other readers do not.
            if Array(given.name.utf8) != Array(bound.name.utf8) {
                return "output \(i) is '\(given.name)' in the public values, '\(bound.name)' in the verifying key"
            }
            if given.shape != bound.shape {
                return "output '\(bound.name)' has shape \(given.shape) in the public values, \(bound.shape) in the "
                    + "verifying key"
            }
        }
        return nil
    }
}

/// Public values that do not present what the verifying key's model outputs.
public struct PublicLayoutMismatch: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}
