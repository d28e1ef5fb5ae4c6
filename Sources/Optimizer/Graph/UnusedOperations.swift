extension Graph {
    /// The graph without the operations whose results reach no output, and without the tensors only they used.
    ///
    /// The ZKML paper's converter keeps TensorFlow's shape arithmetic (SHAPE, slices of shape vectors, PACK and
    /// CONCATENATION of dimensions) as `Noop` and friends whose declared shapes are no tensor computation, and its
    /// RESHAPE takes its target shape from the file rather than from them. Those chains feed nothing the model
    /// computes, so they are dropped rather than laid out (CLIP holds 348 of them).
    public func withoutUnusedOperations() -> Graph {
        var needed = Set(outputs)
        var kept = [Bool](repeating: false, count: operations.count)
        for index in operations.indices.reversed() where operations[index].outputs.contains(where: needed.contains) {
            kept[index] = true
            for case let input? in operations[index].inputs { needed.insert(input) }
        }
        guard kept.contains(false) else { return self }

        var used = Set(inputs).union(outputs)
        for (index, operation) in operations.enumerated() where kept[index] {
            used.formUnion(operation.outputs)
            for case let input? in operation.inputs { used.insert(input) }
        }
        var renumbered = [Int: Int]()
        var keptTensors: [Tensor] = []
        for index in tensors.indices where used.contains(index) {
            renumbered[index] = keptTensors.count
            keptTensors.append(tensors[index])
        }
        let keptOperations = operations.indices.filter { kept[$0] }.map { index in
            let operation = operations[index]
            return Operation(op: operation.op, inputs: operation.inputs.map { $0.flatMap { renumbered[$0] } },
                             outputs: operation.outputs.compactMap { renumbered[$0] })
        }
        return Graph(tensors: keptTensors, operations: keptOperations, inputs: inputs.compactMap { renumbered[$0] },
                     outputs: outputs.compactMap { renumbered[$0] }, fixedPointScaleBits: fixedPointScaleBits)
    }
}
