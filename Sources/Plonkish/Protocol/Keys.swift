/// Everything a verifier needs: the circuit's constraint system, k, the commitments to the fixed columns and to
/// the permutation, the scheme's verifier parameters (KZG: the setup's G1 and G2 points; IPA: k, from which the
/// transparent generators follow), so that a key file alone verifies proofs, and the application's statement: what
/// its instance values mean. Its digest enters the transcript first, binding every proof to exactly this circuit,
/// setup and statement.
public struct VerifyingKey<S: CommitmentScheme>: Sendable {
    public typealias F = S.Scalar
    public let k: Int
    public let constraintSystem: ConstraintSystem<F>
    public let fixedCommitments: [AffinePoint<S.Curve>]
    public let permutationCommitments: [AffinePoint<S.Curve>]
    /// The scheme's verifier parameters at k.
    public let verifier: S.Verifier
    /// Bytes the application defines to say what the instance values mean (for a model: output names, shapes and
    /// scale). The proving system only binds them: it never reads them, and an application that reads public
    /// values from elsewhere must check them against these.
    public let statement: [UInt8]
    public let shape: ProtocolShape<F>
    /// The domain of 2^k rows, built once per key rather than once per verification.
    public let domain: EvaluationDomain<F>
    /// Blake2b-512 of the encoded key (personalized "zkml-Verify-Key!"), reduced mod p.
    public let digest: F

    public init(k: Int, constraintSystem: ConstraintSystem<F>, fixedCommitments: [AffinePoint<S.Curve>],
                permutationCommitments: [AffinePoint<S.Curve>], verifier: S.Verifier, statement: [UInt8] = []) throws {
        guard statement.count <= Self.maximumStatementBytes else {
            throw PlonkError.malformedKey("a statement of \(statement.count) bytes (at most \(Self.maximumStatementBytes))")
        }
        self.k = k
        self.statement = statement
        self.constraintSystem = constraintSystem
        self.fixedCommitments = fixedCommitments
        self.permutationCommitments = permutationCommitments
        guard verifier.k >= k else {
            throw PlonkError.parameters(.parametersTooSmall(requested: k, available: verifier.k))
        }
        self.verifier = verifier.k == k ? verifier : try verifier.downsized(toK: k)
        self.shape = try ProtocolShape(constraintSystem, k: k, commitsInstances: S.commitsInstances)
        self.domain = EvaluationDomain<F>(k: k)
        guard fixedCommitments.count == constraintSystem.fixedCount,
              permutationCommitments.count == constraintSystem.equalityColumns.count else {
            throw PlonkError.malformedKey("commitment counts do not match the constraint system")
        }
        var body = ByteWriter()
        Self.encodeBody(k: k, constraintSystem: constraintSystem, fixedCommitments: fixedCommitments,
                        permutationCommitments: permutationCommitments, verifier: self.verifier, statement: statement,
                        into: &body)
        let hash = Blake2b.hash(body.bytes, personalization: Array("zkml-Verify-Key!".utf8))
        self.digest = F(uniformBytes: hash)
    }

    public static var magic: [UInt8] { Array("ZKMLVK".utf8) }
    public static var version: UInt8 { 3 }
    /// A statement larger than this is a malformed key, not a reason to allocate.
    public static var maximumStatementBytes: Int { 1 << 24 }

    private static func encodeBody(
        k: Int, constraintSystem: ConstraintSystem<F>, fixedCommitments: [AffinePoint<S.Curve>],
        permutationCommitments: [AffinePoint<S.Curve>], verifier: S.Verifier, statement: [UInt8],
        into writer: inout ByteWriter
    ) {
        writer.write(S.name)
        writer.write(UInt8(k))
        constraintSystem.encode(into: &writer)
        for point in fixedCommitments { writer.write(point: point) }
        for point in permutationCommitments { writer.write(point: point) }
        let parameters = verifier.serialized()
        writer.write(UInt64(parameters.count))
        writer.write(raw: parameters)
        writer.write(UInt64(statement.count))
        writer.write(raw: statement)
    }

