import Foundation
@testable import Optimizer
import Plonkish
import Testing

struct PriceCurveTests {
    @Test("a fit recovers the coefficients of exact n·log n and n/log n + b data, and extrapolates along them")
    func fitsRecoverTheLaw() throws {
        let fft = try PriceCurve(law: .nLogN, measured: Dictionary(uniqueKeysWithValues: (10...14).map {
            ($0, 3e-9 * Double(1 << $0) * Double($0))
        }))
        #expect(abs(fft.a / 3e-9 - 1) < 1e-9)
        #expect(abs(fft.b) < 1e-12)
        // Beyond the measured range the price follows the law from the last measurement: 2^20·20·3 ns.
        #expect(abs(fft.seconds(k: 20) / (3e-9 * Double(1 << 20) * 20) - 1) < 1e-9)
        #expect(abs(fft.seconds(k: 6) / (3e-9 * 64 * 6) - 1) < 1e-9)

        let msm = try PriceCurve(law: .nOverLogN, measured: Dictionary(uniqueKeysWithValues: [10, 12, 14, 16].map {
            ($0, 2e-6 * Double(1 << $0) / Double($0) + 1e-3)
        }))
        #expect(abs(msm.a / 2e-6 - 1) < 1e-6)
        #expect(abs(msm.b / 1e-3 - 1) < 1e-6)
        // 2^18 is a gap in nothing here: past the last size, a·2^18/18 + b.
        #expect(abs(msm.seconds(k: 18) / (2e-6 * Double(1 << 18) / 18 + 1e-3) - 1) < 1e-9)
        // Below the first size the constant does not carry down: 2^5 costs 2^10's price scaled by (32/5)/(1024/10).
        #expect(abs(msm.seconds(k: 5) / (msm.seconds(k: 10) * (32.0 / 5) / (1024.0 / 10)) - 1) < 1e-9)
    }

