import BotCensusCore

/// The mail connections a capture import follows, from their SYN on, so that every later client→server
/// packet's TCP timestamp becomes a clock sample of that connection. It also tells a new connection's SYN
/// from a retransmission the way p0f does (same addresses, ports and sequence number within 30 s), so a
/// capture yields the same SYN records as p0f's log of it.
///
/// Every packet towards a mail port is looked up here, so the table is built for that: open addressing
/// over one array of 40-byte slots, each named by a 64-bit fingerprint of the connection (addresses and
/// ports, hashed with a seed drawn per import, so no capture can be built to collide). Two connections
/// sharing a fingerprint would take one chance in 2^64 per lookup; the record written always carries the
/// packet's own addresses, so at worst such a packet would add a true clock sample. A `Dictionary` over
/// full keys cost more than all the rest of a packet.
///
/// Memory stays bounded and the table small enough to stay in cache: a connection the client resets is
/// forgotten at once, one it closes (FIN) at its next packet (the ACK of the server's close) or
/// `closeGrace` seconds later, one idle for `idleLimit` seconds of capture time too; past
/// `maxConnections` the least recently seen half goes. The clock of forgetting (`forgetAt`) steps every
/// `closeGrace` seconds of capture time; a lookup ignores what it forgot, and the table is swept of them
/// only before it grows or once per `idleLimit`: sweeping every step cost a scan of the table per 10 s of
/// capture, 5% of a capture's import.
struct MailConnections {
    private struct Slot {
        /// 0: empty.
        var fingerprint: UInt64 = 0
        var sequence: UInt32 = 0
        var opened: Timestamp = 0
        var lastSeen: Timestamp = 0
        /// When the client sent FIN; infinity while the connection is open.
        var closed: Timestamp = .infinity
    }

    /// p0f's CONN_MAX_AGE: a SYN repeated within this is the same connection attempt.
    static let retransmissionWindow: Timestamp = 30
    /// Longer than SMTP servers wait for a client (Postfix: 300 s), so a live session is never dropped.
    let idleLimit: Timestamp
    /// After its FIN a client sends at most the ACKs of the server's own close, within moments.
    let closeGrace: Timestamp = 10
    let maxConnections: Int
    private var slots: [Slot]
    private(set) var count = 0
    private let seed: UInt64
    private var latest: Timestamp = -.infinity
    /// Connections idle or closed too long as of this capture time are forgotten.
    private var forgetAt: Timestamp = -.infinity
    private var lastSweep: Timestamp = -.infinity

    init(idleLimit: Timestamp = 600, maxConnections: Int = 200_000) {
        self.idleLimit = idleLimit
        self.maxConnections = maxConnections
        slots = [Slot](repeating: Slot(), count: 1024)
        seed = UInt64.random(in: 1...UInt64.max)
    }

    /// Records a SYN; true when it opens a connection, false when it repeats one p0f already reported.
    mutating func opening(_ f: TCPPacketFacts, sequence: UInt32, at time: Timestamp) -> Bool {
        prune(now: time)
        let fingerprint = fingerprint(f)
        let i = find(fingerprint)
        let known = slots[i]
        if known.fingerprint != 0, remembered(known), known.sequence == sequence, time - known.opened <= Self.retransmissionWindow {
            slots[i].lastSeen = max(known.lastSeen, time)
            return false
        }
        slots[i] = Slot(fingerprint: fingerprint, sequence: sequence, opened: time, lastSeen: time)
        if known.fingerprint == 0 {
            count += 1
            if count * 2 > slots.count {
                sweep()
                if count * 2 > slots.count { rebuild(capacity: slots.count * 2) }
            }
        }
        return true
    }

    /// True when the packet belongs to a followed connection (which is then noted as alive, closing, or
    /// gone). `f.flags`: FIN starts the close, RST or the ACK after a FIN ends the connection.
    mutating func follows(_ f: TCPPacketFacts, at time: Timestamp) -> Bool {
        let i = find(fingerprint(f))
        guard slots[i].fingerprint != 0 else { return false }
        guard remembered(slots[i]) else { remove(at: i); return false }
        let ends = f.flags & TCPHeader.rst != 0 || (slots[i].closed.isFinite && f.flags & TCPHeader.fin == 0)
        if ends {
            remove(at: i)
        } else {
            if time > slots[i].lastSeen { slots[i].lastSeen = time }
            if f.flags & TCPHeader.fin != 0 && !slots[i].closed.isFinite { slots[i].closed = time }
        }
        return true
    }