    /// The key file: magic "ZKMLVK", version, then the body the digest hashes.
    public func serialized() -> [UInt8] {
        var writer = ByteWriter()
        writer.write(raw: Self.magic)
        writer.write(Self.version)
        Self.encodeBody(k: k, constraintSystem: constraintSystem, fixedCommitments: fixedCommitments,
                        permutationCommitments: permutationCommitments, verifier: verifier, statement: statement,
                        into: &writer)
        return writer.bytes
    }

    public init(serialized bytes: [UInt8]) throws {
        var reader = ByteReader(bytes)
        try reader.expectMagic(Self.magic, name: "zkml verifying key")
        let version = try reader.readUInt8()
        guard version == Self.version else { throw BinaryDecodingError.unsupportedVersion(Int(version)) }
        let schemeOffset = reader.offset
        let scheme = try reader.readString(limit: 16)
        guard scheme == S.name else {
            // Quoted and escaped: the bytes are the file's, a newline among them included.
            throw BinaryDecodingError.invalidValue(offset: schemeOffset,
                                                   "key is for \(String(reflecting: scheme)), expected \(S.name)")
        }
        let kOffset = reader.offset
        let k = Int(try reader.readUInt8())
        guard k >= 1 && k <= F.twoAdicity else { throw BinaryDecodingError.invalidValue(offset: kOffset, "k = \(k)") }
        let cs = try ConstraintSystem<F>.decode(&reader)
        var fixed: [AffinePoint<S.Curve>] = []
        for _ in 0..<cs.fixedCount { fixed.append(try reader.readPoint()) }
        var permutation: [AffinePoint<S.Curve>] = []
        for _ in 0..<cs.equalityColumns.count { permutation.append(try reader.readPoint()) }
        let parametersOffset = reader.offset
        let parametersLength = try reader.readUInt64()
        guard parametersLength <= 4096 else {
            throw BinaryDecodingError.invalidValue(offset: parametersOffset, "verifier parameters of \(parametersLength) bytes")
        }
        let parameterBytes = Array(try reader.take(Int(parametersLength)))
        let statementOffset = reader.offset
        let statementLength = try reader.readUInt64()
        guard statementLength <= UInt64(Self.maximumStatementBytes) else {
            throw BinaryDecodingError.invalidValue(offset: statementOffset, "a statement of \(statementLength) bytes")
        }
        let statement = Array(try reader.take(Int(statementLength)))
        try reader.finish()
        let verifier: S.Verifier
        do {
            verifier = try S.Verifier(serialized: parameterBytes)
        } catch {
            throw BinaryDecodingError.invalidValue(offset: parametersOffset, "\(error)")
        }
        guard verifier.k == k else {
            throw BinaryDecodingError.invalidValue(offset: parametersOffset, "verifier parameters for k = \(verifier.k), key has k = \(k)")
        }
        try self.init(k: k, constraintSystem: cs, fixedCommitments: fixed, permutationCommitments: permutation,
                      verifier: verifier, statement: statement)
    }
}

/// The prover's key: the verifying key, the scheme's parameters at the circuit's size, and every fixed polynomial
/// in the three forms the prover uses (values on the domain, coefficients, values on each part of the extended
/// coset). A class, so that the large tables are shared rather than copied.
public final class ProvingKey<S: CommitmentScheme>: @unchecked Sendable {
    public typealias F = S.Scalar
    public let vk: VerifyingKey<S>
    public let params: S
    public let domain: ExtendedDomain<F>
    /// Fixed columns and σ polynomials, values on the domain (what the key file stores).
    public let fixedValues: [[F]]
    public let sigmaValues: [[F]]
    let fixedPolynomials: [[F]]
    let sigmaPolynomials: [[F]]
    /// L_0, L_u and the active-row indicator, as coefficients.
    let selectorPolynomials: [PolynomialID: [F]]
    /// Values on each extended-coset part, per polynomial (fixed, σ, Lagrange selectors).
    let cosetParts: [PolynomialID: [[F]]]

    public var shape: ProtocolShape<F> { vk.shape }

