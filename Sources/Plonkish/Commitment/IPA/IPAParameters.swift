import Foundation

/// halo2's inner-product-argument commitment scheme on Vesta: a polynomial over PastaFp with coefficients a_i is
/// committed as Σ a_i·G_i + blind·W, and openings go through halo2's multi-point reduction (`IPAMultiopen.swift`)
/// and inner product argument (`InnerProductArgument.swift`). The parameters are transparent (`IPAGenerators`).
public struct IPAParameters: CommitmentScheme {
    public typealias Curve = VestaCurve
    public typealias Verifier = IPAVerifierParameters

    public static var name: String { "ipa" }
    public static var commitsInstances: Bool { true }
    public static var usesBlinds: Bool { true }

    public let k: Int
    /// G_0 … G_{2^k − 1}.
    public let g: [VestaAffine]
    /// W, the blinding generator.
    public let w: VestaAffine
    /// U, the generator of the inner-product argument's value term.
    public let u: VestaAffine
    /// The domain ⟨ω⟩ of size 2^k over which Lagrange-form values are given.
    public let domain: EvaluationDomain<PastaFp>

    /// The parameters for polynomials of up to 2^k coefficients, derived deterministically (and cached per
    /// process, so repeated calls are free).
    public init(k: Int) {
        precondition(k >= 0 && k <= 30, "IPA parameters need 0 ≤ k ≤ 30, not \(k)")
        self = IPAParameterCache.shared.parameters(k: k)
    }

    init(k: Int, generators: [VestaAffine]) {
        precondition(generators.count == 1 << k, "IPA parameters of k = \(k) need \(1 << k) generators")
        self.k = k
        self.g = generators
        self.w = IPAGenerators.blindingGenerator
        self.u = IPAGenerators.innerProductGenerator
        self.domain = EvaluationDomain(k: k)
    }

    /// 2^k.
    public var n: Int { 1 << k }

    public func downsized(toK k: Int) throws -> IPAParameters {
        guard k <= self.k else { throw CommitmentError.parametersTooSmall(requested: k, available: self.k) }
        precondition(k >= 0, "k must be non-negative")
        if k == self.k { return self }
        return IPAParameters(k: k, generators: Array(g.prefix(1 << k)))
    }

    public func commit(_ coefficients: UnsafeBufferPointer<PastaFp>, blind: PastaFp) -> Vesta {
        precondition(coefficients.count <= n, "\(coefficients.count) coefficients exceed 2^\(k)")
        let body = g.withUnsafeBufferPointer { generators in
            multiScalarMultiply(
                points: UnsafeBufferPointer(rebasing: generators[0..<coefficients.count]), scalars: coefficients)
        }
        return body.adding(Vesta(w).multipliedWindowed(by: blind))
    }

    /// Interpolates the values (one field IFFT) and commits to the coefficients: the same point as
    /// Σ values_i·L_i + blind·W with the Lagrange generators L of `lagrangeGenerators()`, without paying for the
    /// point FFT that builds them.
    public func commitLagrange(_ values: UnsafeBufferPointer<PastaFp>, blind: PastaFp) -> Vesta {
        precondition(values.count == n, "commitLagrange needs 2^\(k) values, got \(values.count)")
        var coefficients = Array(values)
        domain.ifft(&coefficients)
        return coefficients.withUnsafeBufferPointer { commit($0, blind: blind) }
    }

    /// The Lagrange-basis generators L_i (the point IFFT of G over ⟨ω⟩), computed on first request for this k and
    /// cached. Costly: about (n/2)·log n scalar multiplications.
    public func lagrangeGenerators() -> [VestaAffine] {
        IPAParameterCache.shared.lagrangeGenerators(of: self)
    }

    public var verifier: IPAVerifierParameters {
        IPAVerifierParameters(k: k, g: g, w: w, u: u)
    }
}

/// The process-wide store of derived parameters: the longest generator list hashed so far (smaller k take a
/// prefix), the parameters per k, and the Lagrange generators per k once asked for. One lock guards it all; a
/// second caller asking for the same k waits for the first instead of hashing again.
final class IPAParameterCache: @unchecked Sendable {
    static let shared = IPAParameterCache()

    private let lock = NSLock()
    private var generators: [VestaAffine] = []
    private var parametersByK: [Int: IPAParameters] = [:]
    private var lagrangeByK: [Int: [VestaAffine]] = [:]

    func parameters(k: Int) -> IPAParameters {
        lock.lock()
        defer { lock.unlock() }
        if let cached = parametersByK[k] { return cached }
        let n = 1 << k
        if generators.count < n { generators += IPAGenerators.commitmentGenerators(generators.count..<n) }
        let parameters = IPAParameters(k: k, generators: Array(generators.prefix(n)))
        parametersByK[k] = parameters
        return parameters
    }

    func lagrangeGenerators(of parameters: IPAParameters) -> [VestaAffine] {
        lock.lock()
        defer { lock.unlock() }
        // Parameters come from this cache or are a prefix of its generators, so k alone identifies them.
        if let cached = lagrangeByK[parameters.k] { return cached }
        let lagrange = PointFFT.lagrangeBasis(monomials: parameters.g[...], domain: parameters.domain)
        lagrangeByK[parameters.k] = lagrange
        return lagrange
    }
}
