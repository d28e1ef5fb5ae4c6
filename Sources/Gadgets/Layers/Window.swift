/// TFLite padding of convolution and pooling windows.
public enum Padding: String, Sendable, Hashable, CaseIterable {
    /// Output ⌈in/stride⌉, the input zero-padded around (the smaller half before).
    case same
    /// Only windows that fit: output ⌊(in − extent)/stride⌋ + 1.
    case valid
}

/// Where the windows of a 2-D convolution or pool fall on an NHWC input.
public struct WindowGeometry: Sendable, Hashable {
    public let inputHeight: Int, inputWidth: Int
    public let kernelHeight: Int, kernelWidth: Int
    public let strideHeight: Int, strideWidth: Int
    public let dilationHeight: Int, dilationWidth: Int
    public let outputHeight: Int, outputWidth: Int
    public let padTop: Int, padLeft: Int

    public init(
        input: (height: Int, width: Int), kernel: (height: Int, width: Int), stride: (height: Int, width: Int),
        dilation: (height: Int, width: Int) = (1, 1), padding: Padding
    ) throws(TensorShapeError) {
        func axis(_ size: Int, _ k: Int, _ s: Int, _ d: Int) throws(TensorShapeError) -> (out: Int, before: Int) {
            guard size > 0, k > 0, s > 0, d > 0 else {
                throw .invalid("window", "input \(size), kernel \(k), stride \(s), dilation \(d)")
            }
            let extent = (k - 1) * d + 1
            switch padding {
            case .valid:
                guard size >= extent else { throw .invalid("window", "kernel extent \(extent) exceeds input \(size)") }
                return ((size - extent) / s + 1, 0)
            case .same:
                let out = (size + s - 1) / s
                return (out, max((out - 1) * s + extent - size, 0) / 2)
            }
        }
        let h = try axis(input.height, kernel.height, stride.height, dilation.height)
        let w = try axis(input.width, kernel.width, stride.width, dilation.width)
        (inputHeight, inputWidth) = input
        (kernelHeight, kernelWidth) = kernel
        (strideHeight, strideWidth) = stride
        (dilationHeight, dilationWidth) = dilation
        (outputHeight, outputWidth, padTop, padLeft) = (h.out, w.out, h.before, w.before)
    }

    /// The input position of tap (ky, kx) of output (oy, ox), nil when it falls in the padding.
    public func tap(_ oy: Int, _ ox: Int, _ ky: Int, _ kx: Int) -> (y: Int, x: Int)? {
        let y = oy * strideHeight + ky * dilationHeight - padTop
        let x = ox * strideWidth + kx * dilationWidth - padLeft
        guard y >= 0 && y < inputHeight && x >= 0 && x < inputWidth else { return nil }
        return (y, x)
    }
}
