import Dispatch

/// The constraints of a circuit compiled into a flat program for evaluation over many rows at once: the quotient
/// numerator on each coset of the extended domain, and (MockProver, lookup preparation) expressions on the base
/// domain.
///
/// Challenges are folded into constants at compile time and identical subexpressions are computed once. The
/// program runs over blocks of rows, one operation at a time across the block, so the interpretation cost is paid
/// per block rather than per row and the inner loops are plain passes over contiguous field elements.
struct ConstraintEvaluator<F: FFTField> {
    enum Operation: Hashable {
        case query(slot: Int, rotation: Int)
        case x
        case constant(F)
        case add(Int, Int)
        case subtract(Int, Int)
        case multiply(Int, Int)
        case negate(Int)
        case scale(Int, F)
    }

    private(set) var operations: [Operation] = []
    /// The polynomials the queries read, in slot order.
    private(set) var slots: [PolynomialID] = []
    /// The operation computing each compiled expression.
    private(set) var roots: [Int] = []
    private var index: [Operation: Int] = [:]
    private var slotIndex: [PolynomialID: Int] = [:]

    static var blockSize: Int { 128 }

    /// Field operations per row of `combine`: the program's arithmetic (queries, x and constants only load) and a
    /// multiplication by y and an addition per constraint.
    var arithmeticOperationCount: Int {
        operations.reduce(2 * roots.count) { count, operation in
            switch operation {
            case .query, .x, .constant: count
            default: count + 1
            }
        }
    }

    @_specialize(exported: true, where F == BN254Fr)
    @_specialize(exported: true, where F == PastaFp)
    init(_ expressions: [Expression<F>], challenge: (ChallengeID) -> F) {
        for e in expressions { roots.append(compile(e, challenge)) }
    }

    private mutating func emit(_ operation: Operation) -> Int {
        if let existing = index[operation] { return existing }
        operations.append(operation)
        index[operation] = operations.count - 1
        return operations.count - 1
    }

    private func constantValue(_ i: Int) -> F? {
        if case let .constant(c) = operations[i] { return c }
        return nil
    }

    private mutating func compile(_ e: Expression<F>, _ challenge: (ChallengeID) -> F) -> Int {
        switch e {
        case let .constant(c): return emit(.constant(c))
        case let .challenge(c): return emit(.constant(challenge(c)))
        case .x: return emit(.x)
        case let .query(q):
            let slot: Int
            if let s = slotIndex[q.polynomial] {
                slot = s
            } else {
                slots.append(q.polynomial)
                slot = slots.count - 1
                slotIndex[q.polynomial] = slot
            }
            return emit(.query(slot: slot, rotation: q.rotation))
        case let .negated(a):
            let i = compile(a, challenge)
            if let c = constantValue(i) { return emit(.constant(-c)) }
            return emit(.negate(i))
        case let .scaled(a, c):
            let i = compile(a, challenge)
            if let v = constantValue(i) { return emit(.constant(v * c)) }
            return emit(.scale(i, c))
        case let .sum(a, .negated(b)):
            let i = compile(a, challenge), j = compile(b, challenge)
            if let u = constantValue(i), let v = constantValue(j) { return emit(.constant(u - v)) }
            if constantValue(j)?.isZero == true { return i }
            return emit(.subtract(i, j))
        case let .sum(a, b):
            let i = compile(a, challenge), j = compile(b, challenge)
            if let u = constantValue(i), let v = constantValue(j) { return emit(.constant(u + v)) }
            if constantValue(i)?.isZero == true { return j }
            if constantValue(j)?.isZero == true { return i }
            return emit(.add(i, j))
        case let .product(a, b):
            let i = compile(a, challenge), j = compile(b, challenge)
            if let u = constantValue(i), let v = constantValue(j) { return emit(.constant(u * v)) }
            if let u = constantValue(i) { return u == .one ? j : emit(.scale(j, u)) }
            if let v = constantValue(j) { return v == .one ? i : emit(.scale(i, v)) }
            return emit(.multiply(i, j))
        }
    }

    /// Field multiplications per row: the cost model's measure of quotient evaluation work.
    var multiplicationsPerRow: Int {
        operations.reduce(0) { count, op in
            switch op {
            case .multiply, .scale: count + 1
            default: count
            }
        }
    }

    /// Evaluates every root on rows [0, n) of the given columns (each of length n, indexed by slot; rotations wrap
    /// around n), where the variable X takes the value xStart·xStep^row, and hands each block of rows to `body`
    /// with a pointer per root. Blocks run in parallel; `body` must only touch its block's rows.
    func evaluate(
        columns: [UnsafeBufferPointer<F>], n: Int, xStart: F, xStep: F,
        _ body: (_ rows: Range<Int>, _ rootValues: [UnsafePointer<F>]) -> Void
    ) {
        precondition(columns.count == slots.count, "one column per slot")
        let block = min(Self.blockSize, n)
        let blockCount = (n + block - 1) / block
        let operations = self.operations
        let roots = self.roots
        let usesX = operations.contains(.x)
        ParallelRanges.forEachChunk(count: blockCount, minimumChunk: 8) { blocks in
            let scratch = UnsafeMutablePointer<F>.allocate(capacity: operations.count * block)
            defer { scratch.deallocate() }
            for b in blocks {
                let start = b * block
                let count = min(block, n - start)
                var xValue = usesX ? xStart * xStep.pow(UInt64(start)) : .zero
                for (o, operation) in operations.enumerated() {
                    let out = scratch + o * block
                    switch operation {
                    case let .query(slot, rotation):
                        let column = columns[slot].baseAddress!
                        var source = ((start + rotation) % n + n) % n
                        if source + count <= n {
                            out.update(from: column + source, count: count)
                        } else {
                            for i in 0..<count {
                                out[i] = column[source]
                                source += 1
                                if source == n { source = 0 }
                            }
                        }
                    case .x:
                        for i in 0..<count {
                            out[i] = xValue
                            xValue = xValue * xStep
                        }
                    case let .constant(c):
                        out.update(repeating: c, count: count)
                    case let .add(i, j):
                        let a = scratch + i * block, c = scratch + j * block
                        for r in 0..<count { out[r] = a[r] + c[r] }
                    case let .subtract(i, j):
                        let a = scratch + i * block, c = scratch + j * block
                        for r in 0..<count { out[r] = a[r] - c[r] }
                    case let .multiply(i, j):
                        let a = scratch + i * block, c = scratch + j * block
                        for r in 0..<count { out[r] = a[r] * c[r] }
                    case let .negate(i):
                        let a = scratch + i * block
                        for r in 0..<count { out[r] = -a[r] }
                    case let .scale(i, c):
                        let a = scratch + i * block
                        for r in 0..<count { out[r] = a[r] * c }
                    }
                }
                body(start..<(start + count), roots.map { UnsafePointer(scratch + $0 * block) })
            }
        }
    }

    /// Σ y^(R−1−r)·root_r on every row: the constraints folded into one polynomial by Horner's rule in y.
    func combine(columns: [UnsafeBufferPointer<F>], n: Int, xStart: F, xStep: F, y: F,
                 into output: UnsafeMutableBufferPointer<F>) {
        guard let out = output.baseAddress else { return }
        evaluate(columns: columns, n: n, xStart: xStart, xStep: xStep) { rows, values in
            let count = rows.count
            let target = out + rows.lowerBound
            target.update(repeating: .zero, count: count)
            for v in values {
                for r in 0..<count { target[r] = target[r] * y + v[r] }
            }
        }
    }
}
