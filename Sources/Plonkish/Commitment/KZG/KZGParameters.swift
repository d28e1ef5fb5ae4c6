import Dispatch
import Foundation

/// KZG commitments on BN254 with SHPLONK openings (halo2/PSE `ParamsKZG` with `ProverSHPLONK`).
///
/// The structured reference string for a secret s: g[i] = [s^i]G1 for i < 2^k, the Lagrange basis
/// gLagrange[i] = [L_i(s)]G1 of the domain ⟨ω⟩ of size 2^k, and g2 = G2, sG2 = [s]G2. Parameters come from a
/// ceremony file (`init(pseParameters:)`) or, for tests only, from a seed (`init(insecureSeed:k:)`).
public struct KZGParameters: CommitmentScheme {
    public typealias Curve = BN254G1Curve
    public typealias Verifier = KZGVerifierParameters

    public static var name: String { "kzg" }
    public static var commitsInstances: Bool { false }
    public static var usesBlinds: Bool { false }

    /// The largest k of a BN254 evaluation domain (the two-adicity of r − 1).
    public static var maximumK: Int { BN254Fr.twoAdicity }

    public let k: Int
    /// [s^i]G1, i < 2^k.
    public let g: [G1Affine]
    /// [L_i(s)]G1 for the domain of size 2^k.
    public let gLagrange: [G1Affine]
    /// The G2 generator.
    public let g2: G2Affine
    /// [s]G2.
    public let sG2: G2Affine

    /// Parameters from their parts, unchecked: the caller vouches that the points belong to one secret.
    public init(k: Int, g: [G1Affine], gLagrange: [G1Affine], g2: G2Affine, sG2: G2Affine) {
        precondition(k >= 0 && k <= Self.maximumK, "k = \(k) is out of range")
        precondition(g.count == 1 << k && gLagrange.count == 1 << k, "KZG parameters need 2^k points per basis")
        self.k = k
        self.g = g
        self.gLagrange = gLagrange
        self.g2 = g2
        self.sG2 = sG2
    }

    /// The number of coefficients these parameters commit to.
    public var n: Int { 1 << k }

    // MARK: Commitments

    public func commitLagrange(_ values: UnsafeBufferPointer<BN254Fr>, blind: BN254Fr) -> G1 {
        precondition(values.count == n, "commitLagrange needs \(n) values, got \(values.count)")
        // Witness columns hold mostly small signed values; the small-aware MSM exploits that. A value repeated over
        // most rows is taken out first: Σ_i L_i = 1, so Σ_i c·[L_i(s)]G = c·G.
        if let repeated = dominantNonZeroScalar(in: values) {
            let residual = [BN254Fr](unsafeUninitializedCapacity: n) { buffer, count in
                for i in 0..<n { buffer.initializeElement(at: i, to: values[i] - repeated) }
                count = n
            }
            let body = gLagrange.withUnsafeBufferPointer { points in
                residual.withUnsafeBufferPointer { multiScalarMultiplySmallAware(points: points, scalars: $0) }
            }
            return body.adding(G1(g[0]).multiplied(by: repeated))
        }
        return gLagrange.withUnsafeBufferPointer { multiScalarMultiplySmallAware(points: $0, scalars: values) }
    }

    public func commit(_ coefficients: UnsafeBufferPointer<BN254Fr>, blind: BN254Fr) -> G1 {
        precondition(coefficients.count <= n, "a polynomial of \(coefficients.count) coefficients exceeds 2^\(k)")
        return g.withUnsafeBufferPointer { points in
            multiScalarMultiply(
                points: UnsafeBufferPointer(rebasing: points[0..<coefficients.count]), scalars: coefficients)
        }
    }

    /// `commit` for an array.
    public func commit(_ coefficients: [BN254Fr]) -> G1 {
        coefficients.withUnsafeBufferPointer { commit($0, blind: .zero) }
    }

    /// `commitLagrange` for an array.
    public func commitLagrange(_ values: [BN254Fr]) -> G1 {
        values.withUnsafeBufferPointer { commitLagrange($0, blind: .zero) }
    }

    // MARK: Downsizing and the verifier

