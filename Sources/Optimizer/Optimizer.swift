import Gadgets

/// Namespace of the compiler from models to circuit layouts: import, quantization, planning, cost model and
/// hardware benchmarks (today: `PrimitiveBenchmark`, behind `zkml bench primitives`).
public enum Optimizer {}
