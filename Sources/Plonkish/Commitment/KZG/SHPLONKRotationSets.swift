/// SHPLONK's grouping of queries (halo2 `construct_intermediate_sets`): each commitment with the set of points it is
/// opened at, and commitments whose point sets are equal gathered into one rotation set. Sets are ordered by their
/// first commitment's first query, commitments within a set by first query, so the order never depends on point
/// values; prover and verifier build the same grouping from the same query list.
struct SHPLONKRotationSets<F: PrimeField> {
    struct Member {
        var commitmentID: Int
        /// The query opening this commitment at `points[i]`, for every i.
        var queryIndices: [Int]
    }

    struct RotationSet {
        /// The set's points, in the first member's query order.
        var points: [F]
        var members: [Member]
    }

    var sets: [RotationSet]
    /// Every distinct point of every query (halo2's super point set).
    var allPoints: [F]

    init(_ pairs: [(commitmentID: Int, point: F)]) throws(CommitmentError) {
        let byCommitment = try groupQueriesByCommitment(pairs)
        var sets: [RotationSet] = []
        var setIndexByPoints: [Set<F>: Int] = [:]
        var allPoints: [F] = []
        var seenPoints = Set<F>()
        for (commitmentID, queryIndices) in byCommitment {
            let points = queryIndices.map { pairs[$0].point }
            for point in points where seenPoints.insert(point).inserted { allPoints.append(point) }
            let key = Set(points)
            if let index = setIndexByPoints[key] {
                // Reorder this commitment's queries to the set's point order.
                var indexByPoint: [F: Int] = [:]
                for index in queryIndices { indexByPoint[pairs[index].point] = index }
                let aligned = sets[index].points.compactMap { indexByPoint[$0] }
                sets[index].members.append(Member(commitmentID: commitmentID, queryIndices: aligned))
            } else {
                setIndexByPoints[key] = sets.count
                sets.append(RotationSet(points: points, members: [Member(commitmentID: commitmentID, queryIndices: queryIndices)]))
            }
        }
        self.sets = sets
        self.allPoints = allPoints
    }
}

/// Small polynomial helpers shared by the SHPLONK prover and verifier.
enum SHPLONKPolynomials {
    /// The coefficients of the polynomial of degree < points.count through (points[i], values[i]); the points are
    /// distinct. O(t²) for t points, which are few (the rotations of one column).
    static func interpolate<F: PrimeField>(points: [F], values: [F]) -> [F] {
        let t = points.count
        var result = [F](repeating: .zero, count: t)
        for i in 0..<t {
            // Π_{j≠i}(X − x_j) / Π_{j≠i}(x_i − x_j), scaled by values[i].
            var basis = [F](repeating: .zero, count: t)
            basis[0] = .one
            var degree = 0
            var denominator = F.one
            for j in 0..<t where j != i {
                degree += 1
                for d in stride(from: degree, through: 1, by: -1) { basis[d] = basis[d - 1] - points[j] * basis[d] }
                basis[0] = -points[j] * basis[0]
                denominator *= points[i] - points[j]
            }
            // Distinct points make the denominator non-zero.
            let scale = values[i] * (denominator.inverse() ?? .zero)
            for d in 0..<t { result[d] += scale * basis[d] }
        }
        return result
    }

    /// Π (x − points[i]).
    static func vanishing<F: PrimeField>(_ points: [F], at x: F) -> F {
        points.reduce(F.one) { $0 * (x - $1) }
    }
}
