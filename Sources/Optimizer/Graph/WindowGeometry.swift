/// Where a convolution or pooling window lies along one spatial axis, by TFLite's rules: SAME gives
/// `ceil(in / stride)` outputs with the smaller half of the padding before, VALID gives
/// `(in − effectiveWindow) / stride + 1` and no padding.
struct WindowAxis {
    var inputSize: Int
    var outputSize: Int
    var stride: Int
    var dilation: Int
    var window: Int
    /// Padding before the first input element; a window starting at output `o` covers input
    /// `o · stride − padBefore + t · dilation` for taps `t`.
    var padBefore: Int

    init(inputSize: Int, window: Int, stride: Int, dilation: Int, padding: Padding) throws(KernelFailure) {
        guard window > 0, stride > 0, dilation > 0 else {
            throw .invalid("window \(window), stride \(stride) and dilation \(dilation) must be positive")
        }
        let effectiveWindow = (window - 1) * dilation + 1
        switch padding {
        case .same:
            outputSize = (inputSize + stride - 1) / stride
        case .valid:
            guard inputSize >= effectiveWindow else {
                throw .invalid("window \(effectiveWindow) exceeds input size \(inputSize) with VALID padding")
            }
            outputSize = (inputSize - effectiveWindow) / stride + 1
        }
        let totalPadding = max((outputSize - 1) * stride + effectiveWindow - inputSize, 0)
        padBefore = padding == .same ? totalPadding / 2 : 0
        self.inputSize = inputSize
        self.stride = stride
        self.dilation = dilation
        self.window = window
    }

    /// The input index tap `t` of output `o` reads, or nil in the padding.
    @inline(__always)
    func inputIndex(output: Int, tap: Int) -> Int? {
        let index = output * stride - padBefore + tap * dilation
        return index >= 0 && index < inputSize ? index : nil
    }
}

/// The NHWC spatial layout of a 2-D window operation: batch, both axes and channel counts.
struct WindowLayout {
    var batches: Int
    var rows: WindowAxis
    var columns: WindowAxis
    var inputChannels: Int

    init(input: [Int], windowHeight: Int, windowWidth: Int, strideHeight: Int, strideWidth: Int,
         dilationHeight: Int = 1, dilationWidth: Int = 1, padding: Padding) throws(KernelFailure) {
        guard input.count == 4 else { throw .invalid("expected NHWC input, got shape \(input)") }
        batches = input[0]
        rows = try WindowAxis(inputSize: input[1], window: windowHeight, stride: strideHeight,
                              dilation: dilationHeight, padding: padding)
        columns = try WindowAxis(inputSize: input[2], window: windowWidth, stride: strideWidth,
                                 dilation: dilationWidth, padding: padding)
        inputChannels = input[3]
    }

    func outputShape(channels: Int) -> [Int] { [batches, rows.outputSize, columns.outputSize, channels] }
}