    @Test("prices equal the measurements where measured, interpolate between, and never fall as k grows")
    func interpolationIsMonotone() throws {
        let measured: [Int: Double] = [8: 0.001, 10: 0.005, 12: 0.018, 14: 0.080, 16: 0.300]
        let curve = try PriceCurve(law: .nOverLogN, measured: measured)
        for (k, seconds) in measured { #expect(curve.seconds(k: k) == seconds) }
        // Geometric interpolation: at 11, the geometric mean of the neighbours.
        #expect(abs(curve.seconds(k: 11) - (0.005 * 0.018).squareRoot()) < 1e-12)
        let prices = (2...26).map { curve.seconds(k: $0) }
        #expect(zip(prices, prices.dropFirst()).allSatisfy { $0 < $1 })

        // A noisy, non-monotone measurement (the machine was busy at 12): still nondecreasing, and the pooled
        // values are the mean of the violators.
        let noisy = try PriceCurve(law: .linear, measured: [10: 0.004, 11: 0.010, 12: 0.006, 13: 0.020])
        let noisyPrices = (6...20).map { noisy.seconds(k: $0) }
        #expect(zip(noisyPrices, noisyPrices.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(abs(noisy.seconds(k: 11) - 0.008) < 1e-12 && abs(noisy.seconds(k: 12) - 0.008) < 1e-12)
    }

    @Test("a fit with a negative constant still extrapolates downward monotonically and positively")
    func negativeConstant() throws {
        let curve = try PriceCurve(law: .nOverLogN, measured: [12: 0.010, 14: 0.050, 16: 0.200])
        #expect(curve.b < 0)
        // From k = 3 on: n/log n is 2 at both k = 1 and k = 2.
        let prices = (3...24).map { curve.seconds(k: $0) }
        #expect(prices.allSatisfy { $0 > 0 })
        #expect(zip(prices, prices.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test("witness MSM prices interpolate in the bit width, up to a full MSM at 254 bits")
    func witnessBits() throws {
        let prices = try CostModelFixtures.syntheticPrices()
        let k = 12
        let eight = prices.witnessMSMSeconds(k: k, bits: 8), sixteen = prices.witnessMSMSeconds(k: k, bits: 16)
        #expect(abs(prices.witnessMSMSeconds(k: k, bits: 12) - (eight + sixteen) / 2) < 1e-15)
        #expect(prices.witnessMSMSeconds(k: k, bits: 4) == eight)
        #expect(prices.witnessMSMSeconds(k: k, bits: 254) == prices.msm.seconds(k: k))
        let widths = (1...254).map { prices.witnessMSMSeconds(k: k, bits: $0) }
        #expect(zip(widths, widths.dropFirst()).allSatisfy { $0 <= $1 })
    }
}

struct CostProfileTests {
    @Test("a profile survives JSON and back unchanged, with the documented keys")
    func roundTrip() throws {
        let profile = try CostModelFixtures.syntheticProfile()
        let data = try profile.jsonData()
        #expect(try CostProfile(jsonData: data) == profile)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["format"] as? String == "zkml-cost-profile")
        for key in ["version", "zkml_version", "date", "machine", "threads", "k_min", "k_max", "backends"] {
            #expect(object[key] != nil, "\(key)")
        }
        let kzg = try #require((object["backends"] as? [String: Any])?["kzg"] as? [String: Any])
        for key in ["fft", "coset_fft", "msm", "witness_msm", "opening_base", "opening_per_query", "lookup_table",
                    "lookup_input", "field_ops", "quotient_op_s", "permutation_cell_s"] {
            #expect(kzg[key] != nil, "\(key)")
        }
        let fft = try #require(kzg["fft"] as? [String: Any])
        #expect((fft["seconds"] as? [String: Double])?.keys.sorted() == ["10", "12", "14"])
        #expect(fft["law"] as? String == "n_log_n")
    }

    @Test("every profile shipped in cost-profiles/ decodes, covers both backends and prices sizes past its range")
    func shippedProfiles() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("cost-profiles")
        let files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
        #expect(!files.isEmpty)
        for url in files {
            let profile = try CostProfile(contentsOf: url)
            #expect(Set(profile.backends.keys) == Set(ProvingBackend.allCases), "\(url.lastPathComponent)")
            #expect(url.lastPathComponent == profile.machine.profileName + ".json")
            for prices in profile.backends.values {
                for curve in [prices.fft, prices.cosetFFT, prices.msm, prices.openingBase, prices.openingPerQuery] {
                    let seconds = (profile.kMin...(profile.kMax + 4)).map { curve.seconds(k: $0) }
                    #expect(zip(seconds, seconds.dropFirst()).allSatisfy { $0 <= $1 })
                }
            }
        }
    }

    @Test("writing replaces the file whole, and a damaged profile is refused with a one-line reason")
    func writeAndReject() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkml-cost-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("profile.json")
        let profile = try CostModelFixtures.syntheticProfile()
        try Data("old".utf8).write(to: url)
        try profile.write(to: url)
        #expect(try CostProfile(contentsOf: url) == profile)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["profile.json"])

        var text = String(decoding: try profile.jsonData(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"n_log_n\"", with: "\"n_cubed\"")
        try Data(text.utf8).write(to: url)
        do {
            _ = try CostProfile(contentsOf: url)
            Issue.record("a profile with an unknown growth law was accepted")
        } catch let error as CostProfileError {
            #expect(!error.description.contains("\n"))
            #expect(error.description.contains("profile.json"))
        }
        #expect(throws: CostProfileError.self) {
            try CostProfile(jsonData: Data(#"{"format": "something else", "version": 1}"#.utf8))
        }

        // Phase names: an unknown one is refused by name, in a profile's factors and in an estimate's breakdown.
        let good = String(decoding: try profile.jsonData(), as: UTF8.self)
        #expect(good.contains("\"phase_factors\" : {"))
        let unknownFactor = good.replacingOccurrences(of: "\"phase_factors\" : {", with: "\"phase_factors\" : {\"warp\": 1,")
        #expect { try CostProfile(jsonData: Data(unknownFactor.utf8)) } throws: { error in
            "\(error)".contains("unknown prover phase 'warp' in phase_factors")
        }
        let estimate = CostEstimate(provingSeconds: 1, breakdown: [.fft: 0.5, .msm: 0.5], proofBytes: 10, peakMemoryBytes: 20)
        let estimateText = String(decoding: try JSONEncoder().encode(estimate), as: UTF8.self)
        #expect(try JSONDecoder().decode(CostEstimate.self, from: Data(estimateText.utf8)).breakdown == estimate.breakdown)
        let unknownPhase = estimateText.replacingOccurrences(of: "\"fft\"", with: "\"warp\"")
        #expect { try JSONDecoder().decode(CostEstimate.self, from: Data(unknownPhase.utf8)) } throws: { error in
            "\(error)".contains("unknown prover phase 'warp' in a cost estimate")
        }
    }

