/// The binary form of a constraint system, inside verifying keys. It is also what the verifying-key digest hashes,
/// so every field that changes verification (gates, lookups, phases, challenges, equality columns, minimum degree)
/// is bound into the transcript.
extension ConstraintSystem {
    public func encode(into writer: inout ByteWriter) {
        writer.write(count: advicePhases.count)
        for phase in advicePhases { writer.write(UInt8(phase)) }
        writer.write(count: fixedCount)
        writer.write(count: instanceCount)
        Self.encode(selectorColumns, into: &writer)
        Self.encode(tableColumns, into: &writer)
        writer.write(count: challengePhases.count)
        for phase in challengePhases { writer.write(UInt8(phase)) }
        writer.write(count: gates.count)
        for gate in gates {
            writer.write(gate.name)
            writer.write(count: gate.constraints.count)
            for constraint in gate.constraints {
                writer.write(constraint.name)
                constraint.expression.encode(into: &writer)
            }
        }
        writer.write(count: lookups.count)
        for lookup in lookups {
            writer.write(lookup.name)
            writer.write(count: lookup.inputs.count)
            for input in lookup.inputs { input.encode(into: &writer) }
            Self.encode(lookup.table, into: &writer)
        }
        Self.encode(equalityColumns, into: &writer)
        writer.write(count: minimumDegree)
    }

    static func encode(_ columns: [Column], into writer: inout ByteWriter) {
        writer.write(count: columns.count)
        for column in columns {
            writer.write(column.kind.rawValue)
            writer.write(count: column.index)
        }
    }

    static func decodeColumns(_ reader: inout ByteReader) throws(BinaryDecodingError) -> [Column] {
        let count = try reader.readCount(limit: 1 << 20)
        var columns: [Column] = []
        for _ in 0..<count {
            let start = reader.offset
            guard let kind = Column.Kind(rawValue: try reader.readUInt8()) else {
                throw .invalidValue(offset: start, "unknown column kind")
            }
            columns.append(Column(kind, try reader.readCount(limit: 1 << 20)))
        }
        return columns
    }

    public static func decode(_ reader: inout ByteReader) throws(BinaryDecodingError) -> ConstraintSystem {
        let start = reader.offset
        var cs = ConstraintSystem()
        let adviceCount = try reader.readCount(limit: 1 << 20)
        for _ in 0..<adviceCount {
            let phase = Int(try reader.readUInt8())
            guard phase <= 1 else { throw .invalidValue(offset: reader.offset - 1, "advice phase \(phase)") }
            cs.advicePhases.append(phase)
        }
        cs.fixedCount = try reader.readCount(limit: 1 << 20)
        cs.instanceCount = try reader.readCount(limit: 1 << 20)
        cs.selectorColumns = try decodeColumns(&reader)
        cs.tableColumns = try decodeColumns(&reader)
        let challengeCount = try reader.readCount(limit: 1 << 16)
        for _ in 0..<challengeCount {
            let phase = Int(try reader.readUInt8())
            guard phase <= 1 else { throw .invalidValue(offset: reader.offset - 1, "challenge phase \(phase)") }
            cs.challengePhases.append(phase)
        }
        let gateCount = try reader.readCount(limit: 1 << 20)
        for _ in 0..<gateCount {
            let name = try reader.readString()
            let constraintCount = try reader.readCount(limit: 1 << 20)
            var constraints: [(name: String, expression: Expression<F>)] = []
            for _ in 0..<constraintCount {
                let constraintName = try reader.readString()
                var budget = Expression<F>.decodingNodeLimit
                constraints.append((constraintName, try Expression<F>.decode(&reader, depth: 0, budget: &budget)))
            }
            cs.gates.append(Gate(name: name, constraints: constraints))
        }
        let lookupCount = try reader.readCount(limit: 1 << 20)
        for _ in 0..<lookupCount {
            let name = try reader.readString()
            let inputCount = try reader.readCount(limit: 1 << 10)
            var inputs: [Expression<F>] = []
            for _ in 0..<inputCount {
                var budget = Expression<F>.decodingNodeLimit
                inputs.append(try Expression<F>.decode(&reader, depth: 0, budget: &budget))
            }
            cs.lookups.append(Lookup(name: name, inputs: inputs, table: try decodeColumns(&reader)))
        }
        cs.equalityColumns = try decodeColumns(&reader)
        cs.minimumDegree = try reader.readCount(limit: 64)
        do {
            try cs.validate()
        } catch {
            throw .invalidValue(offset: start, "inconsistent constraint system: \(error)")
        }
        return cs
    }
}

