import Foundation
import Plonkish

/// The commitment scheme a plan proves with, each with its own field and curve and so its own prices.
public enum ProvingBackend: String, Codable, Sendable, CaseIterable {
    /// KZG on BN254 (scalars in Fr, commitments in G1) with SHPLONK openings.
    case kzg
    /// halo2's inner product argument on the Pasta cycle (scalars in Fp, commitments on Vesta).
    case ipa
}

/// Why a profile could not be read, written or used.
public enum CostProfileError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(String)
    case missingBackend(ProvingBackend)
    /// A profile file that cannot be read, parsed or written.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalid(reason): "invalid cost profile: \(reason)"
        case let .missingBackend(backend): "the cost profile has no prices for the \(backend.rawValue) backend"
        case let .file(path, reason): "cost profile \(path): \(reason)"
        }
    }
}

/// Throughput of single field operations on one core, in nanoseconds per operation (independent operations, so
/// the figure is what a vectorisable loop over rows pays, not a dependent chain's latency).
public struct FieldOperationPrices: Codable, Sendable, Equatable {
    public var multiplyNanoseconds: Double
    public var addNanoseconds: Double
    public var inverseNanoseconds: Double

    public init(multiplyNanoseconds: Double, addNanoseconds: Double, inverseNanoseconds: Double) {
        self.multiplyNanoseconds = multiplyNanoseconds
        self.addNanoseconds = addNanoseconds
        self.inverseNanoseconds = inverseNanoseconds
    }

    /// Each price the lower of the two (a price of 0 counts as not measured).
    public func faster(_ other: FieldOperationPrices) -> FieldOperationPrices {
        func lower(_ a: Double, _ b: Double) -> Double { a > 0 && b > 0 ? min(a, b) : max(a, b) }
        return FieldOperationPrices(multiplyNanoseconds: lower(multiplyNanoseconds, other.multiplyNanoseconds),
                                    addNanoseconds: lower(addNanoseconds, other.addNanoseconds),
                                    inverseNanoseconds: lower(inverseNanoseconds, other.inverseNanoseconds))
    }

    enum CodingKeys: String, CodingKey {
        case multiplyNanoseconds = "mul_ns", addNanoseconds = "add_ns", inverseNanoseconds = "inverse_ns"
    }
}

/// One backend's measured prices: every operation the prover's workload counts, by size.
public struct BackendPrices: Codable, Sendable, Equatable {
    /// The scalar field and the commitment group, for people reading the file.
    public var field: String
    public var curve: String
    public var fieldOperations: FieldOperationPrices
    /// One FFT (and one inverse FFT: the same butterflies) of 2^k values.
    public var fft: PriceCurve
    /// One FFT onto a coset (the FFT plus a scaling pass).
    public var cosetFFT: PriceCurve
    /// One MSM of 2^k points and full-size scalars.
    public var msm: PriceCurve
    /// One small-scalar-aware MSM of 2^k points and signed witness values of the key's bit width (a few random
    /// blinding rows included, as in a real witness column).
    public var witnessMSM: [Int: PriceCurve]
    /// The multi-point opening's cost apart from its queries (its own commitments; for IPA, the inner product
    /// argument's rounds), at polynomial size 2^k.
    public var openingBase: PriceCurve
    /// What each further opened polynomial adds to the opening.
    public var openingPerQuery: PriceCurve
    /// Lookup preparation for a table of 2^k rows: indexing its rows and inverting its shifted values.
    public var lookupTable: PriceCurve
    /// Lookup preparation for one input column of 2^k rows: finding every row in the table, counting
    /// multiplicities, inverting the shifted inputs and summing them into a helper column.
    public var lookupInput: PriceCurve
    /// Real proofs of the benchmark circuit at one or more sizes, smallest k first: what the prover spent beyond
    /// the operations priced above. The overheads change with k (a small proof's operations, measured alone, run
    /// on data the cache still holds, and the prover's do not; at large k neither does), so the figures are
    /// interpolated linearly in k between calibrated sizes and taken from the nearest one outside them.
    public var calibrations: [Calibration] { didSet { calibrations.sort { $0.k < $1.k } } }

