import Dispatch
import Gadgets
@testable import Optimizer
import Plonkish

/// The perturbation harness: a malicious prover changes one assigned advice cell of an honest model witness (by +1,
/// or a field element +1 in the later-phase columns) and carries on honestly, so that everything laid out after the
/// cell reads the changed value; the changed witness must then fail the MockProver. A cell whose change goes
/// undetected is free: a prover may write anything there. Copies to the instance column are left out of the check:
/// a prover who changes an output also publishes the changed output, so a perturbation that only reaches the
/// public values is undetected too (and reported as changing them).
struct WitnessPerturbation {
    /// One undetected change.
    struct FreeCell: CustomStringConvertible {
        let ordinal: Int
        let cell: AssignedCell
        /// Whether the change reached the public outputs.
        let changesOutputs: Bool
        var description: String {
            "#\(ordinal) \(cell.cell) \(cell.gadget) in \(cell.layer)\(changesOutputs ? " (changes the outputs)" : "")"
        }
    }

    struct Report {
        var changed = 0
        var undetected: [FreeCell] = []
        /// Changes the honest code could not carry on from (a divisor made 0, say): checked as the single cell.
        var notReplayed = 0
        /// Every (gadget, column) pair changed at least once.
        var coverage = Set<String>()
    }

    let graph: Graph
    let plan: ModelPlan
    let execution: QuantizedExecution
    let honest: MockProver<BN254Fr>
    /// Every assigned advice cell in assignment order: the ordinals `WitnessTamper` names.
    let cells: [AssignedCell]

    init(graph: Graph, plan: ModelPlan, execution: QuantizedExecution) throws {
        self.graph = graph
        self.plan = plan
        self.execution = execution
        var circuit = ModelCircuit<BN254Fr>(graph: graph, plan: plan, execution: execution)
        circuit.recordsAssignedCells = true
        honest = try MockProver.run(k: plan.k, circuit: circuit,
                                    instances: ModelCircuit<BN254Fr>.instances(outputs: execution.outputs))
        cells = circuit.run.assignedCells
        // Builds the prover's shared tables and copy index once, before the threads read them.
        _ = honest.failures(involving: cells.prefix(1).map(\.cell))
    }

    /// The ordinals of a sample covering every (layer, gadget, column) group: its first cell, with `perGroup` ≥ 2
    /// also its last and up to `perGroup` − 2 more spread evenly between them; every cell when `perGroup` is nil.
    func sample(perGroup: Int?) -> [Int] {
        guard let perGroup else { return Array(cells.indices) }
        var groups: [String: [Int]] = [:]
        for (ordinal, cell) in cells.enumerated() {
            groups["\(cell.layer)|\(cell.gadget)|\(cell.cell.column)", default: []].append(ordinal)
        }
        var chosen: [Int] = []
        for members in groups.values {
            if members.count <= perGroup || perGroup < 2 {
                chosen += members.prefix(Swift.max(perGroup, 1))
                continue
            }
            let step = Double(members.count - 1) / Double(perGroup - 1)
            chosen += Set((0..<perGroup).map { members[Int((Double($0) * step).rounded())] })
        }
        return chosen.sorted()
    }

    /// Changes each of `ordinals` in turn, in parallel.
    func run(_ ordinals: [Int], threads: Int = 2) -> Report {
        let chunks = max(1, threads)
        var partial = [Report](repeating: Report(), count: chunks)
        partial.withUnsafeMutableBufferPointer { reports in
            let base = reports.baseAddress!
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var report = Report()
                for position in stride(from: chunk, to: ordinals.count, by: chunks) {
                    check(ordinals[position], into: &report)
                }
                base[chunk] = report
            }
        }
        return partial.reduce(into: Report()) { total, part in
            total.changed += part.changed
            total.undetected += part.undetected
            total.notReplayed += part.notReplayed
            total.coverage.formUnion(part.coverage)
        }
    }

    private func check(_ ordinal: Int, into report: inout Report) {
        let target = cells[ordinal]
        var circuit = ModelCircuit<BN254Fr>(graph: graph, plan: plan, execution: execution)
        circuit.tamper = WitnessTamper(ordinal: ordinal, delta: 1)
        let prover: MockProver<BN254Fr>
        if let replayed = try? honest.withWitness(of: circuit) {
            prover = replayed
        } else {
            var advice = honest.advice
            advice[target.cell.column.index][target.cell.row] += .one
            prover = honest.withAdvice(advice)
            report.notReplayed += 1
        }
        report.changed += 1
        report.coverage.insert("\(target.gadget)|\(target.cell.column)")
        // Most changes fail on the changed cell's own row or copies: any failure found is one.
        if prover.failures(involving: [target.cell]).contains(where: { !$0.isInstanceCopy }) { return }
        var changedCells: [Cell] = []
        for column in prover.advice.indices {
            for row in 0..<prover.usableRows where prover.advice[column][row] != honest.advice[column][row] {
                changedCells.append(Cell(Column(.advice, column), row))
            }
        }
        let failures = prover.failures(involving: changedCells)
        if failures.allSatisfy(\.isInstanceCopy) {
            report.undetected.append(FreeCell(ordinal: ordinal, cell: target,
                                              changesOutputs: failures.contains { $0.isInstanceCopy }))
        }
    }
}

extension VerifyFailure {
    /// A copy mismatch with an instance cell: the witness's outputs differ from the published ones.
    var isInstanceCopy: Bool {
        guard case let .copyMismatch(a, _, b, _) = self else { return false }
        return a.column.kind == .instance || b.column.kind == .instance
    }
}
