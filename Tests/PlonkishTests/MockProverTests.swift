import Plonkish
import Testing

/// The MockProver accepts honest witnesses of the test circuits at every size and reports each kind of broken
/// witness precisely: which gate, lookup or cells, and on which row.
struct MockProverTests {
    typealias Fr = BN254Fr

    static let sizes = [4, 5, 6, 7, 8]

    @Test("Fibonacci chain with copy and instance constraints is satisfied", arguments: sizes)
    func fibonacciSatisfied(k: Int) throws {
        let rows = try usableRows(FibonacciCircuit<Fr>.self, k: k)
        let circuit = FibonacciCircuit<Fr>(rows: rows, first: Fr(2), second: Fr(5))
        #expect(try MockProver.run(k: k, circuit: circuit, instances: circuit.instances).verify().isEmpty)
        let pasta = FibonacciCircuit<PastaFp>(rows: rows)
        #expect(try MockProver.run(k: k, circuit: pasta, instances: pasta.instances).verify().isEmpty)
    }

    @Test("Fibonacci: f_i of the chain, independently computed")
    func fibonacciOutput() throws {
        let circuit = FibonacciCircuit<Fr>(rows: 8)
        // 1, 1, 2, 3, 5, 8, 13, 21, 34, 55
        #expect(circuit.instances == [[Fr(1), Fr(1), Fr(55)]])
    }

