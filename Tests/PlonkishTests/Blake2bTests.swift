import Plonkish
import Testing

/// BLAKE2b against RFC 7693 and digests computed with Python's hashlib.blake2b.
struct Blake2bTests {
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }.joined()
    }

    /// 1000 bytes (7i + 3) mod 256: eight blocks minus a partial one.
    static let longInput: [UInt8] = (0..<1000).map { UInt8(($0 * 7 + 3) % 256) }

    @Test("RFC 7693 Appendix A: BLAKE2b-512(\"abc\")")
    func rfcAppendixA() {
        #expect(
            Self.hex(Blake2b.hash(Array("abc".utf8)))
                == "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
    }

    @Test("empty input, short output lengths")
    func emptyAndShort() {
        #expect(
            Self.hex(Blake2b.hash([UInt8]()))
                == "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce")
        // The output length is part of the parameter block, so a 20-byte digest is not a prefix of the 64-byte one.
        #expect(Self.hex(Blake2b.hash(Array("abc".utf8), outputLength: 20)) == "384264f676f39536840523f284921cdc68b6846b")
    }

    @Test("keyed hashing (key 00…3f)")
    func keyed() {
        let key = (0..<64).map { UInt8($0) }
        #expect(
            Self.hex(Blake2b.hash((0..<256).map { UInt8($0) }, key: key))
                == "b72071e096277edebb8ee5134dd3714996307ba3a55aa4733d412abbe28e909e"
                + "10e57e6fbfb4ef53b3b960518294ff889a90829254412e2a60b85add07a3674f")
        #expect(
            Self.hex(Blake2b.hash([UInt8](), key: key))
                == "10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786"
                + "b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568")
    }

    @Test("multi-block inputs, including exact block multiples")
    func multiBlock() {
        #expect(
            Self.hex(Blake2b.hash(Self.longInput))
                == "4bdd2c9cf31d797a81d245c989ffb7515143ca345c66f73087dd5c58bf642bf0"
                + "83ba16894eab79e3b08d5126404d833e7510271b50be36a7b7cbbb46f5c89fac")
        #expect(
            Self.hex(Blake2b.hash((0..<128).map { UInt8($0) }))
                == "2319e3789c47e2daa5fe807f61bec2a1a6537fa03f19ff32e87eecbfd64b7e0e"
                + "8ccff439ac333b040f19b0c4ddd11a61e24ac1fe0f10a039806c5dcc0da3d115")
        #expect(
            Self.hex(Blake2b.hash((0..<256).map { UInt8($0) }))
                == "1ecc896f34d3f9cac484c73f75f6a5fb58ee6784be41b35f46067b9c65c63a67"
                + "94d3d744112c653f73dd7deb6666204c5a9bfa5b46081fc10fdbe7884fa5cbf8")
    }

    @Test("streaming in odd-sized chunks equals one-shot; finalize leaves the state usable")
    func streaming() {
        let oneShot = Blake2b.hash(Self.longInput)
        for chunkSize in [1, 3, 7, 127, 128, 129, 500] {
            var hasher = Blake2b()
            var offset = 0
            while offset < Self.longInput.count {
                let end = min(offset + chunkSize, Self.longInput.count)
                hasher.update(Self.longInput[offset..<end])
                offset = end
            }
            #expect(hasher.finalize() == oneShot, "chunks of \(chunkSize)")
        }
        // A non-contiguous sequence goes through the byte-at-a-time path.
        var lazy = Blake2b()
        lazy.update(Self.longInput.lazy.map { $0 })
        #expect(lazy.finalize() == oneShot)
        // Finalizing mid-stream (a transcript squeeze) must not disturb later absorption.
        var hasher = Blake2b()
        hasher.update(Self.longInput[0..<300])
        #expect(hasher.finalize() == Blake2b.hash(Self.longInput[0..<300]))
        hasher.update(Self.longInput[300...])
        #expect(hasher.finalize() == oneShot)
    }

    @Test("personalization and salt (halo2 transcript and verifying-key parameters)")
    func personalization() {
        let person = Array("Halo2-Transcript".utf8)
        #expect(
            Self.hex(Blake2b.hash(Array("the quick brown fox".utf8), personalization: person))
                == "e9406415670b1f66b12b180516d122d0f302ae0370b04d38ba6295a302d2afa9"
                + "97c711b1c0918010842306a277b7a35e539cc23d727b7a95754642ba0e27f11b")
        #expect(
            Self.hex(Blake2b.hash([UInt8](), personalization: person))
                == "a00b7d27460fda08f2843863fb81f89075b99584453a6bd8a8c1e84684ac5422"
                + "391738d086dc7432f1ddeead5e4d4fb83d9bb83238961071175edf866675ddb2")
        #expect(
            Self.hex(
                Blake2b.hash(
                    Self.longInput, outputLength: 32, salt: Array("0123456789abcdef".utf8),
                    personalization: Array("Halo2-Verify-Key".utf8)))
                == "2372b51b230c1f0b11765b11af400888e8e9ff14baebf396e6a1cd0e0b965988")
    }

    @Test("halo2 MockProver challenge chain start: BLAKE2b-512(\"Halo2-MockProver\")")
    func mockProverSeed() {
        #expect(
            Self.hex(Blake2b.hash(Array("Halo2-MockProver".utf8)))
                == "7a2a22bd9f78ac4193ae88a281b5b44818dd84eead2a2ec3c31520b6b7d4f702"
                + "80379a4344c44e1cbb2c18a395649ec27e242dcf8490121852a2c9930334ee04")
    }
}
