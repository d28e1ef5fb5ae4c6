import Foundation
import Testing
@testable import Optimizer

/// The ZKML paper's own MNIST: weights and input already fixed-point at 2^9 (model.msgpack, inp.msgpack).
@Suite("Paper MNIST in fixed point")
struct PaperMNISTTests {
    @Test("model.msgpack on inp.msgpack gives the logits of a 5")
    func logits() throws {
        let graph = try ZKMLMsgpackImporter.load(url: try ImportFixtures.url("zkml/mnist/model.msgpack"))
        #expect(graph.fixedPointScaleBits == 9)
        let integers = try ImportFixtures.paperMNISTInputs(for: graph)
        let execution = try QuantizedInterpreter(graph: graph).run(integerInputs: integers)
        let logits = try #require(execution.outputs.first)
        #expect(logits.argmaxAlongLastAxis == [5])
        // zkml-paper-code.md §7 point 9: the reference's own (unverified) integer re-implementation.
        #expect(logits.scalars == [-5312, -8056, -8186, -1669, -4260, 6614, -5131, -6862, -3047, -805])
    }
}