    /// A calibration proof's figures at one size.
    public struct Calibration: Codable, Sendable, Equatable {
        /// The proof's k.
        public var k: Int
        /// Seconds per field operation of the quotient evaluation (the constraint program on the extended coset).
        public var quotientOperationSeconds: Double
        /// Seconds per (row, column) of the permutation argument's grand products.
        public var permutationCellSeconds: Double
        /// Per prover phase, what the proof spent in it over what its operations cost when measured alone (the
        /// prover's own overheads: copies, generic code, memory traffic). Missing phases count 1.
        public var phaseFactors: [ProverStatistics.Phase: Double]

        public init(k: Int, quotientOperationSeconds: Double, permutationCellSeconds: Double,
                    phaseFactors: [ProverStatistics.Phase: Double] = [:]) {
            self.k = k
            self.quotientOperationSeconds = quotientOperationSeconds
            self.permutationCellSeconds = permutationCellSeconds
            self.phaseFactors = phaseFactors
        }

        /// The smallest calibration's figures sit among its backend's prices, its k as "calibration_k"; further
        /// ones are listed with their own "k".
        enum CodingKeys: String, CodingKey {
            case k
            case calibrationK = "calibration_k"
            case quotientOperationSeconds = "quotient_op_s"
            case permutationCellSeconds = "permutation_cell_s"
            case phaseFactors = "phase_factors"
        }

        public init(from decoder: Decoder) throws { try self.init(from: decoder, kKey: .k) }

        init(from decoder: Decoder, kKey: CodingKeys) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            k = try c.decode(Int.self, forKey: kKey)
            quotientOperationSeconds = try c.decode(Double.self, forKey: .quotientOperationSeconds)
            permutationCellSeconds = try c.decode(Double.self, forKey: .permutationCellSeconds)
            phaseFactors = try (c.decodeIfPresent([String: Double].self, forKey: .phaseFactors) ?? [:])
                .byPhase(in: "phase_factors")
            guard (1...40).contains(k) else { throw CostProfileError.invalid("calibration k \(k) is out of range") }
            for (phase, factor) in phaseFactors where !(factor > 0 && factor.isFinite) {
                throw CostProfileError.invalid("phase factor of \(phase.rawValue) is \(factor), not a positive number")
            }
            for (name, value) in [("quotient_op_s", quotientOperationSeconds),
                                  ("permutation_cell_s", permutationCellSeconds)]
            where !(value >= 0 && value.isFinite) {
                throw CostProfileError.invalid("\(name) is \(value), not a time")
            }
        }

        public func encode(to encoder: Encoder) throws { try encode(to: encoder, kKey: .k) }

