import Testing
import Ingest

/// swift-crypto's SHA-256 behind ContentDigest: the known vectors, and streaming in odd pieces equals one shot.
@Suite struct ContentDigestTests {
    @Test func knownVectors() {
        #expect(ContentDigest.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentDigest.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentDigest.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func streamingEqualsOneShot() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var h = ContentDigest()
        var i = 0
        for size in [1, 63, 64, 65, 1000, 127] where i < data.count {
            let end = min(data.count, i + size)
            h.update(data[i..<end])
            i = end
        }
        h.update(data[i...])
        #expect(h.finalize() == ContentDigest.hex(data))
    }
}