    private func fingerprint(_ f: TCPPacketFacts) -> UInt64 {
        @inline(__always) func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
            let m = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
            return m ^ (m >> 29)
        }
        let ports = UInt64(f.sourcePort) << 16 | UInt64(f.destinationPort) | (f.source.isV6 ? 1 << 32 : 0)
        let h = mix(mix(mix(mix(mix(seed, f.source.high), f.source.low), f.destination.high), f.destination.low), ports)
        return h == 0 ? 1 : h
    }

    /// The slot holding `fingerprint`, or the empty slot where it would go (linear probing; the table is
    /// never more than half full, so an empty slot is always found).
    private func find(_ fingerprint: UInt64) -> Int {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: fingerprint >> 7) & mask
        while true {
            let seen = slots[i].fingerprint
            if seen == fingerprint || seen == 0 { return i }
            i = (i + 1) & mask
        }
    }

    /// Empties slot `removed`, moving later entries of its probe run back so every one stays reachable
    /// (linear probing's deletion without tombstones).
    private mutating func remove(at removed: Int) {
        let mask = slots.count - 1
        var hole = removed
        var i = (removed + 1) & mask
        while slots[i].fingerprint != 0 {
            let home = Int(truncatingIfNeeded: slots[i].fingerprint >> 7) & mask
            // The entry may fill the hole unless its home lies cyclically in (hole, i].
            let stays = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i)
            if !stays {
                slots[hole] = slots[i]
                hole = i
            }
            i = (i + 1) & mask
        }
        slots[hole] = Slot()
        count -= 1
    }

    private mutating func rebuild(capacity: Int, keeping keep: (Slot) -> Bool = { _ in true }) {
        let old = slots
        slots = [Slot](repeating: Slot(), count: capacity)
        count = 0
        for slot in old where slot.fingerprint != 0 && keep(slot) {
            slots[find(slot.fingerprint)] = slot
            count += 1
        }
    }

    /// False once the connection was idle or closed too long as of `forgetAt`.
    private func remembered(_ s: Slot) -> Bool {
        Self.remembered(s, idleSince: forgetAt - idleLimit, closedSince: forgetAt - closeGrace)
    }

    private static func remembered(_ s: Slot, idleSince: Timestamp, closedSince: Timestamp) -> Bool {
        s.lastSeen >= idleSince && s.closed >= closedSince
    }

    private mutating func prune(now: Timestamp) {
        latest = max(latest, now)
        guard latest - forgetAt >= closeGrace || count > maxConnections else { return }
        forgetAt = latest
        if count > maxConnections || latest - lastSweep >= idleLimit { sweep() }
    }

    /// Drops what is forgotten and, past `maxConnections`, all but the most recently seen half.
    private mutating func sweep() {
        lastSweep = latest
        let idleSince = forgetAt - idleLimit, closedSince = forgetAt - closeGrace
        func remembered(_ s: Slot) -> Bool { Self.remembered(s, idleSince: idleSince, closedSince: closedSince) }
        var live: [Timestamp] = []
        for slot in slots where slot.fingerprint != 0 && remembered(slot) { live.append(slot.lastSeen) }
        // Nothing to forget: keep the table as it is.
        guard live.count < count || live.count > maxConnections else { return }
        var keepFrom = -Double.infinity
        if live.count > maxConnections {
            // A flood of live connections: keep the most recently seen half rather than grow without bound.
            keepFrom = live.sorted(by: >)[maxConnections / 2 - 1]
        }
        let kept = live.filter { $0 >= keepFrom }.count
        var capacity = 1024
        while capacity < kept * 4 { capacity *= 2 }
        rebuild(capacity: capacity) { remembered($0) && $0.lastSeen >= keepFrom }
    }
}