        func encode(to encoder: Encoder, kKey: CodingKeys) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(k, forKey: kKey)
            try c.encode(quotientOperationSeconds, forKey: .quotientOperationSeconds)
            try c.encode(permutationCellSeconds, forKey: .permutationCellSeconds)
            try c.encode(phaseFactors.byPhaseName, forKey: .phaseFactors)
        }
    }

    /// A calibrated figure at 2^k: linear in k between the calibrated sizes around it, the nearest one's outside.
    func calibrated(k: Int, _ figure: (Calibration) -> Double) -> Double {
        let all = calibrations
        guard let first = all.first, let last = all.last else { preconditionFailure("prices need a calibration proof") }
        if k <= first.k { return figure(first) }
        guard k < last.k, let upper = all.firstIndex(where: { $0.k >= k }), upper > 0 else { return figure(last) }
        let below = all[upper - 1], above = all[upper]
        let t = Double(k - below.k) / Double(above.k - below.k)
        return figure(below) + t * (figure(above) - figure(below))
    }

    /// Seconds per quotient field operation at 2^k.
    public func quotientOperationSeconds(k: Int) -> Double { calibrated(k: k, \.quotientOperationSeconds) }

    /// Seconds per (row, column) of the permutation products at 2^k.
    public func permutationCellSeconds(k: Int) -> Double { calibrated(k: k, \.permutationCellSeconds) }

    /// The calibration factor of `phase` at 2^k (1 where no calibration measured it).
    public func phaseFactor(_ phase: ProverStatistics.Phase, k: Int) -> Double {
        calibrated(k: k) { $0.phaseFactors[phase] ?? 1 }
    }

    public init(
        field: String, curve: String, fieldOperations: FieldOperationPrices, fft: PriceCurve, cosetFFT: PriceCurve,
        msm: PriceCurve, witnessMSM: [Int: PriceCurve], openingBase: PriceCurve, openingPerQuery: PriceCurve,
        lookupTable: PriceCurve, lookupInput: PriceCurve, calibrations: [Calibration]
    ) {
        precondition(!calibrations.isEmpty, "prices need at least one calibration proof")
        self.field = field
        self.curve = curve
        self.fieldOperations = fieldOperations
        self.fft = fft
        self.cosetFFT = cosetFFT
        self.msm = msm
        self.witnessMSM = witnessMSM
        self.openingBase = openingBase
        self.openingPerQuery = openingPerQuery
        self.lookupTable = lookupTable
        self.lookupInput = lookupInput
        self.calibrations = calibrations.sorted { $0.k < $1.k }
    }

    enum CodingKeys: String, CodingKey {
        case field, curve, fft, msm
        case fieldOperations = "field_ops"
        case cosetFFT = "coset_fft"
        case witnessMSM = "witness_msm"
        case openingBase = "opening_base"
        case openingPerQuery = "opening_per_query"
        case lookupTable = "lookup_table"
        case lookupInput = "lookup_input"
        case furtherCalibrations = "further_calibrations"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        field = try c.decode(String.self, forKey: .field)
        curve = try c.decode(String.self, forKey: .curve)
        fieldOperations = try c.decode(FieldOperationPrices.self, forKey: .fieldOperations)
        fft = try c.decode(PriceCurve.self, forKey: .fft)
        cosetFFT = try c.decode(PriceCurve.self, forKey: .cosetFFT)
        msm = try c.decode(PriceCurve.self, forKey: .msm)
        var witness: [Int: PriceCurve] = [:]
        for (key, curve) in try c.decode([String: PriceCurve].self, forKey: .witnessMSM) {
            guard let bits = Int(key), (1...256).contains(bits) else {
                throw CostProfileError.invalid("witness MSM key '\(key)' is not a bit width")
            }
            witness[bits] = curve
        }
        guard !witness.isEmpty else { throw CostProfileError.invalid("no witness MSM prices") }
        witnessMSM = witness
        openingBase = try c.decode(PriceCurve.self, forKey: .openingBase)
        openingPerQuery = try c.decode(PriceCurve.self, forKey: .openingPerQuery)
        lookupTable = try c.decode(PriceCurve.self, forKey: .lookupTable)
        lookupInput = try c.decode(PriceCurve.self, forKey: .lookupInput)
        let first = try Calibration(from: decoder, kKey: .calibrationK)
        let further = try c.decodeIfPresent([Calibration].self, forKey: .furtherCalibrations) ?? []
        calibrations = ([first] + further).sorted { $0.k < $1.k }
        guard Set(calibrations.map(\.k)).count == calibrations.count else {
            throw CostProfileError.invalid("two calibrations at the same k")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(field, forKey: .field)
        try c.encode(curve, forKey: .curve)
        try c.encode(fieldOperations, forKey: .fieldOperations)
        try c.encode(fft, forKey: .fft)
        try c.encode(cosetFFT, forKey: .cosetFFT)
        try c.encode(msm, forKey: .msm)
        try c.encode(Dictionary(uniqueKeysWithValues: witnessMSM.map { (String($0.key), $0.value) }),
                     forKey: .witnessMSM)
        try c.encode(openingBase, forKey: .openingBase)
        try c.encode(openingPerQuery, forKey: .openingPerQuery)
        try c.encode(lookupTable, forKey: .lookupTable)
        try c.encode(lookupInput, forKey: .lookupInput)
        try calibrations[0].encode(to: encoder, kKey: .calibrationK)
        if calibrations.count > 1 { try c.encode(Array(calibrations.dropFirst()), forKey: .furtherCalibrations) }
    }

    /// One MSM over witness values of `bits` bits: interpolated linearly in the bit width between the measured
    /// widths, and between the widest measured one and a full-scalar MSM (taken as 254 bits) above it.
    public func witnessMSMSeconds(k: Int, bits: Int) -> Double {
        let widths = witnessMSM.keys.sorted()
        let full = (bits: 254, seconds: msm.seconds(k: k))
        var anchors = widths.compactMap { width in witnessMSM[width].map { (bits: width, seconds: $0.seconds(k: k)) } }
        if (anchors.last?.bits ?? 0) < full.bits { anchors.append(full) }
        guard let first = anchors.first else { return full.seconds }
        if bits <= first.bits { return first.seconds }
        for (low, high) in zip(anchors, anchors.dropFirst()) where bits <= high.bits {
            let t = Double(bits - low.bits) / Double(high.bits - low.bits)
            return low.seconds + t * (high.seconds - low.seconds)
        }
        return full.seconds
    }
}