extension Expression {
    static var decodingNodeLimit: Int { 1 << 20 }
    static var decodingDepthLimit: Int { 512 }

    public func encode(into writer: inout ByteWriter) {
        switch self {
        case let .constant(c):
            writer.write(UInt8(0))
            writer.write(scalar: c)
        case let .query(q):
            writer.write(UInt8(1))
            switch q.polynomial {
            case let .advice(i): writer.write(UInt8(0)); writer.write(count: i)
            case let .fixed(i): writer.write(UInt8(1)); writer.write(count: i)
            case let .instance(i): writer.write(UInt8(2)); writer.write(count: i)
            default: preconditionFailure("circuit expressions query only advice, fixed and instance columns")
            }
            writer.write(signed: q.rotation)
        case let .challenge(c):
            guard case let .user(i) = c else {
                preconditionFailure("circuit expressions use only the circuit's own challenges")
            }
            writer.write(UInt8(2))
            writer.write(count: i)
        case .x:
            writer.write(UInt8(3))
        case let .negated(a):
            writer.write(UInt8(4))
            a.encode(into: &writer)
        case let .sum(a, b):
            writer.write(UInt8(5))
            a.encode(into: &writer)
            b.encode(into: &writer)
        case let .product(a, b):
            writer.write(UInt8(6))
            a.encode(into: &writer)
            b.encode(into: &writer)
        case let .scaled(a, c):
            writer.write(UInt8(7))
            a.encode(into: &writer)
            writer.write(scalar: c)
        }
    }

    static func decode(_ reader: inout ByteReader, depth: Int, budget: inout Int) throws(BinaryDecodingError) -> Expression {
        let start = reader.offset
        guard depth < decodingDepthLimit else { throw .invalidValue(offset: start, "expression nested too deeply") }
        budget -= 1
        guard budget >= 0 else { throw .invalidValue(offset: start, "expression too large") }
        switch try reader.readUInt8() {
        case 0: return .constant(try reader.readScalar())
        case 1:
            let kind = try reader.readUInt8()
            let index = try reader.readCount(limit: 1 << 20)
            let rotation = try reader.readSigned(limit: 1 << 20)
            switch kind {
            case 0: return .query(PolynomialQuery(.advice(index), rotation))
            case 1: return .query(PolynomialQuery(.fixed(index), rotation))
            case 2: return .query(PolynomialQuery(.instance(index), rotation))
            default: throw .invalidValue(offset: start + 1, "unknown column kind \(kind)")
            }
        case 2: return .challenge(.user(try reader.readCount(limit: 1 << 16)))
        case 3: return .x
        case 4: return .negated(try decode(&reader, depth: depth + 1, budget: &budget))
        case 5:
            let a = try decode(&reader, depth: depth + 1, budget: &budget)
            return .sum(a, try decode(&reader, depth: depth + 1, budget: &budget))
        case 6:
            let a = try decode(&reader, depth: depth + 1, budget: &budget)
            return .product(a, try decode(&reader, depth: depth + 1, budget: &budget))
        case 7:
            let a = try decode(&reader, depth: depth + 1, budget: &budget)
            return .scaled(a, try reader.readScalar())
        case let tag: throw .invalidValue(offset: start, "unknown expression tag \(tag)")
        }
    }
}
