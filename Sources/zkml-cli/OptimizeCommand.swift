import ArgumentParser
import Dispatch
import Foundation
import Optimizer
import Plonkish

struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Choose a model's circuit layout for this machine and write it as plan.json.",
        discussion: """
            The layout optimizer of the ZKML paper (§7): every combination of the layer implementations the model \
            can use (matrix products by Freivalds' check, dot products or dot products with bias; depthwise \
            convolutions; ReLU by lookup or by bits; square by its gate or by multiplication), each at advice \
            column counts from the fewest its gadgets accept up to 64, counted row-exactly, fitted to the smallest \
            k and the cheapest constraint degree, and priced with the machine's cost profile (--profile, else the \
            closest one in the cost-profiles directory: $ZKML_COST_PROFILES, the working directory's or the \
            executable's). The best by --objective is written to -o; the --top N are printed.

            The scale is --scale, else the msgpack file's own, else the smallest 2^S (S in 4…16) at which the \
            fixed-point outputs stay within 0.05 of float with the same argmax on the --calibration inputs, else \
            2^8. The lookup tables cover twice the largest value the model reaches on the --calibration inputs \
            (four times with a softmax, which subtracts the maximum; without inputs, taken as 16 real units). Shape-only models (the paper's config.msgpack) are \
            planned with zero weights: their plans show the layout but cannot be proved.

            --validate N sets up and proves the N best candidates and N more spread over the rest of the ranking \
            (on the first --calibration input, else zeros; KZG with insecure parameters) and reports measured \
            against estimated times, Kendall's tau on wall and CPU time, and whether the best was the fastest. \
            Each candidate is proved --repeat times in interleaved rounds and its fastest proof counts. \
            --svg FILE draws the chosen plan's grid (with --validate also FILE-candidates.svg).

            Example: zkml optimize model.tflite --calibration input-0.json -o plan.json --top 5
            """
    )

    @Argument(help: "The model file (*.tflite, *.tflite.json, the paper's model.msgpack or config.msgpack).")
    var model: String

    @Option(name: .shortAndLong, help: "Where to write the plan.")
    var output: String = "plan.json"

    @Option(help: "Commitment scheme: kzg (BN254) or ipa (Pasta).")
    var backend: Backend = .kzg

    @Option(help: "What to minimize: time (estimated proving time), size (proof bytes) or memory (peak).")
    var objective: Objective = .time

    @Option(help: "Cost profile JSON (default: the closest profile in the cost-profiles directory).")
    var profile: String?

    @Option(help: "Candidates to print, best first.")
    var top: Int = 10

    @Option(help: "Fix the advice columns (3…64) instead of searching them.")
    var columns: Int?

    @Option(help: "Fixed-point scale as a power of two (0…40).")
    var scale: Int?

    @Option(parsing: .singleValue,
            help: "An input file ({\"input\": …}, or the paper's inp.msgpack) to size the tables by; repeatable.")
    var calibration: [String] = []

    @Option(name: .customLong("validate"),
            help: "Prove the N best and N other candidates and compare measured with estimated times.")
    var validateCount: Int?

    @Option(help: "With --validate: proofs of each candidate, taken in interleaved rounds; the fastest counts.")
    var `repeat`: Int = CandidateValidation.defaultRounds

    @Option(help: "Draw the chosen plan's grid as SVG here (with --validate also FILE-candidates.svg).")
    var svg: String?

    @Flag(help: "Print one JSON object on stdout instead of a table.")
    var json = false

    @OptionGroup var global: GlobalOptions

    enum Objective: String, ExpressibleByArgument, CaseIterable {
        case time, size, memory

        var planObjective: PlanObjective {
            switch self {
            case .time: .time
            case .size: .size
            case .memory: .memory
            }
        }
    }

    func validate() throws {
        if let scale, !QuantizedInterpreter.scaleBitsRange.contains(scale) {
            throw ValidationError("--scale must be between 0 and 40")
        }
        if let columns, !(3...64).contains(columns) { throw ValidationError("--columns must be between 3 and 64") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        if let validateCount, !(1...50).contains(validateCount) { throw ValidationError("--validate must be between 1 and 50") }
        guard (1...100).contains(`repeat`) else { throw ValidationError("--repeat must be between 1 and 100") }
    }

    /// The inputs of a calibration file as floats: JSON as written, the paper's inp.msgpack (fixed-point integers
    /// at the model file's scale) divided by that scale.
    static func calibrationInputs(_ url: URL, graph: Graph) throws -> [DenseTensor<Float>] {
        guard url.pathExtension.lowercased() == "msgpack" else { return try TensorJSONFile.readInputs(from: url, for: graph) }
        guard let bits = graph.fixedPointScaleBits else {
            throw ValidationError("\(url.lastPathComponent): fixed-point msgpack inputs need a model with its own scale "
                                  + "(the paper's model.msgpack); give a JSON input instead")
        }
        let scale = Float(Int64(1) << Int64(bits))
        return try Run.fixedPointInputs(url, graph: graph).map { tensor in
            DenseTensor(shape: tensor.shape, scalars: tensor.scalars.map { Float($0) / scale })
        }
    }

    func run() throws {
        let progress = global.apply()
        let modelURL = URL(fileURLWithPath: model)
        let graph = try ModelImporter.load(url: modelURL)
        let shapeOnly = graph.tensors.contains { $0.isConstant && $0.data == nil }
        if shapeOnly && validateCount != nil {
            throw ValidationError("--validate needs weights: \(model) is a shape-only model that can be planned, not proved")
        }
        let inputs = try calibration.map { try Self.calibrationInputs(URL(fileURLWithPath: $0), graph: graph) }
        let (profileURL, costProfile) = try loadProfile()
        progress.say("cost profile \(profileURL.path)")
        let planURL = URL(fileURLWithPath: output)
        let proofBackend: ProofBackend = backend == .kzg ? .kzg : .ipa
        let estimator = try CostEstimator(profile: costProfile, backend: backend == .kzg ? .kzg : .ipa)
        let tables = try ModelPlanner.tableSizing(graph: graph, scaleBits: scale, calibration: inputs)

        let search = PlanSearch(graph: graph, sizing: tables.sizing, backend: proofBackend, estimator: estimator,
                                objective: objective.planObjective,
                                columns: columns.map { [$0] } ?? PlanSearch.columnLadder())
        search.progress = { progress.say($0) }
        progress.say("searching \(LogicalLayouts.all(for: graph).count) logical layouts of \(graph.operations.count) operations…")
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try search.run()
        let searchSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard let best = result.candidates.first else {
            let reasons = result.rejected.map { "\(PlanSearch.describe($0.choices)): \($0.reason)" }
            throw ValidationError("no layout fits 2^\(ModelPlanner.maximumK) rows (\(reasons.joined(separator: "; ")))")
        }
        progress.say(String(format: "%d candidates from %d counted layouts in %.2f s", result.candidates.count,
                            result.countedLayouts, searchSeconds))

        let plan = try ModelPlanner.plan(modelURL: modelURL, planURL: planURL, backend: proofBackend,
                                         scaleBits: tables.scaleBits, shape: best.shape, k: best.k, rows: best.rows,
                                         lookups: best.lookups)
        try OutputFile.write(try plan.json(), to: planURL)

        var validation: CandidateValidation.Report?
        if let validateCount {
            validation = try runValidation(validateCount, result: result, graph: graph, scaleBits: tables.scaleBits,
                                           inputs: inputs, progress: progress)
        }
        var pictures: [String] = []
        if let svg {
            let layout = try search.layoutCount(best)
            let title = "\(modelURL.lastPathComponent): \(Self.choicesText(best.choices, graph: graph))"
            let picture = LayoutPicture.grid(candidate: best, layout: layout, graph: graph,
                                             usableRows: try search.usableRows(best), title: title)
            let url = URL(fileURLWithPath: svg)
            try OutputFile.write(Array(picture.utf8), to: url)
            pictures.append(url.path)
            if let validation {
                let candidatesURL = Self.candidatesPictureURL(url)
                let timed = validation.runs.map {
                    LayoutPicture.TimedCandidate(rank: $0.rank + 1, estimatedSeconds: $0.candidate.estimate.provingSeconds,
                                                 wallSeconds: $0.wallSeconds, cpuSeconds: $0.cpuSeconds)
                }
                let chart = LayoutPicture.estimatedVersusMeasured(
                    timed, title: "\(modelURL.lastPathComponent): estimated vs measured proving time")
                try OutputFile.write(Array(chart.utf8), to: candidatesURL)
                pictures.append(candidatesURL.path)
            }
        }

        let report = OptimizeReport(
            plan: planURL.path, model: modelURL.path, profile: profileURL.path, objective: objective.rawValue,
            backend: plan.backend.rawValue, choices: best.choices, columns: plan.columns, k: plan.k,
            rows: plan.estimatedRows, degree: plan.degree, scaleBits: plan.scaleBits, tableSize: plan.tableSize,
            lookups: plan.lookups, shapeOnly: shapeOnly, estimate: OptimizeReport.Estimate(best.estimate),
            candidates: result.candidates.prefix(top).enumerated().map { OptimizeReport.Candidate(rank: $0 + 1, $1) },
            candidateCount: result.candidates.count, countedLayouts: result.countedLayouts,
            rejected: result.rejected.map { .init(choices: $0.choices, reason: $0.reason) },
            searchSeconds: searchSeconds, validation: validation.map(OptimizeReport.Validation.init), svg: pictures)
        if json {
            print(try CommandJSON.string(report))
        } else {
            printTable(result, graph: graph)
            if let validation { printValidation(validation) }
            print("plan \(planURL.path): \(Self.choicesText(best.choices, graph: graph)), \(plan.backend.rawValue), "
                  + "\(plan.columns) columns, k = \(plan.k) (\(plan.estimatedRows) rows), degree \(plan.degree), "
                  + "scale 2^\(plan.scaleBits), tables of \(plan.tableSize) rows, \(plan.lookups) lookups"
                  + (shapeOnly ? " (shape-only model: not provable)" : ""))
            for path in pictures { print("picture \(path)") }
        }
    }

    static func candidatesPictureURL(_ url: URL) -> URL {
        let base = url.pathExtension == "svg" ? url.deletingPathExtension() : url
        return base.deletingLastPathComponent().appendingPathComponent(base.lastPathComponent + "-candidates.svg")
    }

    /// The profile named by --profile, else the closest one found for this machine.
    private func loadProfile() throws -> (URL, CostProfile) {
        if let profile {
            let url = URL(fileURLWithPath: profile)
            return (url, try CostProfile(contentsOf: url))
        }
        let directories = CostProfile.directoryCandidates(
            environment: ProcessInfo.processInfo.environment,
            workingDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
            executable: Bundle.main.executableURL)
        guard let found = CostProfile.bestMatch(for: .current, searching: directories) else {
            throw ValidationError("no cost profile found: pass --profile FILE, set ZKML_COST_PROFILES, or run "
                                  + "zkml benchmark-hardware")
        }
        return found
    }

    private func runValidation(_ n: Int, result: PlanSearchResult, graph: Graph, scaleBits: Int,
                               inputs: [[DenseTensor<Float>]], progress: Progress) throws -> CandidateValidation.Report {
        let input = inputs.first ?? graph.inputs.map { index in
            let shape = graph.tensors[index].shape
            return DenseTensor(shape: shape, scalars: [Float](repeating: 0, count: shape.reduce(1, *)))
        }
        let ranks = CandidateValidation.ranks(count: result.candidates.count, n: n)
        let chosen = ranks.map { result.candidates[$0] }
        // Keys of a group are held together; half the memory leaves room for the proofs themselves.
        let groups = CandidateValidation.memoryGroups(bytes: chosen.map(\.estimate.peakMemoryBytes),
                                                      budget: ProcessInfo.processInfo.physicalMemory / 2)
        var runs: [CandidateValidation.Run] = []
        for group in groups {
            var prepared: [CandidateValidation.Prepared] = []
            for position in group {
                let candidate = chosen[position]
                progress.say("setting up \(position + 1)/\(ranks.count): rank \(ranks[position] + 1), "
                             + "\(candidate.columns) columns at 2^\(candidate.k)…")
                prepared.append(try CandidateValidation.prepare(
                    graph: graph, candidate: candidate, rank: ranks[position], scaleBits: scaleBits,
                    backend: backend == .kzg ? .kzg : .ipa, inputs: input))
            }
            runs += try CandidateValidation.measure(prepared, rounds: `repeat`) { round, index in
                progress.say("proving round \(round + 1)/\(`repeat`): rank \(prepared[index].rank + 1)…")
            }
        }
        return CandidateValidation.report(runs)
    }

    private static func choicesText(_ choices: LayerChoices, graph: Graph) -> String {
        let present = LayerKindsPresent(graph: graph)
        var parts: [String] = []
        if present.matMul { parts.append("mat_mul \(choices.matMul.rawValue)") }
        if present.depthwise { parts.append("depthwise \(choices.depthwise.rawValue)") }
        if present.relu { parts.append("relu \(choices.activation.rawValue)") }
        if present.square { parts.append("square \(choices.square.rawValue)") }
        return parts.isEmpty ? "no layer choices" : parts.joined(separator: ", ")
    }

    private func printTable(_ result: PlanSearchResult, graph: Graph) {
        let present = LayerKindsPresent(graph: graph)
        var header = ["rank"]
        if present.matMul { header.append("mat_mul") }
        if present.depthwise { header.append("depthwise") }
        if present.relu { header.append("relu") }
        if present.square { header.append("square") }
        header += ["cols", "k", "rows", "deg", "prove s", "proof B", "memory MiB"]
        var rows = [header]
        for (rank, candidate) in result.candidates.prefix(top).enumerated() {
            var row = ["\(rank + 1)"]
            if present.matMul { row.append(candidate.choices.matMul.rawValue) }
            if present.depthwise { row.append(candidate.choices.depthwise.rawValue) }
            if present.relu { row.append(candidate.choices.activation.rawValue) }
            if present.square { row.append(candidate.choices.square.rawValue) }
            row += ["\(candidate.columns)", "\(candidate.k)", "\(candidate.rows)", "\(candidate.degree)",
                    String(format: "%.3f", candidate.estimate.provingSeconds), "\(candidate.estimate.proofBytes)",
                    String(format: "%.1f", Double(candidate.estimate.peakMemoryBytes) / 1_048_576)]
            rows.append(row)
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { column, cell in
                column < header.count - 7 && column > 0
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  "))
        }
        print("\(result.candidates.count) candidates ranked by \(result.objective.rawValue), "
              + "\(result.countedLayouts) layouts counted")
        for rejected in result.rejected { print("rejected \(PlanSearch.describe(rejected.choices)): \(rejected.reason)") }
    }

    private func printValidation(_ report: CandidateValidation.Report) {
        print("validation (measured on this machine):")
        print("  rank  estimated s  prove s  prove CPU s  stolen  (fastest of \(report.runs.first?.proofCount ?? 0) proofs "
              + "each; stolen: the hypervisor's share of the CPU time during it)")
        for run in report.runs {
            print(String(format: "  %4d  %11.3f  %7.3f  %11.3f  ", run.rank + 1, run.candidate.estimate.provingSeconds,
                         run.wallSeconds, run.cpuSeconds)
                  + (run.stolenShare.map { String(format: "%5.1f%%", $0 * 100) } ?? "   n/a"))
        }
        let phases = ProverStatistics.Phase.allCases
        print("  by phase, estimated/measured s: " + phases.map(\.rawValue).joined(separator: ", "))
        for run in report.runs {
            let cells = phases.map { phase in
                String(format: "%.2f/%.2f", run.candidate.estimate.breakdown[phase] ?? 0, run.phaseSeconds[phase] ?? 0)
            }
            print(String(format: "  %4d  ", run.rank + 1) + cells.joined(separator: "  "))
        }
        func tau(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "n/a" }
        print("  Kendall's tau: \(tau(report.tauWall)) (wall), \(tau(report.tauCPU)) (CPU); best was "
              + (report.bestIsFastestWall ? "the fastest" : report.bestWithinTenPercentWall ? "within 10% of the fastest"
                 : "not within 10% of the fastest") + " by wall time, "
              + (report.bestIsFastestCPU ? "the fastest" : report.bestWithinTenPercentCPU ? "within 10% of the fastest"
                 : "not within 10% of the fastest") + " by CPU time")
    }
}

/// `zkml optimize --json`: the plan written (the keys `PlanSummary` always had), how it was chosen, the top
/// candidates and, with --validate, the measurements.
struct OptimizeReport: Encodable {
    let plan: String
    let model: String
    let profile: String
    let objective: String
    let backend: String
    let choices: LayerChoices
    let columns: Int
    let k: Int
    let rows: Int
    let degree: Int
    let scaleBits: Int
    let tableSize: Int
    let lookups: Int
    let shapeOnly: Bool
    let estimate: Estimate
    let candidates: [Candidate]
    let candidateCount: Int
    let countedLayouts: Int
    let rejected: [Rejected]
    let searchSeconds: Double
    let validation: Validation?
    let svg: [String]

    enum CodingKeys: String, CodingKey {
        case plan, model, profile, objective, backend, choices, columns, k, rows, degree, lookups, estimate
        case candidates, rejected, validation, svg
        case scaleBits = "scale_bits", tableSize = "table_size", shapeOnly = "shape_only"
        case candidateCount = "candidate_count", countedLayouts = "counted_layouts", searchSeconds = "search_s"
    }

    struct Estimate: Encodable {
        let provingSeconds: Double
        let proofBytes: Int
        let peakMemoryBytes: Int

        init(_ estimate: CostEstimate) {
            provingSeconds = estimate.provingSeconds
            proofBytes = estimate.proofBytes
            peakMemoryBytes = estimate.peakMemoryBytes
        }

        enum CodingKeys: String, CodingKey {
            case provingSeconds = "proving_s", proofBytes = "proof_bytes", peakMemoryBytes = "peak_memory_bytes"
        }
    }

    struct Candidate: Encodable {
        let rank: Int
        let choices: LayerChoices
        let columns: Int
        let k: Int
        let rows: Int
        let degree: Int
        let estimate: Estimate

        init(rank: Int, _ candidate: PlanCandidate) {
            self.rank = rank
            choices = candidate.choices
            columns = candidate.columns
            k = candidate.k
            rows = candidate.rows
            degree = candidate.degree
            estimate = Estimate(candidate.estimate)
        }
    }

    struct Rejected: Encodable {
        let choices: LayerChoices
        let reason: String
    }

    struct Validation: Encodable {
        struct Run: Encodable {
            let rank: Int
            let columns: Int
            let k: Int
            let estimatedSeconds: Double
            let proveSeconds: Double
            let proveCPUSeconds: Double
            let proveStolenShare: Double?
            let setupSeconds: Double
            let proofs: Int
            /// Seconds by prover phase: the estimate's and the fastest proof's.
            let estimatedPhases: [String: Double]
            let measuredPhases: [String: Double]

            enum CodingKeys: String, CodingKey {
                case rank, columns, k, proofs
                case estimatedPhases = "estimated_phases_s", measuredPhases = "measured_phases_s"
                case estimatedSeconds = "estimated_s", proveSeconds = "prove_s", proveCPUSeconds = "prove_cpu_s"
                case proveStolenShare = "prove_stolen_share", setupSeconds = "setup_s"
            }
        }

        let runs: [Run]
        let kendallTauWall: Double?
        let kendallTauCPU: Double?
        let bestIsFastestWall: Bool
        let bestIsFastestCPU: Bool
        let bestWithinTenPercentWall: Bool
        let bestWithinTenPercentCPU: Bool

        init(_ report: CandidateValidation.Report) {
            runs = report.runs.map {
                Run(rank: $0.rank + 1, columns: $0.candidate.columns, k: $0.candidate.k,
                    estimatedSeconds: $0.candidate.estimate.provingSeconds, proveSeconds: $0.wallSeconds,
                    proveCPUSeconds: $0.cpuSeconds, proveStolenShare: $0.stolenShare, setupSeconds: $0.setupSeconds, proofs: $0.proofCount,
                    estimatedPhases: $0.candidate.estimate.breakdown.byPhaseName,
                    measuredPhases: $0.phaseSeconds.byPhaseName)
            }
            kendallTauWall = report.tauWall
            kendallTauCPU = report.tauCPU
            bestIsFastestWall = report.bestIsFastestWall
            bestIsFastestCPU = report.bestIsFastestCPU
            bestWithinTenPercentWall = report.bestWithinTenPercentWall
            bestWithinTenPercentCPU = report.bestWithinTenPercentCPU
        }

        enum CodingKeys: String, CodingKey {
            case runs
            case kendallTauWall = "kendall_tau_wall", kendallTauCPU = "kendall_tau_cpu"
            case bestIsFastestWall = "best_is_fastest_wall", bestIsFastestCPU = "best_is_fastest_cpu"
            case bestWithinTenPercentWall = "best_within_10_percent_wall"
            case bestWithinTenPercentCPU = "best_within_10_percent_cpu"
        }
    }
}

/// One JSON object, keys sorted, slashes unescaped.
enum CommandJSON {
    static func string(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
