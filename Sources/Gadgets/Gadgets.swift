import Plonkish

/// Namespace of the circuit library: grid, layouter, fixed-point numerics, single-row gadgets and the layers built
/// from them, on top of `Plonkish` and knowing nothing about model files. The gadgets arrive with the proving
/// system (see README: status).
public enum Gadgets {}
