/// A polynomial the protocol commits to or derives: the circuit's columns, and the polynomials the permutation,
/// lookup and vanishing arguments add.
public enum PolynomialID: Hashable, Sendable, Comparable, CustomStringConvertible {
    case advice(Int)
    case fixed(Int)
    case instance(Int)
    /// σ_j of the permutation argument, one per equality-enabled column.
    case permutationSigma(Int)
    /// The grand product of permutation chunk i.
    case permutationProduct(Int)
    /// The multiplicity column of lookup table group g.
    case lookupMultiplicity(Int)
    /// Inverse-sum helper column h of lookup table group g (one per batch of inputs).
    case lookupHelper(group: Int, batch: Int)
    /// The running sum φ of table group g.
    case lookupSum(Int)
    /// L_0, the Lagrange polynomial of the first row.
    case firstRow
    /// L_u, the Lagrange polynomial of the last usable row u.
    case lastRow
    /// 1 on the usable rows [0, u) and 0 on row u and the blinding rows.
    case activeRows
    /// The vanishing argument's random polynomial.
    case vanishingRandom
    /// Σ x^(n·i)·h_i, the quotient pieces combined at the challenge x.
    case vanishingQuotient

    public var description: String {
        switch self {
        case let .advice(i): "advice[\(i)]"
        case let .fixed(i): "fixed[\(i)]"
        case let .instance(i): "instance[\(i)]"
        case let .permutationSigma(i): "sigma[\(i)]"
        case let .permutationProduct(i): "permutation_product[\(i)]"
        case let .lookupMultiplicity(g): "lookup_multiplicity[\(g)]"
        case let .lookupHelper(g, b): "lookup_helper[\(g)][\(b)]"
        case let .lookupSum(g): "lookup_sum[\(g)]"
        case .firstRow: "l_first"
        case .lastRow: "l_last"
        case .activeRows: "l_active"
        case .vanishingRandom: "vanishing_random"
        case .vanishingQuotient: "vanishing_quotient"
        }
    }
}

/// A polynomial evaluated at ω^rotation · X: in row terms, the cell `rotation` rows below the current one.
public struct PolynomialQuery: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let polynomial: PolynomialID
    public let rotation: Int

    public init(_ polynomial: PolynomialID, _ rotation: Int) {
        self.polynomial = polynomial
        self.rotation = rotation
    }

    public static func < (a: Self, b: Self) -> Bool { (a.polynomial, a.rotation) < (b.polynomial, b.rotation) }

    public var description: String { rotation == 0 ? "\(polynomial)" : "\(polynomial)@\(rotation)" }
}

/// The challenges an expression may use: the circuit's own, and the protocol's θ (tuple compression for lookups),
/// β and γ (permutation and lookup randomizers).
public enum ChallengeID: Hashable, Sendable {
    case user(Int)
    case theta
    case beta
    case gamma
}

/// A multivariate polynomial over queries, challenges and the evaluation point X: the language of gates and of
/// every argument's constraints. The prover evaluates it on the extended coset, the verifier at one point, the
/// MockProver row by row.
public indirect enum Expression<F: PrimeField>: Hashable, Sendable, CustomStringConvertible {
    case constant(F)
    case query(PolynomialQuery)
    case challenge(ChallengeID)
    /// The variable X itself (the permutation argument's identity permutation δ^j·X).
    case x
    case negated(Expression)
    case sum(Expression, Expression)
    case product(Expression, Expression)
    case scaled(Expression, F)

    public static func + (a: Expression, b: Expression) -> Expression { .sum(a, b) }
    public static func - (a: Expression, b: Expression) -> Expression { .sum(a, .negated(b)) }
    public static func * (a: Expression, b: Expression) -> Expression { .product(a, b) }
    public static func * (a: Expression, b: F) -> Expression { .scaled(a, b) }
    public static prefix func - (a: Expression) -> Expression { .negated(a) }
    public static func + (a: Expression, b: F) -> Expression { .sum(a, .constant(b)) }
    public static func - (a: Expression, b: F) -> Expression { .sum(a, .constant(-b)) }

    public static var one: Expression { .constant(.one) }
    public static var zero: Expression { .constant(.zero) }

    /// The degree in the committed polynomials (X counts 1, as do queries; constants and challenges 0).
    public var degree: Int {
        switch self {
        case .constant, .challenge: 0
        case .query, .x: 1
        case let .negated(a), let .scaled(a, _): a.degree
        case let .sum(a, b): max(a.degree, b.degree)
        case let .product(a, b): a.degree + b.degree
        }
    }

    /// Every query, each once, in first-use order.
    public var queries: [PolynomialQuery] {
        var seen = Set<PolynomialQuery>()
        var ordered: [PolynomialQuery] = []
        visitQueries { if seen.insert($0).inserted { ordered.append($0) } }
        return ordered
    }

    public func visitQueries(_ body: (PolynomialQuery) -> Void) {
        switch self {
        case .constant, .challenge, .x: break
        case let .query(q): body(q)
        case let .negated(a), let .scaled(a, _): a.visitQueries(body)
        case let .sum(a, b), let .product(a, b):
            a.visitQueries(body)
            b.visitQueries(body)
        }
    }

    /// Every challenge the expression uses.
    public var challenges: Set<ChallengeID> {
        switch self {
        case .constant, .query, .x: []
        case let .challenge(c): [c]
        case let .negated(a), let .scaled(a, _): a.challenges
        case let .sum(a, b), let .product(a, b): a.challenges.union(b.challenges)
        }
    }

    /// The value, given the value of each query and challenge and of X.
    @inlinable
    public func evaluate(query: (PolynomialQuery) -> F, challenge: (ChallengeID) -> F, x: F) -> F {
        switch self {
        case let .constant(c): return c
        case let .query(q): return query(q)
        case let .challenge(c): return challenge(c)
        case .x: return x
        case let .negated(a): return -a.evaluate(query: query, challenge: challenge, x: x)
        case let .sum(a, b):
            return a.evaluate(query: query, challenge: challenge, x: x)
                + b.evaluate(query: query, challenge: challenge, x: x)
        case let .product(a, b):
            return a.evaluate(query: query, challenge: challenge, x: x)
                * b.evaluate(query: query, challenge: challenge, x: x)
        case let .scaled(a, c): return a.evaluate(query: query, challenge: challenge, x: x) * c
        }
    }

    public var description: String {
        switch self {
        case let .constant(c): c.decimalStringIfSmall
        case let .query(q): q.description
        case let .challenge(c): "\(c)"
        case .x: "X"
        case let .negated(a): "-(\(a))"
        case let .sum(a, .negated(b)): "(\(a) - \(b))"
        case let .sum(a, b): "(\(a) + \(b))"
        case let .product(a, b): "\(a) * \(b)"
        case let .scaled(a, c): "\(a) * \(c.decimalStringIfSmall)"
        }
    }
}

extension PrimeField {
    /// Small values and their negatives in decimal (−3 rather than p − 3), anything else in hex: for messages.
    public var decimalStringIfSmall: String {
        let limbs = canonical
        if limbs.1 == 0 && limbs.2 == 0 && limbs.3 == 0 && limbs.0 < 1 << 32 { return String(limbs.0) }
        let negated = (-self).canonical
        if negated.1 == 0 && negated.2 == 0 && negated.3 == 0 && negated.0 < 1 << 32 { return "-\(negated.0)" }
        return hexString
    }
}
