import Crypto

/// SHA-256 of a file's content as lowercase hex: how the case recognises a file it already holds (under any
/// name), and the campaign key of a body template. swift-crypto (BoringSSL's SHA-256, with the CPU's SHA
/// extensions where present) instead of our own: it runs at the disk's speed.
public struct ContentDigest {
    private var hasher = SHA256()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        let array = Array(bytes)
        array.withUnsafeBytes { hasher.update(bufferPointer: $0) }
    }

    public func finalize() -> String { Self.hexString(hasher.finalize()) }

    public static func hex<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        var d = ContentDigest()
        d.update(bytes)
        return d.finalize()
    }

    /// Bytes as lower-case hex (a digest, or raw bytes shown as text).
    public static func hexString<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for b in digest { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
