import BotCensusCore

/// `probe --follow` with shards: senders arrive one by one, so there is no list to walk; an address belongs to
/// the shard its seeded hash names. M probers following one case with the same seed and shard count probe
/// every new sender once between them, whichever of them sees it first, with no talk between them.
public struct AddressShard: Sendable, Equatable {
    public let shard: Int
    public let shards: Int
    public let seed: UInt64

    public init(shard: Int, of shards: Int, seed: UInt64) {
        precondition(shards >= 1 && (0..<shards).contains(shard))
        self.shard = shard; self.shards = shards; self.seed = seed
    }

    /// The shard of `address`: FNV-1a over its bytes from a seeded basis, then SplitMix64's finaliser so
    /// neighbouring addresses spread over the shards.
    public static func of(_ address: IPAddress, shards: Int, seed: UInt64) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in address.description.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return Int(SplitMix64.mix(h) % UInt64(shards))
    }

    public func owns(_ address: IPAddress) -> Bool { Self.of(address, shards: shards, seed: seed) == shard }
}
