import Plonkish

/// How large the lookup tables are. One index column holds 0..<size: it is the range table (a range check proves
/// v ∈ [0, size)), and it indexes every function table, whose domain is the `size` inputs from `functionInputMin`.
/// The size trades precision against range: at scale factor sf the functions cover about ±size/(2·sf) real units.
public struct TableSizing: Sendable, Hashable {
    public let size: Int
    public let scaleFactor: Int64

    public init(size: Int, scaleFactor: Int64) {
        self.size = size
        self.scaleFactor = scaleFactor
    }

    /// The smallest sizing whose function domain covers [−inputBound, inputBound] and whose range table holds a
    /// rescale remainder (< 2·sf).
    public static func covering(inputBound: Int64, scaleFactor: Int64) -> TableSizing {
        TableSizing(size: Int(max(2 * inputBound + 1, 2 * scaleFactor)), scaleFactor: scaleFactor)
    }

    /// The largest value a range check accepts.
    public var rangeMax: Int64 { Int64(size) - 1 }
    public var range: ClosedRange<Int64> { 0...rangeMax }
    /// The smallest input of every function table; the domain is centred on 0.
    public var functionInputMin: Int64 { -Int64(size / 2) }
    public var functionDomain: ClosedRange<Int64> { functionInputMin...(functionInputMin + rangeMax) }
}

/// A function table: the column holding f(lo + j) − f(lo) on row j, looked up as the pair
/// (x − lo, y − f(lo)) against (index, column). Subtracting f(lo) makes the pair of a disabled row, (0, 0), the
/// honest entry for x = lo, so a disabled selector needs no extra tag column and no input maps to a fake 0.
public struct FunctionTable: Sendable, Hashable {
    public let function: NonlinearFunction
    public let column: Column
    public let sizing: TableSizing

    public var name: String { function.rawValue }
    public var domain: ClosedRange<Int64> { sizing.functionDomain }
    /// f(lo), subtracted from outputs in the lookup.
    public var offset: Int64 { function.value(sizing.functionInputMin, scaleFactor: sizing.scaleFactor) }

    public func value(_ x: Int64) -> Int64 { function.value(x, scaleFactor: sizing.scaleFactor) }
}

/// The circuit's lookup tables: the shared index (range) column and one column per function in use.
public struct LookupTables: Sendable, Hashable {
    public static var rangeTableName: String { "range" }

    public let sizing: TableSizing
    /// The index column, 0..<size: the range table.
    public let range: Column
    public let functions: [NonlinearFunction: FunctionTable]

    public static func configure<F: FFTField>(
        _ cs: inout ConstraintSystem<F>, sizing: TableSizing, functions: Set<NonlinearFunction>
    ) -> LookupTables {
        let range = cs.tableColumn()
        var tables: [NonlinearFunction: FunctionTable] = [:]
        for function in functions.sorted() {
            tables[function] = FunctionTable(function: function, column: cs.tableColumn(), sizing: sizing)
        }
        return LookupTables(sizing: sizing, range: range, functions: tables)
    }

    public func table(_ function: NonlinearFunction) -> FunctionTable? { functions[function] }

    /// Writes every table (in count mode: records their sizes).
    public func load<F: FFTField>(_ layouter: Layouter<F>) throws {
        let size = sizing.size
        try layouter.loadTable(Self.rangeTableName, size: size) { assignment in
            for row in 0..<size { try assignment.assignFixed(range, row: row, F(Int64(row))) }
        }
        for function in functions.keys.sorted() {
            guard let table = functions[function] else { continue }
            try layouter.loadTable(table.name, size: size) { assignment in
                let lo = sizing.functionInputMin
                let base = F(table.offset)
                for row in 0..<size {
                    try assignment.assignFixed(table.column, row: row, F(table.value(lo + Int64(row))) - base)
                }
            }
        }
    }
}
