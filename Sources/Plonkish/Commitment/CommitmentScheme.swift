/// A polynomial commitment scheme with a multi-point opening: the part of the proving system that differs between
/// KZG (BN254, SHPLONK) and IPA (Pasta, halo2's inner-product argument). The PLONK prover and verifier are written
/// once against these two protocols.
///
/// Polynomials live over `Curve.Scalar` and have at most `n = 2^k` coefficients; the parameters of a larger k
/// serve a smaller circuit through `downsized(toK:)`.
public protocol CommitmentScheme: Sendable {
    associatedtype Curve: PointEncodingCurve where Curve.Scalar: FFTField
    associatedtype Verifier: CommitmentVerifier where Verifier.Curve == Curve
    typealias Scalar = Curve.Scalar

    /// A short name for files and messages ("kzg", "ipa").
    static var name: String { get }
    /// Whether instance columns are committed and opened like other columns (IPA) rather than evaluated by the
    /// verifier from the public values (KZG). halo2's `QUERY_INSTANCE`.
    static var commitsInstances: Bool { get }
    /// Whether commitments are hiding through a blind (IPA: + blind·W). When false (KZG) the blind arguments are
    /// ignored and zero knowledge comes from the random blinding rows alone, so the prover may skip drawing them.
    static var usesBlinds: Bool { get }

    /// log2 of the largest polynomial size these parameters commit to.
    var k: Int { get }

    /// The same scheme for polynomials of 2^k coefficients, k ≤ self.k.
    func downsized(toK k: Int) throws -> Self

    /// The commitment to the polynomial whose values on the domain ⟨ω⟩ of size 2^self.k are `values`
    /// (values.count == 2^self.k).
    func commitLagrange(_ values: UnsafeBufferPointer<Scalar>, blind: Scalar) -> JacobianPoint<Curve>

    /// The commitment to the polynomial with these coefficients (at most 2^self.k of them).
    func commit(_ coefficients: UnsafeBufferPointer<Scalar>, blind: Scalar) -> JacobianPoint<Curve>

    /// Proves every query's claimed evaluation, appending the opening proof to the transcript. Queries must not
    /// repeat a (commitment, point) pair: the verifier would reject it (the halo2 query-collision bug).
    func open(_ queries: [ProverQuery<Scalar>], transcript: inout ProofWriter<Curve>) throws

    /// What the verifier needs, without the prover's large tables.
    var verifier: Verifier { get }
}

/// The verifier's half of a commitment scheme.
public protocol CommitmentVerifier: Sendable {
    associatedtype Curve: PointEncodingCurve where Curve.Scalar: FFTField
    /// log2 of the largest polynomial size these parameters verify.
    var k: Int { get }
    /// The parameters as bytes, for verifying keys that stand alone.
    func serialized() -> [UInt8]
    /// Reads `serialized()`, checking every point.
    init(serialized bytes: [UInt8]) throws
    /// The same verifier for polynomials of 2^k coefficients.
    func downsized(toK k: Int) throws -> Self
    /// Reads the opening proof from the transcript and checks every query; false if the openings are wrong.
    /// Throws for malformed proof bytes and for repeated (commitment, point) pairs.
    func verify(_ queries: [VerifierQuery<Curve>], transcript: inout ProofReader<Curve>) throws -> Bool
    /// The commitment to the polynomial with these values on the domain, for schemes whose verifier commits the
    /// instance columns itself (IPA); nil where the verifier parameters cannot commit (KZG needs no such thing).
    func commitLagrange(_ values: [Curve.Scalar], blind: Curve.Scalar) -> AffinePoint<Curve>?
    /// Whether these parameters come from a setup whose secret is publicly known, so that anyone can forge proofs
    /// that verify against them. Transparent schemes (IPA) have no secret and are never insecure in this sense.
    var isKnownInsecure: Bool { get }
}

extension CommitmentVerifier {
    public func commitLagrange(_ values: [Curve.Scalar], blind: Curve.Scalar) -> AffinePoint<Curve>? { nil }
}

/// A claim the prover opens: polynomial(point) == evaluation. `commitmentID` names the commitment (equal IDs mean
/// the same committed polynomial, opened at several points); the verifier's query for the same claim carries the
/// same ID.
public struct ProverQuery<F: PrimeField>: Sendable {
    public var commitmentID: Int
    public var point: F
    /// Coefficients, lowest degree first.
    public var polynomial: [F]
    /// The blind the commitment was made with (ignored by schemes without blinds).
    public var blind: F
    public var evaluation: F

    public init(commitmentID: Int, point: F, polynomial: [F], blind: F, evaluation: F) {
        self.commitmentID = commitmentID
        self.point = point
        self.polynomial = polynomial
        self.blind = blind
        self.evaluation = evaluation
    }
}

/// The verifier's view of a query: the commitment, the point and the claimed evaluation.
public struct VerifierQuery<C: ShortWeierstrassCurve>: Sendable {
    public var commitmentID: Int
    public var point: C.Scalar
    public var commitment: JacobianPoint<C>
    public var evaluation: C.Scalar

    public init(commitmentID: Int, point: C.Scalar, commitment: JacobianPoint<C>, evaluation: C.Scalar) {
        self.commitmentID = commitmentID
        self.point = point
        self.commitment = commitment
        self.evaluation = evaluation
    }
}

/// Why parameters or queries were refused.
public enum CommitmentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Parameters of 2^available support no polynomial of 2^requested coefficients.
    case parametersTooSmall(requested: Int, available: Int)
    /// The same commitment is opened twice at the same point.
    case repeatedQuery(commitmentID: Int)
    /// A parameters file could not be read.
    case malformedParameters(String)

    public var description: String {
        switch self {
        case let .parametersTooSmall(requested, available):
            "parameters support 2^\(available) rows, the circuit needs 2^\(requested)"
        case let .repeatedQuery(id): "commitment \(id) is opened twice at the same point"
        case let .malformedParameters(reason): "malformed parameters: \(reason)"
        }
    }
}

/// The queries grouped by commitment, in first-seen order, each with its points in first-seen order; throws on a
/// repeated (commitment, point) pair. Both multi-opening arguments start from this grouping.
public func groupQueriesByCommitment<F: PrimeField>(
    _ pairs: [(commitmentID: Int, point: F)]
) throws(CommitmentError) -> [(commitmentID: Int, queryIndices: [Int])] {
    var order: [Int] = []
    var byCommitment: [Int: [Int]] = [:]
    var seen = Set<PointKey<F>>()
    for (index, pair) in pairs.enumerated() {
        guard seen.insert(PointKey(commitmentID: pair.commitmentID, point: pair.point)).inserted else {
            throw .repeatedQuery(commitmentID: pair.commitmentID)
        }
        if byCommitment[pair.commitmentID] == nil { order.append(pair.commitmentID) }
        byCommitment[pair.commitmentID, default: []].append(index)
    }
    return order.map { ($0, byCommitment[$0] ?? []) }
}

private struct PointKey<F: PrimeField>: Hashable {
    var commitmentID: Int
    var point: F
}