    @Test("calibrations at two sizes: figures interpolated linearly in k between them, the nearest outside")
    func calibrationsBySize() throws {
        var prices = try CostModelFixtures.syntheticPrices()
        prices.calibrations.append(BackendPrices.Calibration(
            k: 16, quotientOperationSeconds: 4e-8, permutationCellSeconds: 3e-7, phaseFactors: [.fft: 1, .msm: 0.5]))
        #expect(prices.calibrations.map(\.k) == [12, 16])
        #expect(prices.quotientOperationSeconds(k: 10) == 2e-8)
        #expect(abs(prices.quotientOperationSeconds(k: 14) - 3e-8) < 1e-20)
        #expect(prices.quotientOperationSeconds(k: 20) == 4e-8)
        #expect(abs(prices.permutationCellSeconds(k: 13) - 1.5e-7) < 1e-20)
        #expect(prices.phaseFactor(.fft, k: 12) == 2)
        #expect(prices.phaseFactor(.fft, k: 15) == 1.25)
        // A phase one calibration did not measure counts 1 there.
        #expect(prices.phaseFactor(.msm, k: 14) == 0.75)
        #expect(prices.phaseFactor(.lookup, k: 16) == 1)

        var profile = try CostModelFixtures.syntheticProfile()
        profile.backends[.kzg] = prices
        let text = String(decoding: try profile.jsonData(), as: UTF8.self)
        #expect(try CostProfile(jsonData: Data(text.utf8)) == profile)
        let twice = text.replacingOccurrences(of: "\"k\" : 16", with: "\"k\" : 12")
        #expect(twice != text)
        #expect { try CostProfile(jsonData: Data(twice.utf8)) } throws: { "\($0)".contains("two calibrations at the same k") }
    }

