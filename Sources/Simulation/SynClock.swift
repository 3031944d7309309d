/// The two SYN header fields that change from one connection of a device to the next: the IPv4
/// identification and the TCP timestamp (TSval). They are what IP-ID runs (Bellovin 2002) and clock lines
/// (Kohno et al. 2005) count hosts behind one address from, so each follows the device's stack behaviour.
/// A pure function of (seed, device number, time, connection count, trap): no state, no wall clock.
public struct SynClock: Sendable {
    public var ipid: IPIDBehaviour
    public var timestamps: TimestampBehaviour
    public var clockHz: Int
    public var skewPPM: Double
    /// Seconds the device had been up at `start`.
    public var uptimeAtStart: Double
    /// Scenario start (UTC seconds): time zero of the counters.
    public var start: Double
    /// Incremental IP-ID: the counter's value at `start`, and the packets per second the device's other
    /// traffic advances it by (drawn 0.5–20, log-uniform: idle phones to busy PCs).
    public var idBase: Int
    public var idRate: Double
    /// Linux 4.10+ adds a keyed hash of (saddr, daddr) to TSval: behind NAT the private source address is
    /// fixed, so one secret per device gives one offset per device and trap.
    public var pairSecret: UInt64

    public init(ipid: IPIDBehaviour, timestamps: TimestampBehaviour, clockHz: Int, skewPPM: Double, uptimeAtStart: Double,
                start: Double, idBase: Int, idRate: Double, pairSecret: UInt64) {
        self.ipid = ipid; self.timestamps = timestamps; self.clockHz = clockHz; self.skewPPM = skewPPM
        self.uptimeAtStart = uptimeAtStart; self.start = start; self.idBase = idBase; self.idRate = idRate; self.pairSecret = pairSecret
    }

    /// The clock of global device `number` (its own random stream, so drawing it changes no other draw).
    public init(device: Device, number: Int, seed: UInt64, start: Double) {
        var rng = SimRandom(seed: seed, stream: 8, index: UInt64(number))
        let base = rng.below(65536)
        let rate = 0.5 * pow(40, rng.unit())
        self.init(ipid: device.stack.ipid, timestamps: device.stack.timestamps, clockHz: device.stack.clockHz,
                  skewPPM: device.clockSkewPPM, uptimeAtStart: Double(device.uptimeAtStart), start: start,
                  idBase: base, idRate: rate, pairSecret: rng.next())
    }

    /// IP ID of a SYN sent at `time` after `connections` earlier SYNs of this device. `random` is the
    /// connection's own random word. The incremental counter skips 0 (it counts 1…65535): every stack here
    /// sets DF, and p0f's `id+` quirk, which the simulated p0f log always prints, needs a non-zero ID.
    public func ipID(at time: Double, connections: Int, random: UInt64) -> UInt16 {
        switch ipid {
        case .zero: return 0
        case .random: return UInt16(1 + random % 65535)
        case .incremental:
            let n = idBase + Int((idRate * (time - start)).rounded(.down)) + connections
            return UInt16(1 + n % 65535)
        }
    }

    /// TSval of a SYN sent at `time` to `trap` (its IPv4 address); nil without timestamps. Never 0: p0f
    /// would print the `ts1-` quirk, which the simulated stacks do not have.
    public func tsVal(at time: Double, trap: UInt32, random: UInt64) -> UInt32? {
        let value: UInt32
        switch timestamps {
        case .none: return nil
        case .perConnectionRandom: value = UInt32(truncatingIfNeeded: random >> 16)
        case .rawUptime: value = uptimeTicks(at: time)
        case .perAddressPairOffset: value = uptimeTicks(at: time) &+ pairOffset(trap: trap)
        }
        return value == 0 ? 1 : value
    }

    /// floor((uptime at start + elapsed) · Hz · (1 + skew)) mod 2^32.
    public func uptimeTicks(at time: Double) -> UInt32 {
        let ticks = ((uptimeAtStart + time - start) * Double(clockHz) * (1 + skewPPM * 1e-6)).rounded(.down)
        return UInt32(truncatingIfNeeded: UInt64(max(0, ticks)))
    }

    public func pairOffset(trap: UInt32) -> UInt32 {
        UInt32(truncatingIfNeeded: SimRandom.mix(pairSecret ^ UInt64(trap)) >> 32)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
