import Plonkish

/// The circuit library: grid, layouter, fixed-point numerics, single-row gadgets and the layers built from them.
/// It builds on `Plonkish` and knows nothing about model files.
public enum Gadgets {
    public static let circuitField = "BN254Fr"
}