    /// Per permutation column, the usable cells that take part in a copy: those σ does not leave on their own label.
    public var copiedCellsByColumn: [Column: Int] {
        let columns = shape.constraintSystem.equalityColumns
        let labels = PermutationLabels(columns: columns.count, domain: domain.base)
        return Dictionary(uniqueKeysWithValues: columns.enumerated().map { j, column in
            let moved = (0..<shape.usableRows).reduce(0) { count, i in
                sigmaValues[j][i] == labels.label(column: j, row: i) ? count : count + 1
            }
            return (column, moved)
        })
    }

    init(vk: VerifyingKey<S>, params: S, fixedValues: [[F]], sigmaValues: [[F]]) {
        self.vk = vk
        self.params = params
        let shape = vk.shape
        let domain = ExtendedDomain<F>(k: vk.k, constraintDegree: shape.degree)
        self.domain = domain
        self.fixedValues = fixedValues
        self.sigmaValues = sigmaValues
        let n = shape.n, u = shape.usableRows
        func coefficients(_ values: [F]) -> [F] {
            var c = values
            domain.base.ifft(&c)
            return c
        }
        var selectorValues: [PolynomialID: [F]] = [:]
        var first = [F](repeating: .zero, count: n)
        first[0] = .one
        var last = [F](repeating: .zero, count: n)
        last[u] = .one
        var active = [F](repeating: .zero, count: n)
        for i in 0..<u { active[i] = .one }
        selectorValues[.firstRow] = first
        selectorValues[.lastRow] = last
        selectorValues[.activeRows] = active

        var all: [(PolynomialID, [F])] = []
        all += fixedValues.enumerated().map { (.fixed($0.offset), $0.element) }
        all += sigmaValues.enumerated().map { (.permutationSigma($0.offset), $0.element) }
        all += selectorValues.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        // Only what the constraints read is needed on the extended coset.
        var queried = Set<PolynomialID>()
        for c in shape.constraints { c.expression.visitQueries { queried.insert($0.polynomial) } }

        var polynomials = [[F]](repeating: [], count: all.count)
        var parts = [[[F]]](repeating: [], count: all.count)
        let partCount = domain.partCount
        polynomials.withUnsafeMutableBufferPointer { polynomialSlots in
            parts.withUnsafeMutableBufferPointer { partSlots in
                ParallelRanges.forEachChunk(count: all.count, minimumChunk: 1) { range in
                    for i in range {
                        let c = coefficients(all[i].1)
                        polynomialSlots[i] = c
                        if queried.contains(all[i].0) {
                            partSlots[i] = (0..<partCount).map { domain.evaluateOnPart(c, part: $0) }
                        }
                    }
                }
            }
        }
        let fixedCount = fixedValues.count, sigmaCount = sigmaValues.count
        self.fixedPolynomials = Array(polynomials[0..<fixedCount])
        self.sigmaPolynomials = Array(polynomials[fixedCount..<(fixedCount + sigmaCount)])
        var selectors: [PolynomialID: [F]] = [:]
        var cosets: [PolynomialID: [[F]]] = [:]
        for (i, entry) in all.enumerated() {
            if i >= fixedCount + sigmaCount { selectors[entry.0] = polynomials[i] }
            if !parts[i].isEmpty { cosets[entry.0] = parts[i] }
        }
        self.selectorPolynomials = selectors
        self.cosetParts = cosets
    }
}

/// Why keygen, proving or verification refused to go on.
public enum PlonkError: Error, Equatable, Sendable, CustomStringConvertible {
    case notEnoughRows(k: Int, minimumK: Int)
    case parameters(CommitmentError)
    case synthesis(SynthesisError)
    case constraintSystem(ConstraintSystemError)
    case instanceShape(String)
    /// A lookup input that is not in its table: the witness is wrong, and no valid proof exists.
    case lookupInputNotInTable(lookup: String, row: Int)
    case malformedKey(String)

    public var description: String {
        switch self {
        case let .notEnoughRows(k, minimumK): "2^\(k) rows are too few for this circuit (needs k ≥ \(minimumK))"
        case let .parameters(error): "\(error)"
        case let .synthesis(error): "\(error)"
        case let .constraintSystem(error): "\(error)"
        case let .instanceShape(reason): "instance values: \(reason)"
        case let .lookupInputNotInTable(name, row): "lookup '\(name)': the input on row \(row) is not in the table"
        case let .malformedKey(reason): "malformed key: \(reason)"
        }
    }
}
