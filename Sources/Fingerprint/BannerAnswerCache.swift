#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Answers already worked out, keyed on a banner's bytes (and a tag saying how to read them), each kept as
/// bytes (a rendered output line). Scans repeat banners (`nginx`, `Apache`) many times over, so most lines
/// are one hash, one compare and one copy. Everything lives in a few flat arrays: no String, no retain
/// per entry, nothing to free one by one. Bounded: past `limit` entries it starts over.
public struct BannerAnswerCache {
    /// One slot of the open-addressing table, the entry itself (not an index to it): a lookup is one
    /// slot load and one compare in the arena, which at a million lines are what the time goes to.
    private struct Slot {
        var hash: UInt64 = 0
        var start = 0           // key bytes at arena[start...], then the value
        var keyCount: Int32 = -1  // -1: empty
        var valueCount: Int32 = 0
        var ordinal: Int32 = 0
        var tag: UInt8 = 0
    }

    private var arena: [UInt8] = []
    /// Twice `limit`, a power of two.
    private var slots: [Slot]
    private let mask: Int
    public private(set) var count = 0
    public let limit: Int
    /// Banners are attacker-written: a per-process seed keeps crafted collisions from being planned.
    private let seed = UInt64.random(in: .min ... .max)

    public init(limit: Int = 1 << 16) {
        self.limit = limit
        var size = 16
        while size < 2 * limit { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    /// A found entry, for `withValue` and `ordinal`.
    public struct Entry { fileprivate var slot: Int }

    /// The entry for `key` and `tag`, or nil.
    public func find(_ key: UnsafeRawBufferPointer, tag: UInt8) -> Entry? {
        let h = hash(key, tag)
        return arena.withUnsafeBytes { a in
            slots.withUnsafeBufferPointer { s in
                var i = Int(truncatingIfNeeded: h) & mask
                while true {
                    let e = s[i]
                    if e.keyCount < 0 { return nil }
                    if e.hash == h && e.tag == tag && Int(e.keyCount) == key.count
                        && (key.isEmpty || memcmp(a.baseAddress! + e.start, key.baseAddress!, key.count) == 0) {
                        return Entry(slot: i)
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// The order in which the entry was stored since the cache last started over (0, 1, …).
    public func ordinal(_ entry: Entry) -> Int { Int(slots[entry.slot].ordinal) }

    /// The value bytes of `entry`.
    public func withValue<R>(_ entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let e = slots[entry.slot]
        return try arena.withUnsafeBufferPointer { a in
            try body(UnsafeBufferPointer(start: a.baseAddress! + e.start + Int(e.keyCount), count: Int(e.valueCount)))
        }
    }

    /// Stores `value` for a key not yet present; returns its ordinal. When full, starts over first (an
    /// ordinal of 0 says so, for side tables indexed by ordinal).
    @discardableResult
    public mutating func insert(_ key: UnsafeRawBufferPointer, tag: UInt8, value: UnsafeBufferPointer<UInt8>) -> Int {
        if count >= limit {
            count = 0
            arena.removeAll(keepingCapacity: true)
            slots.withUnsafeMutableBufferPointer { s in s.update(repeating: Slot()) }
        }
        let h = hash(key, tag)
        let slot = Slot(hash: h, start: arena.count, keyCount: Int32(key.count), valueCount: Int32(value.count),
                        ordinal: Int32(count), tag: tag)
        arena.append(contentsOf: key)
        arena.append(contentsOf: value)
        slots.withUnsafeMutableBufferPointer { s in
            var i = Int(truncatingIfNeeded: h) & mask
            while s[i].keyCount >= 0 { i = (i + 1) & mask }
            s[i] = slot
        }
        count += 1
        return count - 1
    }

    /// A seeded multiply-fold hash over 8-byte words (wyhash's mixing step): SipHash per line cost more
    /// than the rest of a cache hit.
    @inline(__always)
    private func hash(_ key: UnsafeRawBufferPointer, _ tag: UInt8) -> UInt64 {
        @inline(__always) func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let r = a.multipliedFullWidth(by: b)
            return r.high ^ r.low
        }
        let k1: UInt64 = 0xa076_1d64_78bd_642f, k2: UInt64 = 0xe703_7ed1_a0b4_28db
        var h = seed ^ (UInt64(key.count) << 8 | UInt64(tag))
        var i = 0
        let n = key.count
        while i + 8 <= n {
            h = mix(key.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ k1, h ^ k2)
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n { tail |= UInt64(key[i]) << shift; shift += 8; i += 1 }
            h = mix(tail ^ k1, h ^ k2)
        }
        return mix(h ^ k1, h ^ k2 ^ seed)
    }
}