    @Test("rounds of a hardware benchmark keep each price's fastest measurement")
    func fastestOfRounds() {
        let first = FieldOperationPrices(multiplyNanoseconds: 30, addNanoseconds: 5, inverseNanoseconds: 0)
        let second = FieldOperationPrices(multiplyNanoseconds: 40, addNanoseconds: 4, inverseNanoseconds: 6000)
        #expect(first.faster(second) == FieldOperationPrices(multiplyNanoseconds: 30, addNanoseconds: 4,
                                                             inverseNanoseconds: 6000))
        var times: [Int: Double] = [12: 0.5]
        HardwareBenchmark.keepFaster(&times, 12, 0.7)
        HardwareBenchmark.keepFaster(&times, 14, 0.9)
        HardwareBenchmark.keepFaster(&times, 14, 0.8)
        #expect(times == [12: 0.5, 14: 0.8])
    }

    @Test("the hypervisor's stolen share is read from /proc/stat and kept in the profile")
    func stolenShare() throws {
        // Two readings of a 2-CPU virtual machine, 2 s apart: 250 busy ticks, 50 idle, 100 stolen.
        let before = try #require(HostCPUTimes.parse(procStat: """
            cpu  11812985 4 258384 4084662 9595 0 7585 703759 0 0
            cpu0 5906492 2 129192 2042331 4797 0 3792 351879 0 0
            intr 123 0
            """))
        #expect(before == HostCPUTimes(busy: 11812985 + 4 + 258384 + 7585, idle: 4084662 + 9595, stolen: 703759))
        let after = HostCPUTimes(busy: before.busy + 250, idle: before.idle + 50, stolen: before.stolen + 100)
        #expect(HostCPUTimes.stolenShare(from: before, to: after) == 0.25)
        #expect(HostCPUTimes.stolenShare(from: before, to: before) == nil)
        #expect(HostCPUTimes.stolenShare(from: after, to: before) == nil)
        // Kernels before 2.6.11 have no steal column; a text without an aggregate line is not a reading.
        #expect(HostCPUTimes.parse(procStat: "cpu  10 0 5 100\n")?.stolen == 0)
        #expect(HostCPUTimes.parse(procStat: "cpu0 10 0 5 100 0 0 0 7\n") == nil)

        var profile = try CostModelFixtures.syntheticProfile()
        profile.stolenShare = 0.125
        #expect(try CostProfile(jsonData: try profile.jsonData()).stolenShare == 0.125)
    }

    @Test("profiles are named after the CPU model and cores, and the closest profile is chosen")
    func naming() throws {
        let cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13 64-Core Processor\n"
        #expect(MachineDescription.cpuModel(cpuinfo: cpuinfo) == "AMD EPYC 7B13 64-Core Processor")
        #expect(MachineDescription.cpuModel(cpuinfo: "") == "unknown CPU")
        #expect(MachineDescription(cpu: "AMD EPYC 7B13 64-Core Processor", cores: 4, activeCores: 2, memoryBytes: 0,
                                   operatingSystem: "").profileName == "amd-epyc-7b13-64-core-2-cores")
        let machine = MachineDescription(cpu: "Intel(R) Xeon(R) CPU @ 2.20GHz", cores: 2, activeCores: 2,
                                         memoryBytes: 1 << 33, operatingSystem: "Linux")
        #expect(machine.profileName == "intel-xeon-2-20ghz-2-cores")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zkml-profiles-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var far = try CostModelFixtures.syntheticProfile()
        far.machine = MachineDescription(cpu: "Other", cores: 64, activeCores: 64, memoryBytes: 1, operatingSystem: "")
        var near = far
        near.machine = MachineDescription(cpu: machine.cpu, cores: 8, activeCores: 8, memoryBytes: 1, operatingSystem: "")
        try far.write(to: directory.appendingPathComponent("far.json"))
        try near.write(to: directory.appendingPathComponent("near.json"))
        #expect(CostProfile.bestMatch(for: machine, in: directory)?.url.lastPathComponent == "near.json")
        try near.write(to: directory.appendingPathComponent(machine.profileName + ".json"))
        #expect(CostProfile.bestMatch(for: machine, in: directory)?.url.lastPathComponent
                == machine.profileName + ".json")
    }
}

struct CostEstimatorTests {
    /// Proves a circuit and compares the proof's length with the size model's.
    func checkProofSize<S: CommitmentScheme, C: Circuit>(
        _ params: S, _ circuit: C, k: Int, instances: [[S.Scalar]], backend: ProvingBackend, label: String
    ) throws where C.Field == S.Scalar {
        let pk = try Keygen.provingKey(params: params, circuit: circuit, k: k)
        let proof = try Prover.prove(provingKey: pk, circuit: circuit, instances: instances)
        let summary = ProofShapeSummary(shape: pk.shape, commitsInstances: S.commitsInstances)
        #expect(ProofSizeModel.bytes(summary, backend: backend) == proof.count, "\(label) (\(backend.rawValue))")
    }

    @Test("the estimated proof size is the real proof's size, for both backends")
    func proofSizeIsExact() throws {
        let kzg = KZGParameters(insecureSeed: Array("cost model".utf8), k: 9)
        let variety = CostModelTestCircuit<BN254Fr>(rows: 300)
        try checkProofSize(kzg, variety, k: 9, instances: variety.instances, backend: .kzg, label: "variety")
        for degree in [3, 5] {
            try checkProofSize(try kzg.downsized(toK: 7), BenchmarkCircuit<BN254Fr>(k: 7, columns: 5, minimumDegree: degree),
                               k: 7, instances: [], backend: .kzg, label: "benchmark, degree \(degree)")
            try checkProofSize(IPAParameters(k: 7), BenchmarkCircuit<PastaFp>(k: 7, columns: 5, minimumDegree: degree),
                               k: 7, instances: [], backend: .ipa, label: "benchmark, degree \(degree)")
        }
        let pastaVariety = CostModelTestCircuit<PastaFp>(rows: 300)
        try checkProofSize(IPAParameters(k: 9), pastaVariety, k: 9, instances: pastaVariety.instances,
                           backend: .ipa, label: "variety")
    }

    @Test("the breakdown adds up, and weights for the cheapest degree are the estimator's own prices")
    func breakdownAndWeights() throws {
        let profile = try CostModelFixtures.syntheticProfile()
        let estimator = try CostEstimator(profile: profile, backend: .kzg)
        var cs = ConstraintSystem<BN254Fr>()
        _ = BenchmarkCircuit<BN254Fr>(k: 12, columns: 10).configure(&cs)
        let estimate = try estimator.estimate(cs, k: 12, witnessBits: 16)
        #expect(abs(estimate.breakdown.values.reduce(0, +) - estimate.provingSeconds) < 1e-12)
        #expect(Set(estimate.breakdown.keys) == Set(ProverStatistics.Phase.allCases))
        #expect(estimate.breakdown.values.allSatisfy { $0 > 0 })
        // Calibration factors scale their phases only.
        let summary = try ProofShapeSummary(cs, k: 12, backend: .kzg)
        let priced = estimator.operationSeconds(summary, witnessBits: 16)
        #expect(estimate.breakdown[.fft] == 2 * (priced[.fft] ?? 0))
        #expect(estimate.breakdown[.lookup] == 3 * (priced[.lookup] ?? 0))
        #expect(estimate.breakdown[.msm] == priced[.msm])

        let weights = try ProverCostWeights(profile: profile, backend: .kzg, k: 12, witnessBits: 16)
        let prices = try profile.prices(.kzg)
        #expect(weights.fft == 2 * prices.fft.seconds(k: 12))
        #expect(weights.fullMSM == prices.msm.seconds(k: 12))
        #expect(weights.witnessMSM == prices.witnessMSMSeconds(k: 12, bits: 16))
        #expect(weights.fieldOperation == prices.quotientOperationSeconds(k: 12))
        let degree = try ProtocolShape.cheapestDegree(cs, k: 12, commitsInstances: false) { $0.cost(weights) }
        #expect((3...9).contains(degree))
        #expect(try CostEstimator(profile: profile, backend: .ipa).estimate(cs, k: 12, witnessBits: 16).proofBytes
                > estimate.proofBytes)
    }

    @Test("repeating values: products price by their copied rows, helpers by their inputs; IPA prices them full")
    func repeatedValueCommitments() throws {
        let profile = try CostModelFixtures.syntheticProfile()
        let kzg = try CostEstimator(profile: profile, backend: .kzg)
        let ipa = try CostEstimator(profile: profile, backend: .ipa)
        var cs = ConstraintSystem<BN254Fr>()
        _ = BenchmarkCircuit<BN254Fr>(k: 12, columns: 10).configure(&cs)
        var summary = try ProofShapeSummary(cs, k: 12, backend: .kzg)
        let rows = Double(summary.usableRows)
        #expect(summary.permutationProductDistinctValues == summary.permutationChunks.map { _ in rows })
        // The busiest column of each chunk stands for it; a product never holds more values than rows.
        var copied: [Column: Int] = [:]
        for (c, chunk) in summary.permutationChunks.enumerated() {
            for (i, column) in chunk.enumerated() { copied[column] = c == 0 ? 100_000 : 10 * (c + 1) + i }
        }
        summary.copiedCellsByColumn = copied
        let expected = summary.permutationChunks.enumerated().map { c, chunk in
            c == 0 ? rows : Double(1 + 10 * (c + 1) + chunk.count - 1)
        }
        #expect(summary.permutationProductDistinctValues == expected)

        let full = kzg.lagrangeCommitmentSeconds(k: 12)
        #expect(kzg.repeatedValueCommitmentSeconds(k: 12, distinctValues: rows) == full)
        #expect(kzg.repeatedValueCommitmentSeconds(k: 12, distinctValues: 256) < full / 2)
        #expect(ipa.repeatedValueCommitmentSeconds(k: 12, distinctValues: 256) == ipa.lagrangeCommitmentSeconds(k: 12))
        let known = try kzg.estimate(cs, k: 12, witnessBits: 8, copiedCells: copied)
        let unknown = try kzg.estimate(cs, k: 12, witnessBits: 8)
        #expect((known.breakdown[.msm] ?? 0) < (unknown.breakdown[.msm] ?? 0))
        #expect(known.breakdown[.fft] == unknown.breakdown[.fft])
        let ipaKnown = try ipa.estimate(cs, k: 12, witnessBits: 8, copiedCells: copied)
        #expect(ipaKnown.breakdown[.msm] == (try ipa.estimate(cs, k: 12, witnessBits: 8)).breakdown[.msm])

        // Helpers: with 16-bit values a helper holds any of 2^16 values, but no more than one per lookup plus the
        // one of rows without lookups.
        let wide = try kzg.estimate(cs, k: 12, witnessBits: 16)
        let fewLookups = try kzg.estimate(cs, k: 12, witnessBits: 16, lookups: 100)
        let manyLookups = try kzg.estimate(cs, k: 12, witnessBits: 16, lookups: 1 << 20)
        #expect((fewLookups.breakdown[.msm] ?? 0) < (wide.breakdown[.msm] ?? 0))
        #expect(manyLookups.breakdown[.msm] == wide.breakdown[.msm])
        #expect(fewLookups.breakdown[.fft] == wide.breakdown[.fft])
        #expect((try ipa.estimate(cs, k: 12, witnessBits: 16, lookups: 100)).breakdown[.msm]
                == (try ipa.estimate(cs, k: 12, witnessBits: 16)).breakdown[.msm])

        // A helper sees only its own inputs' lookups: three inputs sharing 300 lookups give each helper 100 of
        // them (101 values with the rows without one), not 300.
        var three = ConstraintSystem<BN254Fr>()
        _ = CostModelTestCircuit<BN254Fr>(rows: 64).configure(&three)
        let helpers = try ProofShapeSummary(three, k: 12, backend: .kzg).lookupHelperInputs
        #expect(helpers.reduce(0, +) == 3)
        let spread = helpers.reduce(0) { total, inputs in
            total + kzg.repeatedValueCommitmentSeconds(k: 12, distinctValues: Double(100 * inputs + 1))
                - kzg.repeatedValueCommitmentSeconds(k: 12, distinctValues: 1)
        }
        let lookups300 = try kzg.estimate(three, k: 12, witnessBits: 16, lookups: 300).breakdown[.msm] ?? 0
        let lookups0 = try kzg.estimate(three, k: 12, witnessBits: 16, lookups: 0).breakdown[.msm] ?? 0
        let factor = profile.backends[.kzg]?.phaseFactor(.msm, k: 12) ?? 1
        #expect(abs((lookups300 - lookups0) - spread * factor) < 1e-12)
    }

    @Test("advice columns price by their placed cells: fewer cells cost less, a full grid costs the full price")
    func sparseAdviceCommitments() throws {
        let profile = try CostModelFixtures.syntheticProfile()
        let kzg = try CostEstimator(profile: profile, backend: .kzg)
        let ipa = try CostEstimator(profile: profile, backend: .ipa)
        let full = kzg.witnessCommitmentSeconds(k: 12, witnessBits: 8)
        let prices = [1.0, 100, 1000, 1500, 2048, 3000, 4095].map {
            kzg.sparseWitnessCommitmentSeconds(k: 12, witnessBits: 8, filledCells: $0)
        }
        #expect(zip(prices, prices.dropFirst()).allSatisfy { $0 <= $1 } && prices.allSatisfy { $0 <= full })
        #expect(prices[3] > prices[2] && prices[3] < prices[4])  // between the powers of two around it
        #expect(kzg.sparseWitnessCommitmentSeconds(k: 12, witnessBits: 8, filledCells: 4096) == full)
        #expect(ipa.sparseWitnessCommitmentSeconds(k: 12, witnessBits: 8, filledCells: 100)
                == ipa.witnessCommitmentSeconds(k: 12, witnessBits: 8))

        var cs = ConstraintSystem<BN254Fr>()
        _ = BenchmarkCircuit<BN254Fr>(k: 12, columns: 10).configure(&cs)
        let rows = try ProofShapeSummary(cs, k: 12, backend: .kzg).usableRows
        let unknown = try kzg.estimate(cs, k: 12, witnessBits: 8)
        let filled = try kzg.estimate(cs, k: 12, witnessBits: 8, assignedAdviceCells: 10 * rows)
        let tenth = try kzg.estimate(cs, k: 12, witnessBits: 8, assignedAdviceCells: rows)
        #expect(abs((filled.breakdown[.msm] ?? 0) - (unknown.breakdown[.msm] ?? 0)) < 0.01 * (unknown.breakdown[.msm] ?? 1))
        #expect((tenth.breakdown[.msm] ?? 0) < (filled.breakdown[.msm] ?? 0))
        #expect(tenth.breakdown[.fft] == unknown.breakdown[.fft])
        let ipaTenth = try ipa.estimate(cs, k: 12, witnessBits: 8, assignedAdviceCells: rows)
        #expect(ipaTenth.breakdown[.msm] == (try ipa.estimate(cs, k: 12, witnessBits: 8)).breakdown[.msm])
    }

    @Test("the calibration proof reads each column's copied cells off σ: BenchmarkCircuit copies columns 0 and 9")
    func copiedCellsFromSigma() throws {
        let k = 7
        let circuit = BenchmarkCircuit<BN254Fr>(k: k, columns: 10)
        let pk = try Keygen.provingKey(params: KZGParameters(insecureSeed: [3], k: k), circuit: circuit, k: k)
        let copied = pk.copiedCellsByColumn
        let u = pk.shape.usableRows
        let columns = pk.shape.constraintSystem.equalityColumns
        #expect(copied.count == columns.count)
        for (j, column) in columns.enumerated() {
            #expect(copied[column] == (j == 0 || j == 9 ? u - 1 : 0), "\(column)")
        }
    }

    @Test("estimated memory grows with columns and with k")
    func memoryGrows() throws {
        let estimator = try CostEstimator(profile: try CostModelFixtures.syntheticProfile(), backend: .kzg)
        func memory(k: Int, columns: Int) throws -> Int {
            var cs = ConstraintSystem<BN254Fr>()
            _ = BenchmarkCircuit<BN254Fr>(k: k, columns: columns).configure(&cs)
            return try estimator.estimate(cs, k: k, witnessBits: 16).peakMemoryBytes
        }
        #expect(try memory(k: 10, columns: 4) < memory(k: 10, columns: 16))
        #expect(try memory(k: 10, columns: 8) < memory(k: 12, columns: 8))
        // At least the parameters and one column's values and coefficients.
        #expect(try memory(k: 10, columns: 4) > 2 * 1024 * 64 + 4 * 2 * 1024 * 32)
    }

    @Test("with a tiny profile measured here, estimated time ranks clearly different circuits correctly")
    func ranksCircuits() throws {
        var options = HardwareBenchmarkOptions(kMin: 8, kMax: 10, backends: [.kzg])
        options.runs = 1
        options.rounds = 2
        options.calibrationK = 8
        var phases: [String] = []
        let profile = try HardwareBenchmark.measure(options, zkmlVersion: "test") { phases.append($0.phase) }
        // Measurements repeat in every round; the points are made once.
        #expect(phases.filter { $0.hasPrefix("kzg: MSM 2^9") } == ["kzg: MSM 2^9 (round 1 of 2)", "kzg: MSM 2^9 (round 2 of 2)"])
        #expect(phases.filter { $0.contains("points for MSMs") }.count == 1)
        #expect(phases.last == "done")
        let prices = try profile.prices(.kzg)
        #expect(prices.fft.measured.keys.sorted() == [8, 9, 10])
        #expect(prices.calibrations.allSatisfy { $0.quotientOperationSeconds > 0 && $0.permutationCellSeconds > 0 })
        #expect(prices.calibrations.allSatisfy { Set($0.phaseFactors.keys) == [.msm, .fft, .lookup, .opening] })
        #expect(prices.calibrations.map(\.k) == [8, 10])
        let estimator = try CostEstimator(profile: profile, backend: .kzg)
        func seconds(k: Int, columns: Int) throws -> Double {
            var cs = ConstraintSystem<BN254Fr>()
            _ = BenchmarkCircuit<BN254Fr>(k: k, columns: columns).configure(&cs)
            return try estimator.estimate(cs, k: k, witnessBits: 8).provingSeconds
        }
        #expect(try seconds(k: 8, columns: 10) < seconds(k: 10, columns: 10))
        #expect(try seconds(k: 10, columns: 4) < seconds(k: 10, columns: 16))
        // Beyond the measured range the fits take over, still ranking by size.
        #expect(try seconds(k: 10, columns: 10) < seconds(k: 14, columns: 10))
    }
}

/// Profiles built from formulas, for tests that must not depend on this machine's speed.
enum CostModelFixtures {
    static func curve(_ law: PriceCurve.GrowthLaw, _ a: Double, _ b: Double = 0, ks: [Int] = [10, 12, 14]) throws
        -> PriceCurve {
        try PriceCurve(law: law, measured: Dictionary(uniqueKeysWithValues: ks.map { ($0, a * law.term(k: $0) + b) }))
    }

    static func syntheticPrices(scale: Double = 1) throws -> BackendPrices {
        BackendPrices(
            field: "BN254 Fr", curve: "BN254 G1",
            fieldOperations: FieldOperationPrices(multiplyNanoseconds: 30 * scale, addNanoseconds: 5 * scale,
                                                  inverseNanoseconds: 5000 * scale),
            fft: try curve(.nLogN, 5e-9 * scale), cosetFFT: try curve(.nLogN, 6e-9 * scale),
            msm: try curve(.nOverLogN, 4e-6 * scale, 1e-4),
            witnessMSM: [8: try curve(.nOverLogN, 3e-7 * scale), 16: try curve(.nOverLogN, 6e-7 * scale),
                         24: try curve(.nOverLogN, 9e-7 * scale)],
            openingBase: try curve(.nOverLogN, 8e-6 * scale), openingPerQuery: try curve(.linear, 4e-8 * scale),
            lookupTable: try curve(.linear, 2e-7 * scale), lookupInput: try curve(.linear, 3e-7 * scale),
            calibrations: [BackendPrices.Calibration(k: 12, quotientOperationSeconds: 2e-8 * scale,
                                                     permutationCellSeconds: 1e-7 * scale,
                                                     phaseFactors: [.fft: 2, .lookup: 3])])
    }

    static func syntheticProfile() throws -> CostProfile {
        var ipa = try syntheticPrices(scale: 1.5)
        ipa.field = "Pasta Fp"
        ipa.curve = "Vesta"
        return CostProfile(
            zkmlVersion: "0.1.0", date: "2025-01-01T00:00:00Z",
            machine: MachineDescription(cpu: "Test CPU", cores: 2, activeCores: 2, memoryBytes: 1 << 33,
                                        operatingSystem: "Linux"),
            threads: 2, kMin: 10, kMax: 14, loadAverage: 0.5,
            backends: [.kzg: try syntheticPrices(), .ipa: ipa])
    }
}
