@testable import Plonkish
import Testing

struct ProverWorkloadTests {
    /// What the instrumented prover did, against the workload counted from the shape alone.
    func checkCounts<S: CommitmentScheme, C: Circuit>(
        _ params: S, _ circuit: C, k: Int, instances: [[S.Scalar]], label: String
    ) throws where C.Field == S.Scalar {
        let pk = try Keygen.provingKey(params: params, circuit: circuit, k: k)
        let statistics = ProverStatistics()
        _ = try Prover.prove(provingKey: pk, circuit: circuit, instances: instances, statistics: statistics)
        let workload = ProverWorkload(shape: pk.shape, commitsInstances: S.commitsInstances)
        #expect(statistics.msmCounts == [k: workload.commitments], "\(label): MSMs")
        #expect(statistics.fftCounts[k] == workload.baseFFTs, "\(label): FFTs of size 2^k")
        #expect(statistics.fftCounts[workload.extendedK] == workload.extendedFFTs, "\(label): extended FFTs")
    }

    @Test("the workload counted from the shape equals the instrumented prover's MSMs and FFTs (both schemes)")
    func countsMatchTheProver() throws {
        let k = 6
        func run<S: CommitmentScheme>(_ params: S) throws {
            typealias F = S.Scalar
            let fibonacci = FibonacciCircuit<F>(rows: try usableRows(FibonacciCircuit<F>.self, k: k) - 1)
            try checkCounts(params, fibonacci, k: k, instances: fibonacci.instances, label: "fibonacci")
            let multi = MultiLookupCircuit<F>(bits: 4, rows: try usableRows(MultiLookupCircuit<F>.self, k: k))
            try checkCounts(params, multi, k: k, instances: [], label: "several lookups")
            let challenge = ChallengeCircuit<F>(rows: try usableRows(ChallengeCircuit<F>.self, k: k))
            try checkCounts(params, challenge, k: k, instances: [], label: "two phases")
            for degree in [3, 4, 5] {
                let bench = BenchmarkCircuit<F>(k: k, columns: 7, minimumDegree: degree)
                try checkCounts(params, bench, k: k, instances: [], label: "benchmark circuit, degree \(degree)")
            }
        }
        try run(TestParameters.kzg.downsized(toK: k))
        try run(IPAParameters(k: k))
    }

    @Test("a higher degree trades full-size commitments for a larger extended domain")
    func degreeTradeOff() throws {
        var cs = ConstraintSystem<BN254Fr>()
        _ = BenchmarkCircuit<BN254Fr>(k: 10, columns: 10).configure(&cs)
        func workload(_ degree: Int) throws -> ProverWorkload {
            var candidate = cs
            candidate.minimumDegree = degree
            return ProverWorkload(shape: try ProtocolShape(candidate, k: 10, commitsInstances: false),
                                  commitsInstances: false)
        }
        let three = try workload(3), five = try workload(5)
        // 10 permutation products, helper, sum, random, 2 pieces; against 4 products and 4 pieces.
        #expect(three.fullCommitments == 15 && five.fullCommitments == 11)
        #expect(three.extendedK == 11 && five.extendedK == 12)
        #expect(three.witnessCommitments == 11 && five.witnessCommitments == 11)

        let msmBound = ProverCostWeights(fullMSM: 1000, witnessMSM: 1, fft: 1, fieldOperation: 0)
        let fftBound = ProverCostWeights(fullMSM: 1, witnessMSM: 1, fft: 1000, fieldOperation: 0)
        let cheapWhenMSMsDominate = try ProtocolShape.cheapestDegree(cs, k: 10, commitsInstances: false) {
            $0.cost(msmBound)
        }
        let cheapWhenFFTsDominate = try ProtocolShape.cheapestDegree(cs, k: 10, commitsInstances: false) {
            $0.cost(fftBound)
        }
        // Products ⌈10/(d − 2)⌉ against d − 1 quotient pieces: 11 full commitments at degrees 4 to 7.
        let fewest = try (3...9).map { try workload($0).fullCommitments }.min()
        #expect(fewest == 11)
        #expect(try workload(cheapWhenMSMsDominate).fullCommitments == fewest)
        #expect(cheapWhenFFTsDominate == 3)
    }
}
