import Plonkish

/// Namespace of the circuit library: the grid and its layouter (Layout/), fixed-point numerics (FixedPoint/),
/// lookup tables (Tables/) and single-row gadgets (Gadgets/), on top of `Plonkish` and knowing nothing about model
/// files. Every gadget places its cells through a `Layouter`, so counting a layout and assigning it are one code path.
public enum Gadgets {}
