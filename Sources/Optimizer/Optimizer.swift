import Gadgets

/// The compiler from models to circuit layouts: import, quantization, planning, cost model, hardware benchmark.
public enum Optimizer {
    public static let version = "0.1.0"
}