/// The machine a profile was measured on.
public struct MachineDescription: Codable, Sendable, Equatable {
    /// The CPU model as /proc/cpuinfo names it ("unknown CPU" where it cannot be read).
    public var cpu: String
    /// Logical processors the system has, and those this process may use.
    public var cores: Int
    public var activeCores: Int
    public var memoryBytes: UInt64
    public var operatingSystem: String

    public init(cpu: String, cores: Int, activeCores: Int, memoryBytes: UInt64, operatingSystem: String) {
        self.cpu = cpu
        self.cores = cores
        self.activeCores = activeCores
        self.memoryBytes = memoryBytes
        self.operatingSystem = operatingSystem
    }

    enum CodingKeys: String, CodingKey {
        case cpu, cores
        case activeCores = "active_cores"
        case memoryBytes = "memory_bytes"
        case operatingSystem = "os"
    }

    /// This machine.
    public static var current: MachineDescription {
        let info = ProcessInfo.processInfo
        return MachineDescription(
            cpu: cpuModel(cpuinfo: (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""),
            cores: info.processorCount, activeCores: info.activeProcessorCount,
            memoryBytes: info.physicalMemory, operatingSystem: info.operatingSystemVersionString)
    }

    /// The first "model name" line of a /proc/cpuinfo text, whitespace collapsed.
    static func cpuModel(cpuinfo: String) -> String {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("model name") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[line.index(after: colon)...].split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if !name.isEmpty { return name }
        }
        return "unknown CPU"
    }

    /// A file name for this machine's profile: the CPU model's words in lower case, joined by hyphens, without
    /// trademark marks and filler words, then the core count ("amd-epyc-7b13-64-core-2-cores").
    public var profileName: String {
        let filler: Set<String> = ["r", "tm", "cpu", "processor", "with"]
        let words = cpu.lowercased().split { !(("a"..."z").contains($0) || ("0"..."9").contains($0)) }
            .map(String.init).filter { !filler.contains($0) }
        return (words.isEmpty ? "machine" : words.joined(separator: "-")) + "-\(activeCores)-cores"
    }
}

/// A hardware profile: the prices `CostEstimator` charges for a proof's operations on one machine.
public struct CostProfile: Codable, Sendable, Equatable {
    public static let formatName = "zkml-cost-profile"
    public static let formatVersion = 1

    public var zkmlVersion: String
    /// When it was measured, ISO 8601.
    public var date: String
    public var machine: MachineDescription
    /// Threads the measured MSMs, FFTs and proofs used.
    public var threads: Int
    /// The k range measured (prices beyond it are extrapolated by the fits).
    public var kMin: Int
    public var kMax: Int
    /// The system's load average (1 minute) when measurement began, a hint of how busy the machine was.
    public var loadAverage: Double?
    /// The share of the machine's CPU time the hypervisor withheld while measuring (see `HostCPUTimes`): prices
    /// taken under a large share are too high.
    public var stolenShare: Double?
    public var backends: [ProvingBackend: BackendPrices]

    public init(zkmlVersion: String, date: String, machine: MachineDescription, threads: Int, kMin: Int, kMax: Int,
                loadAverage: Double?, stolenShare: Double? = nil, backends: [ProvingBackend: BackendPrices]) {
        self.zkmlVersion = zkmlVersion
        self.date = date
        self.machine = machine
        self.threads = threads
        self.kMin = kMin
        self.kMax = kMax
        self.loadAverage = loadAverage
        self.stolenShare = stolenShare
        self.backends = backends
    }

