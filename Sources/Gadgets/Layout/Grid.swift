import Plonkish

/// The columns every gadget shares: `width` advice columns, all enabled for equality so that any cell can be copied
/// into a gadget's row, and one equality-enabled fixed column holding the circuit's constants.
public struct Grid: Sendable, Hashable {
    public let advice: [Column]
    public let constants: Column

    public var width: Int { advice.count }

    /// Declares the grid's columns in `cs`.
    public static func configure<F: FFTField>(_ cs: inout ConstraintSystem<F>, columns: Int) -> Grid {
        let advice = (0..<columns).map { _ in cs.adviceColumn() }
        let constants = cs.fixedColumn()
        for column in advice { cs.enableEquality(column) }
        cs.enableEquality(constants)
        return Grid(advice: advice, constants: constants)
    }

    /// The current-row query of advice column `index`: every gadget constraint reads its own row only.
    public func cell<F: FFTField>(_ index: Int) -> Expression<F> { advice[index].query(0) }
}
