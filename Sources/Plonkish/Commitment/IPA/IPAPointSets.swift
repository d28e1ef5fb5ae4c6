/// halo2's intermediate sets for the IPA multi-opening (`construct_intermediate_sets`): each commitment is opened
/// at a set of points, and commitments opened at the same set are combined into one polynomial q_i.
///
/// Orders follow halo2 so that prover and verifier agree without communicating: points are numbered by first
/// appearance in the query list, a commitment's points are sorted by that number, commitments keep their
/// first-seen order, and point sets are numbered by the first commitment that uses them.
struct IPAPointSets<F: PrimeField> {
    struct Commitment {
        var commitmentID: Int
        var setIndex: Int
        /// The queries of this commitment, in the order of its set's points.
        var queryIndices: [Int]
    }

    /// The distinct point sets, each in ascending first-appearance order.
    var sets: [[F]]
    /// The distinct commitments in first-seen order.
    var commitments: [Commitment]

    /// Throws `CommitmentError.repeatedQuery` when a (commitment, point) pair repeats.
    init(_ pairs: [(commitmentID: Int, point: F)]) throws(CommitmentError) {
        let grouped = try groupQueriesByCommitment(pairs)
        var pointNumber: [F: Int] = [:]
        for pair in pairs where pointNumber[pair.point] == nil { pointNumber[pair.point] = pointNumber.count }
        var setNumber: [[Int]: Int] = [:]
        var sets: [[F]] = []
        var commitments: [Commitment] = []
        for group in grouped {
            let ordered = group.queryIndices.sorted { pointNumber[pairs[$0].point, default: 0] < pointNumber[pairs[$1].point, default: 0] }
            let key = ordered.map { pointNumber[pairs[$0].point, default: 0] }
            let setIndex: Int
            if let existing = setNumber[key] {
                setIndex = existing
            } else {
                setIndex = sets.count
                setNumber[key] = setIndex
                sets.append(ordered.map { pairs[$0].point })
            }
            commitments.append(Commitment(commitmentID: group.commitmentID, setIndex: setIndex, queryIndices: ordered))
        }
        self.sets = sets
        self.commitments = commitments
    }
}