    enum CodingKeys: String, CodingKey {
        case format, version, date, machine, threads, backends
        case zkmlVersion = "zkml_version"
        case kMin = "k_min"
        case kMax = "k_max"
        case loadAverage = "load_average"
        case stolenShare = "stolen_share"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        guard format == Self.formatName else { throw CostProfileError.invalid("format is '\(format)', not a cost profile") }
        let version = try c.decode(Int.self, forKey: .version)
        guard version == Self.formatVersion else { throw CostProfileError.invalid("unsupported version \(version)") }
        zkmlVersion = try c.decode(String.self, forKey: .zkmlVersion)
        date = try c.decode(String.self, forKey: .date)
        machine = try c.decode(MachineDescription.self, forKey: .machine)
        threads = try c.decode(Int.self, forKey: .threads)
        kMin = try c.decode(Int.self, forKey: .kMin)
        kMax = try c.decode(Int.self, forKey: .kMax)
        loadAverage = try c.decodeIfPresent(Double.self, forKey: .loadAverage)
        stolenShare = try c.decodeIfPresent(Double.self, forKey: .stolenShare)
        var backends: [ProvingBackend: BackendPrices] = [:]
        for (name, prices) in try c.decode([String: BackendPrices].self, forKey: .backends) {
            guard let backend = ProvingBackend(rawValue: name) else {
                throw CostProfileError.invalid("unknown backend '\(name)'")
            }
            backends[backend] = prices
        }
        guard !backends.isEmpty else { throw CostProfileError.invalid("no backend prices") }
        self.backends = backends
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.formatName, forKey: .format)
        try c.encode(Self.formatVersion, forKey: .version)
        try c.encode(zkmlVersion, forKey: .zkmlVersion)
        try c.encode(date, forKey: .date)
        try c.encode(machine, forKey: .machine)
        try c.encode(threads, forKey: .threads)
        try c.encode(kMin, forKey: .kMin)
        try c.encode(kMax, forKey: .kMax)
        try c.encodeIfPresent(loadAverage, forKey: .loadAverage)
        try c.encodeIfPresent(stolenShare, forKey: .stolenShare)
        try c.encode(Dictionary(uniqueKeysWithValues: backends.map { ($0.key.rawValue, $0.value) }),
                     forKey: .backends)
    }

    /// The prices for one backend.
    public func prices(_ backend: ProvingBackend) throws -> BackendPrices {
        guard let prices = backends[backend] else { throw CostProfileError.missingBackend(backend) }
        return prices
    }
}

extension CostProfile {
    /// The profile as pretty-printed JSON with sorted keys (stable diffs for committed profiles).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    public init(jsonData: Data) throws {
        self = try JSONDecoder().decode(CostProfile.self, from: jsonData)
    }

    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CostProfileError.file(path: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        do {
            try self.init(jsonData: data)
        } catch let error as CostProfileError {
            throw CostProfileError.file(path: url.path, reason: error.description)
        } catch let error as DecodingError {
            throw CostProfileError.file(path: url.path, reason: Self.describe(error))
        }
    }

    /// Writes the profile so that a reader never sees half a file: into a temporary file beside the target,
    /// then renamed over it.
    public func write(to url: URL) throws {
        let data = try jsonData() + Data("\n".utf8)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw CostProfileError.file(path: url.path, reason: "cannot rename into place: \(reason)")
            }
        } catch let error as CostProfileError {
            throw error
        } catch {
            throw CostProfileError.file(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// One line naming the key path and the problem.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context): return "missing key '\(key.stringValue)' at \(path(context))"
        case let .typeMismatch(_, context), let .valueNotFound(_, context):
            return "wrong type at \(path(context))"
        case let .dataCorrupted(context):
            return "\(context.debugDescription.split(separator: "\n").first ?? "corrupt data") at \(path(context))"
        @unknown default: return "undecodable JSON"
        }
    }
}

extension Dictionary where Key == String, Value == Double {
    /// The same values keyed by prover phase, as files store them (`byPhaseName` reversed); a name that is no
    /// phase is an error naming `place`.
    func byPhase(in place: String) throws -> [ProverStatistics.Phase: Double] {
        try reduce(into: [:]) { result, entry in
            guard let phase = ProverStatistics.Phase(rawValue: entry.key) else {
                throw CostProfileError.invalid("unknown prover phase '\(entry.key)' in \(place)")
            }
            result[phase] = entry.value
        }
    }
}
