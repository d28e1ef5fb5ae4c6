import Gadgets

/// The layer kinds whose implementation a plan chooses, as far as a graph has them (paper §7.2: one
/// implementation per kind for the whole model).
public struct LayerKindsPresent: Equatable, Sendable {
    /// Fully connected, convolution or batch matmul layers.
    public var matMul = false
    public var depthwise = false
    /// A ReLU, as an operation or fused into another.
    public var relu = false
    public var square = false

    public init(graph: Graph) {
        for operation in graph.operations {
            switch operation.op {
            case let .fullyConnected(activation, _):
                matMul = true
                relu = relu || activation == .relu
            case let .conv2D(options):
                matMul = true
                relu = relu || options.activation == .relu
            case .batchMatMul: matMul = true
            case let .depthwiseConv2D(options):
                depthwise = true
                relu = relu || options.activation == .relu
            case let .averagePool2D(options), let .maxPool2D(options): relu = relu || options.activation == .relu
            case let .add(activation), let .sub(activation), let .mul(activation), let .div(activation),
                 let .concatenation(_, activation):
                relu = relu || activation == .relu
            case .relu: relu = true
            case .square: square = true
            default: break
            }
        }
    }
}

/// Every logical layout of a graph: all combinations of the implementations of the layer kinds it has; a kind it
/// lacks keeps the default implementation instead of multiplying the layouts.
public enum LogicalLayouts {
    public static func all(for graph: Graph) -> [LayerChoices] {
        let present = LayerKindsPresent(graph: graph)
        let defaults = LayerChoices()
        var layouts: [LayerChoices] = []
        for matMul in present.matMul ? MatMulStrategy.allCases : [defaults.matMul] {
            for depthwise in present.depthwise ? DepthwiseStrategy.allCases : [defaults.depthwise] {
                for activation in present.relu ? ActivationStrategy.allCases : [defaults.activation] {
                    for square in present.square ? SquareStrategy.allCases : [defaults.square] {
                        layouts.append(LayerChoices(matMul: matMul, depthwise: depthwise, activation: activation,
                                                    square: square))
                    }
                }
            }
        }
        return layouts
    }
}

/// A lower bound on a layout's rows that needs no counting: the dot-product implementations of matrix products
/// take at least one row per output and per `pairsPerRow` terms of its dot product. Used to skip layouts that
/// cannot fit the largest k (a GPT-2 head as dot products) without laying them out.
enum ProductRowsBound {
    static func rows(graph: Graph, choices: LayerChoices, columns: Int) -> Int {
        let dotPairs = (columns - 1) / 2, biasPairs = (columns - 2) / 2
        func bound(outputs: Int, terms: Int, strategy: MatMulStrategy) -> Int {
            switch strategy {
            case .freivalds: 0
            case .dotProduct: dotPairs < 1 ? 0 : outputs * ((terms + dotPairs - 1) / dotPairs)
            case .dotProductWithBias: biasPairs < 1 ? 0 : outputs * max(1, (terms + biasPairs - 1) / biasPairs)
            }
        }
        var total = 0
        for operation in graph.operations {
            guard let output = operation.outputs.first.map({ graph.tensors[$0] }),
                  operation.inputs.count > 1, let a = operation.inputs[0].map({ graph.tensors[$0] }),
                  let b = operation.inputs[1].map({ graph.tensors[$0] }) else { continue }
            switch operation.op {
            case .fullyConnected:
                total += bound(outputs: output.elementCount, terms: a.shape.last ?? 0, strategy: choices.matMul)
            case .conv2D:
                guard b.shape.count == 4 else { continue }
                total += bound(outputs: output.elementCount, terms: b.shape[1] * b.shape[2] * b.shape[3],
                               strategy: choices.matMul)
            case let .batchMatMul(adjointX, _):
                guard a.shape.count >= 2 else { continue }
                let terms = adjointX ? a.shape[a.shape.count - 2] : a.shape[a.shape.count - 1]
                total += bound(outputs: output.elementCount, terms: terms, strategy: choices.matMul)
            case .depthwiseConv2D:
                guard b.shape.count == 4 else { continue }
                let strategy: MatMulStrategy = choices.depthwise == .dotProduct ? .dotProduct : .dotProductWithBias
                total += bound(outputs: output.elementCount, terms: b.shape[1] * b.shape[2], strategy: strategy)
            default: continue
            }
        }
        return total
    }
}
