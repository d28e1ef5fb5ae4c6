/// The heavy operations one proof performs, counted from a protocol shape by the same rules the prover follows:
/// which polynomials it commits, which it brings to coefficient form and onto each part of the extended coset, and
/// how much constraint arithmetic the quotient takes. Benchmarks and the optimizer's cost model price these counts;
/// a test checks them against what an instrumented prover did.
public struct ProverWorkload: Equatable, Sendable {
    public let k: Int
    public let extendedK: Int
    /// Commitments to columns of witness values (advice columns, lookup multiplicities): small integers in ML
    /// circuits, which the small-scalar-aware MSM commits cheaply.
    public let witnessCommitments: Int
    /// Commitments to full-size field elements: permutation products, lookup helpers and running sums, the
    /// vanishing argument's random polynomial and its quotient pieces. The scheme's opening adds its own MSMs.
    public let fullCommitments: Int
    /// Commitments to instance columns (schemes that commit them).
    public let instanceCommitments: Int
    /// FFTs of size 2^k: witness polynomials to coefficients, then onto every part of the extended coset.
    public let baseFFTs: Int
    /// FFTs of size 2^extendedK: the quotient back to coefficients.
    public let extendedFFTs: Int
    /// Field operations of the quotient: the compiled constraint program's arithmetic times the extended size.
    public let quotientOperations: Int

    /// Every MSM of size 2^k the prover performs outside the opening argument.
    public var commitments: Int { witnessCommitments + fullCommitments + instanceCommitments }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public init<F: FFTField>(shape: ProtocolShape<F>, commitsInstances: Bool) {
        let cs = shape.constraintSystem
        k = shape.k
        let extendedK = ExtendedDomain<F>.extendedK(k: shape.k, constraintDegree: shape.degree)
        self.extendedK = extendedK
        let partCount = 1 << (extendedK - shape.k)
        witnessCommitments = cs.adviceCount + shape.lookupGroups.count
        fullCommitments = shape.permutationChunks.count
            + shape.lookupGroups.reduce(0) { $0 + $1.batches.count + 1 }
            + 1 + (shape.degree - 1)
        instanceCommitments = commitsInstances ? cs.instanceCount : 0

        // The proving key holds fixed, σ and Lagrange-selector polynomials on the coset parts already.
        var computed = Set<PolynomialID>()
        for constraint in shape.constraints {
            constraint.expression.visitQueries { query in
                switch query.polynomial {
                case .fixed, .permutationSigma, .firstRow, .lastRow, .activeRows: break
                default: computed.insert(query.polynomial)
                }
            }
        }
        baseFFTs = computed.count * (1 + partCount)
        extendedFFTs = 1
        let evaluator = ConstraintEvaluator<F>(shape.constraints.map(\.expression)) { id in
            switch id {
            case let .user(i): F(word: UInt64(1000 + i))
            case .theta: F(word: 11)
            case .beta: F(word: 13)
            case .gamma: F(word: 17)
            }
        }
        quotientOperations = evaluator.arithmeticOperationCount << extendedK
    }
}

/// Prices of a proof's heavy operations, in any one unit: what a workload costs on some machine.
public struct ProverCostWeights: Sendable {
    /// One MSM of size 2^k over full-size scalars.
    public var fullMSM: Double
    /// One MSM of size 2^k over witness values.
    public var witnessMSM: Double
    /// One FFT of size 2^k.
    public var fft: Double
    /// One field operation of the quotient evaluation.
    public var fieldOperation: Double

    public init(fullMSM: Double, witnessMSM: Double, fft: Double, fieldOperation: Double) {
        self.fullMSM = fullMSM
        self.witnessMSM = witnessMSM
        self.fft = fft
        self.fieldOperation = fieldOperation
    }

    /// Ratios measured on a 2-core server at 2^16, in units of one FFT: a full MSM costs 12 FFTs (`zkml
    /// benchmark-hardware`), a commitment to 8-bit witness values one. A field operation of the quotient evaluation
    /// costs 8 times its share of an FFT (k·n/2 butterflies of about 1.5 operations): the evaluation reads every
    /// column's extended values row by row, and whole proofs at degrees 3, 4, 5 and 7 (`zkml bench prover --k 16
    /// --cols 10 --degree D`: 3.2, 4.5, 4.4 and 5.8 s) rank only with that price.
    public static func typical(k: Int) -> ProverCostWeights {
        ProverCostWeights(fullMSM: 12, witnessMSM: 1, fft: 1, fieldOperation: 8 / (0.75 * Double(k) * Double(1 << k)))
    }
}

extension ProverWorkload {
    public func cost(_ weights: ProverCostWeights, openingMSMs: Int = 2) -> Double {
        Double(fullCommitments + instanceCommitments + openingMSMs) * weights.fullMSM
            + Double(witnessCommitments) * weights.witnessMSM
            + Double(baseFFTs + (extendedFFTs << (extendedK - k))) * weights.fft
            + Double(quotientOperations) * weights.fieldOperation
    }
}

extension ProtocolShape {
    /// The constraint degree, from the circuit's own up to 9, whose proof costs least by `cost`: a higher degree
    /// packs more columns into each permutation product and more lookups into each helper column (fewer full-size
    /// commitments) but doubles the extended domain past 3 and 5. A circuit applies the answer through
    /// `ConstraintSystem.minimumDegree` in its `configure`, so that keygen and proving agree.
    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    public static func cheapestDegree(
        _ cs: ConstraintSystem<F>, k: Int, commitsInstances: Bool, cost: (ProverWorkload) -> Double
    ) throws -> Int {
        let own = try ProtocolShape(cs, k: k, commitsInstances: commitsInstances).degree
        var best = (degree: own, cost: Double.infinity)
        for degree in own...max(own, 9) {
            var candidate = cs
            candidate.minimumDegree = degree
            let shape = try ProtocolShape(candidate, k: k, commitsInstances: commitsInstances)
            let price = cost(ProverWorkload(shape: shape, commitsInstances: commitsInstances))
            if price < best.cost { best = (degree, price) }
        }
        return best.degree
    }
}