    /// The first 2^k powers, with the Lagrange basis of the smaller domain recomputed from them by an inverse
    /// transform over G1 (s is not needed).
    public func downsized(toK smallerK: Int) throws -> KZGParameters {
        guard smallerK <= k else { throw CommitmentError.parametersTooSmall(requested: smallerK, available: k) }
        guard smallerK >= 0 else { throw CommitmentError.malformedParameters("k = \(smallerK) is negative") }
        if smallerK == k { return self }
        return KZGParameters(powers: Array(g[0..<(1 << smallerK)]), g2: g2, sG2: sG2)
    }

    /// Parameters from the powers g (2^k of them) alone, unchecked: the Lagrange basis is computed from them by an
    /// inverse transform over G1.
    init(powers g: [G1Affine], g2: G2Affine, sG2: G2Affine) {
        let k = g.count.trailingZeroBitCount
        precondition(g.count == 1 << k, "KZG parameters need 2^k powers, got \(g.count)")
        let lagrange = PointFFT.lagrangeBasis(monomials: g[...], domain: EvaluationDomain<BN254Fr>(k: k))
        self.init(k: k, g: g, gLagrange: lagrange, g2: g2, sG2: sG2)
    }

    public var verifier: KZGVerifierParameters {
        KZGVerifierParameters(k: k, g: g[0], g2: g2, sG2: sG2)
    }

    // MARK: Consistency

    /// The check that ties a parameters file's G1 powers to its G2 points: none of [s]₁, [1]₂, [s]₂ is the identity
    /// and e([s]₁, [1]₂) = e([1]₁, [s]₂), so both halves hold one secret s. A verifier uses [1]₁, [1]₂ and [s]₂
    /// alone, but the verifying key's commitments were made with every power: parameters that make keys must also
    /// pass `isConsistent()`. `names` name the four points, in this order, in the error.
    static func checkOneSecret(
        g: G1Affine, sG: G1Affine, g2: G2Affine, sG2: G2Affine, names: [String] = ["[1]₁", "[s]₁", "[1]₂", "[s]₂"]
    ) throws {
        guard !g2.isInfinity, !sG2.isInfinity else {
            throw CommitmentError.malformedParameters("\(names[2]) or \(names[3]) is the point at infinity")
        }
        guard !sG.isInfinity else { throw CommitmentError.malformedParameters("\(names[1]) is the point at infinity") }
        guard BN254Pairing.pairingCheck([(sG, g2), (-g, sG2)]) else {
            throw CommitmentError.malformedParameters(
                "e(\(names[1]), \(names[2])) ≠ e(\(names[0]), \(names[3])): the G1 and G2 points disagree on the secret")
        }
    }

    /// Whether every point belongs to one secret s: g[0] = G1, the powers are successive multiples by s (one pairing
    /// check on random combinations, Σρ^i·g[i+1] against Σρ^i·g[i]), and the Lagrange basis matches the monomial one
    /// (Σc_i·gLagrange[i] = Σ ifft(c)_j·g[j] for random c). Costs four MSMs of 2^k points; a false result is certain,
    /// a true one wrong with probability about 2^k / r.
    public func isConsistent() -> Bool {
        guard g[0] == .generator, !g2.isInfinity, !sG2.isInfinity else { return false }
        guard !(n > 1 && g[1].isInfinity) else { return false }
        if n > 1 {
            let rho = BN254Fr.random()
            var powers = [BN254Fr](repeating: .one, count: n - 1)
            for i in 1..<powers.count { powers[i] = powers[i - 1] * rho }
            let (lower, upper) = g.withUnsafeBufferPointer { points in
                (multiScalarMultiply(points: UnsafeBufferPointer(rebasing: points[0..<(n - 1)]), scalars: powers),
                 multiScalarMultiply(points: UnsafeBufferPointer(rebasing: points[1..<n]), scalars: powers))
            }
            guard BN254Pairing.pairingCheck([(upper.affine, g2), ((-lower).affine, sG2)]) else { return false }
        }
        let values = (0..<n).map { _ in BN254Fr.random() }
        var coefficients = values
        EvaluationDomain<BN254Fr>(k: k).ifft(&coefficients)
        return commitLagrange(values) == commit(coefficients)
    }
}