    @Test("A wrong cell fails its gate on its row and the copy that joins it to the row above")
    func wrongCell() throws {
        var circuit = FibonacciCircuit<Fr>(rows: 10)
        let a = Column(.advice, 0), b = Column(.advice, 1), c = Column(.advice, 2)
        circuit.corruptedCell = Cell(a, 3)
        let failures = try MockProver.run(k: 5, circuit: circuit, instances: circuit.instances).verify()
        // Row 3 holds (f3, f4, f5) = (3, 5, 8), with a made 4.
        let expectedCells = [
            QueriedCell(column: Column(.fixed, 0), rotation: 0, row: 3, value: Fr(1)),
            QueriedCell(column: a, rotation: 0, row: 3, value: Fr(4)),
            QueriedCell(column: b, rotation: 0, row: 3, value: Fr(5)),
            QueriedCell(column: c, rotation: 0, row: 3, value: Fr(8)),
        ]
        #expect(failures == [
            .constraintNotSatisfied(gate: "fibonacci", constraint: "a + b = c", row: 3, cells: expectedCells),
            .copyMismatch(a: Cell(b, 2), aValue: Fr(3), b: Cell(a, 3), bValue: Fr(4)),
        ])
        let description = failures[0].description
        #expect(description == "Constraint 'a + b = c' in gate 'fibonacci' is not satisfied on row 3: "
            + "fixed[0]@0 = 1, advice[0]@0 = 4, advice[1]@0 = 5, advice[2]@0 = 8")
        #expect(failures[0].gate == "fibonacci" && failures[0].row == 3)
        #expect(failures[1].description.contains("advice[1]@2 = 3") && failures[1].description.contains("advice[0]@3 = 4"))
    }

    @Test("A wrong public input is an instance mismatch on its instance row")
    func instanceMismatch() throws {
        let circuit = FibonacciCircuit<Fr>(rows: 6)
        var instances = circuit.instances
        instances[0][2] = instances[0][2] + Fr(1)
        let failures = try MockProver.run(k: 4, circuit: circuit, instances: instances).verify()
        #expect(failures.count == 1)
        let failure = try #require(failures.first)
        #expect(failure.isInstanceMismatch)
        #expect(failure.cells == [Cell(Column(.advice, 2), 5), Cell(Column(.instance, 0), 2)])
        #expect(failure.description.contains("instance[0]@2 = 22") && failure.description.contains("advice[2]@5 = 21"))

        // The first public input feeds the chain at row 0.
        var first = circuit.instances
        first[0][0] = Fr(9)
        let firstFailures = try MockProver.run(k: 4, circuit: circuit, instances: first).verify()
        #expect(firstFailures == [.copyMismatch(a: Cell(Column(.instance, 0), 0), aValue: Fr(9),
                                                b: Cell(Column(.advice, 0), 0), bValue: Fr(1))])
    }

    @Test("Instance values must fit the usable rows, and the instance column count must match")
    func instanceShape() throws {
        let circuit = MissingSelectorCircuit<Fr>(rows: 2)
        #expect(throws: PlonkError.self) { try MockProver.run(k: 4, circuit: circuit, instances: [[Fr(1)]]) }
        let fibonacci = FibonacciCircuit<Fr>(rows: 2)
        let u = try usableRows(FibonacciCircuit<Fr>.self, k: 4)
        let tooMany = [[Fr](repeating: Fr(1), count: u + 1)]
        #expect(throws: PlonkError.self) { try MockProver.run(k: 4, circuit: fibonacci, instances: tooMany) }
        let fitting = [fibonacci.instances[0] + [Fr](repeating: .zero, count: u - 3)]
        #expect(try MockProver.run(k: 4, circuit: fibonacci, instances: fitting).verify().isEmpty)
    }

    @Test("An unassigned cell read by an enabled gate is reported")
    func unassignedCell() throws {
        var circuit = FibonacciCircuit<Fr>(rows: 6)
        circuit.skippedCell = Cell(Column(.advice, 1), 4)
        let failures = try MockProver.run(k: 4, circuit: circuit, instances: circuit.instances).verify()
        #expect(failures.contains(.cellNotAssigned(gate: "fibonacci", row: 4, cell: Cell(Column(.advice, 1), 4))))
        #expect(failures.contains { $0.gate == "fibonacci" && $0.row == 4 && $0.constraint == "a + b = c" })
        #expect(failures.filter { if case .cellNotAssigned = $0 { true } else { false } }.count == 1)
    }

    @Test("A gate without a selector is poisoned on exactly the unusable rows")
    func poisonedGate() throws {
        for k in [4, 6] {
            let u = try usableRows(MissingSelectorCircuit<Fr>.self, k: k)
            let failures = try MockProver.run(k: k, circuit: MissingSelectorCircuit<Fr>(rows: u), instances: []).verify()
            #expect(failures.map(\.row) == (u..<(1 << k)).map { Optional($0) })
            for failure in failures {
                guard case let .constraintPoisoned(gate, constraint, _, cells) = failure else {
                    Issue.record("expected a poisoned constraint, got \(failure)")
                    continue
                }
                #expect(gate == "product" && constraint == "a·b = c")
                #expect(cells.allSatisfy { $0.value == nil })
            }
            #expect(failures[0].description.contains("gate 'product'") && failures[0].description.contains("row \(u)"))
        }
    }

    @Test("A gate reading the row after the last usable one is poisoned there, and only there")
    func poisonedByRotation() throws {
        let u = try usableRows(RunningSumCircuit<Fr>.self, k: 5)
        #expect(try MockProver.run(k: 5, circuit: RunningSumCircuit<Fr>(steps: u - 1), instances: []).verify().isEmpty)
        let failures = try MockProver.run(k: 5, circuit: RunningSumCircuit<Fr>(steps: u), instances: []).verify()
        #expect(failures.count == 1)
        let failure = try #require(failures.first)
        guard case let .constraintPoisoned(gate, _, row, cells) = failure else {
            Issue.record("expected a poisoned constraint, got \(failure)")
            return
        }
        #expect(gate == "running sum" && row == u - 1)
        #expect(cells.first { $0.column == Column(.advice, 0) && $0.rotation == 1 }?.value == nil)
        #expect(cells.first { $0.column == Column(.advice, 0) && $0.rotation == 0 }?.value != nil)
        #expect(failure.description.contains("advice[0]@1 = unknown (unusable row \(u))"))
    }

    @Test("Range check by lookup with repeated inputs is satisfied", arguments: sizes)
    func rangeCheckSatisfied(k: Int) throws {
        let rows = try usableRows(RangeCheckCircuit<Fr>.self, k: k)
        let circuit = RangeCheckCircuit<Fr>(bits: k - 1, rows: rows)
        #expect(try MockProver.run(k: k, circuit: circuit, instances: []).verify().isEmpty)
        #expect(try MockProver.run(k: k, circuit: RangeCheckCircuit<PastaFp>(bits: k - 1, rows: rows), instances: [])
            .verify().isEmpty)
    }

    @Test("A value out of range is a lookup failure on its row")
    func rangeCheckFailure() throws {
        var circuit = RangeCheckCircuit<Fr>(bits: 3, rows: 10)
        circuit.outOfRangeRow = 5
        let failures = try MockProver.run(k: 4, circuit: circuit, instances: []).verify()
        #expect(failures == [.lookupInputNotInTable(lookup: "range", row: 5, input: [Fr(8)])])
        #expect(failures[0].description == "Lookup 'range' input (8) on row 5 is not in the table")
        #expect(failures[0].lookup == "range" && failures[0].row == 5)
    }

    @Test("The table's unassigned rows repeat its first entry rather than add zero")
    func tableDefault() throws {
        // Table [1, 9) on 8 of the 10 usable rows: zero, the input where the selector is off, is not in it.
        var circuit = RangeCheckCircuit<Fr>(bits: 3, rows: 4)
        circuit.offset = 1
        let failures = try MockProver.run(k: 4, circuit: circuit, instances: []).verify()
        #expect(failures == (4..<10).map { .lookupInputNotInTable(lookup: "range", row: $0, input: [Fr(0)]) })
    }

    @Test("A gate using a phase-1 challenge is satisfied", arguments: sizes)
    func challengeSatisfied(k: Int) throws {
        let rows = try usableRows(ChallengeCircuit<Fr>.self, k: k)
        #expect(try MockProver.run(k: k, circuit: ChallengeCircuit<Fr>(rows: rows), instances: []).verify().isEmpty)
        #expect(try MockProver.run(k: k, circuit: ChallengeCircuit<PastaFp>(rows: rows), instances: [])
            .verify().isEmpty)
    }

    @Test("Challenges are drawn as halo2's MockProver draws them, and a wrong phase-1 cell is reported")
    func challengeFailure() throws {
        var circuit = ChallengeCircuit<Fr>(rows: 8)
        circuit.corruptedRow = 6
        let mock = try MockProver.run(k: 4, circuit: circuit, instances: [])
        let seed = Blake2b.hash(Array("Halo2-MockProver".utf8))
        let r = Fr(uniformBytes: Blake2b.hash(seed))
        #expect(mock.challenges == [r])
        let failures = mock.verify()
        #expect(failures.count == 1)
        let failure = try #require(failures.first)
        #expect(failure.gate == "linear combination" && failure.row == 6)
        guard case let .constraintNotSatisfied(_, _, _, cells) = failure else {
            Issue.record("expected an unsatisfied constraint, got \(failure)")
            return
        }
        let c = cells.first { $0.column == Column(.advice, 2) }
        #expect(c?.value == Fr(7) + r * Fr(15) + Fr(1))
    }

    @Test("Several lookups into one table and a tuple lookup into another are satisfied", arguments: sizes)
    func multiLookupSatisfied(k: Int) throws {
        let rows = try usableRows(MultiLookupCircuit<Fr>.self, k: k)
        #expect(try MockProver.run(k: k, circuit: MultiLookupCircuit<Fr>(bits: k - 1, rows: rows), instances: [])
            .verify().isEmpty)
        #expect(try MockProver.run(k: k, circuit: MultiLookupCircuit<PastaFp>(bits: k - 1, rows: rows),
                                   instances: []).verify().isEmpty)
    }

    @Test("Each lookup of a shared table reports its own failures")
    func multiLookupFailures() throws {
        var circuit = MultiLookupCircuit<Fr>(bits: 3, rows: 10)
        circuit.badRangeRow = 2
        circuit.badSquareRow = 4
        let failures = try MockProver.run(k: 4, circuit: circuit, instances: []).verify()
        // Row 4: x = 21 mod 8 = 5, y = 26.
        #expect(failures == [
            .lookupInputNotInTable(lookup: "range b", row: 2, input: [Fr(8)]),
            .lookupInputNotInTable(lookup: "square", row: 4, input: [Fr(5), Fr(26)]),
        ])
    }

    @Test("Six permutation chunks are satisfied", arguments: sizes)
    func manyColumnsSatisfied(k: Int) throws {
        var cs = ConstraintSystem<Fr>()
        _ = ManyColumnsCircuit<Fr>.prototype.configure(&cs)
        #expect(try ProtocolShape(cs, k: k, commitsInstances: false).permutationChunks.count == 6)
        let rows = try usableRows(ManyColumnsCircuit<Fr>.self, k: k)
        let circuit = ManyColumnsCircuit<Fr>(rows: rows)
        #expect(try MockProver.run(k: k, circuit: circuit, instances: circuit.instances).verify().isEmpty)
        let pasta = ManyColumnsCircuit<PastaFp>(rows: rows)
        #expect(try MockProver.run(k: k, circuit: pasta, instances: pasta.instances).verify().isEmpty)
    }

    @Test("A wrong cell in a column copied both ways breaks its gate and both copies")
    func manyColumnsFailure() throws {
        var circuit = ManyColumnsCircuit<Fr>(rows: 6)
        let a1 = Column(.advice, 1)
        circuit.corruptedCell = Cell(a1, 2)
        let failures = try MockProver.run(k: 4, circuit: circuit, instances: circuit.instances).verify()
        #expect(failures.count == 3)
        #expect(failures.first?.gate == "sum" && failures.first?.row == 2)
        let copyCells = failures.dropFirst().map { Set($0.cells) }
        #expect(copyCells.contains([Cell(a1, 2), Cell(Column(.advice, 2), 2)]))
        #expect(copyCells.contains([Cell(Column(.advice, 3), 1), Cell(a1, 2)]))
        #expect(!failures.contains { $0.isInstanceMismatch })
    }
}
