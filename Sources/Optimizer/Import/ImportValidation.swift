/// Checks every importer applies before a value from a file reaches code that would trap on it (products that
/// overflow, divisions by a zero stride).
enum ImportValidation {
    /// Tensors larger than this cannot be meant; the bound keeps every element count and parameter sum in range.
    static let maximumElementCount = 1 << 40

    /// The product of `shape`'s dimensions, or a reason why the shape is unacceptable.
    static func elementCount(_ shape: [Int]) -> Result<Int, ImportShapeError> {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return .failure(ImportShapeError("negative dimension in shape \(shape)")) }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= maximumElementCount else {
                return .failure(ImportShapeError("shape \(shape) has more than 2^40 elements"))
            }
            count = product
        }
        return .success(count)
    }

    /// `elementCount` for a shape read from a document, throwing at the node's path.
    static func checkedElementCount(_ shape: [Int], at node: DocumentNode) throws -> Int {
        switch elementCount(shape) {
        case .success(let count): return count
        case .failure(let problem): throw node.error(problem.reason)
        }
    }

    /// Nil unless `op` is a convolution or pooling whose strides, dilations, window or depth multiplier are not
    /// all at least 1; then what is wrong.
    static func windowProblem(_ op: Operator) -> String? {
        switch op {
        case .conv2D(let options), .depthwiseConv2D(let options): return problem(with: options)
        case .averagePool2D(let options), .maxPool2D(let options): return problem(with: options)
        default: return nil
        }
    }

    private static func problem(with options: Conv2DOptions) -> String? {
        let values = [("stride", options.strideHeight), ("stride", options.strideWidth),
                      ("dilation", options.dilationHeight), ("dilation", options.dilationWidth),
                      ("depth multiplier", options.depthMultiplier)]
        return values.first { $0.1 < 1 }.map { "\($0.0) \($0.1) must be at least 1" }
    }

    private static func problem(with options: Pool2DOptions) -> String? {
        let values = [("stride", options.strideHeight), ("stride", options.strideWidth),
                      ("filter size", options.filterHeight), ("filter size", options.filterWidth)]
        return values.first { $0.1 < 1 }.map { "\($0.0) \($0.1) must be at least 1" }
    }
}

struct ImportShapeError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
