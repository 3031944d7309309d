/// The favicon hash as Shodan computes it (`http.favicon.hash`): MurmurHash3 (x86, 32-bit, seed 0) of the
/// icon's base64 text as Python's `base64.encodebytes` writes it (a newline after every 76 characters and at
/// the end), as a signed 32-bit integer. Searching Shodan or Censys for the number finds the same devices.
enum FaviconHash {
    static func shodan(_ icon: [UInt8]) -> Int32 {
        Int32(bitPattern: murmur3(Array(base64Lines(icon).utf8)))
    }

    static func base64Lines(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var encoded: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            encoded.append(alphabet[Int(b0 >> 2)])
            encoded.append(alphabet[Int((b0 & 3) << 4 | b1 >> 4)])
            encoded.append(i + 1 < bytes.count ? alphabet[Int((b1 & 15) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            encoded.append(i + 2 < bytes.count ? alphabet[Int(b2 & 63)] : UInt8(ascii: "="))
            i += 3
        }
        var out: [UInt8] = []
        for (n, byte) in encoded.enumerated() {
            out.append(byte)
            if n % 76 == 75 { out.append(10) }
        }
        if out.last != 10 { out.append(10) }
        return String(decoding: out, as: UTF8.self)
    }

    static func murmur3(_ data: [UInt8], seed: UInt32 = 0) -> UInt32 {
        let c1: UInt32 = 0xcc9e_2d51, c2: UInt32 = 0x1b87_3593
        var h = seed
        let blocks = data.count / 4
        for b in 0..<blocks {
            var k = UInt32(data[4 * b]) | UInt32(data[4 * b + 1]) << 8 | UInt32(data[4 * b + 2]) << 16 | UInt32(data[4 * b + 3]) << 24
            k = k &* c1; k = k << 15 | k >> 17; k = k &* c2
            h ^= k; h = h << 13 | h >> 19; h = h &* 5 &+ 0xe654_6b64
        }
        var k: UInt32 = 0
        let tail = blocks * 4
        switch data.count & 3 {
        case 3: k ^= UInt32(data[tail + 2]) << 16; fallthrough
        case 2: k ^= UInt32(data[tail + 1]) << 8; fallthrough
        case 1: k ^= UInt32(data[tail]); k = k &* c1; k = k << 15 | k >> 17; k = k &* c2; h ^= k
        default: break
        }
        h ^= UInt32(data.count)
        h ^= h >> 16; h = h &* 0x85eb_ca6b; h ^= h >> 13; h = h &* 0xc2b2_ae35; h ^= h >> 16
        return h
    }
}
