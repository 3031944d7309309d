import BotCensusCore

/// Which Received header names the sender. Every MTA adds its header on top, so the headers read top-down
/// go back in time; only the topmost is known to be ours, and each one below was written by the host the
/// one above says it received from. The walk therefore goes down only while that host is one of our
/// relays: the first hop whose sender is not ours gives the sending address and HELO, and every header
/// below it is ignored because the sender could have written it.
///
/// A hop's sender is one of our relays when
/// - its address is loopback (a content filter on our own machine re-injecting the message), or lies in
///   one of the `--trusted-relays` networks; or
/// - its host — the reverse name our relay looked up (unless Sendmail flagged it `may be forged`), else the
///   HELO — is a relay name, and the header below was stamped `by` a relay name too: the relay names
///   itself on both sides. (A HELO is the client's claim; list relays as networks when you can.)
///
/// A hop without a `from` clause (`by`-only: a local pickup, Gmail's internal step; or a qmail comment)
/// records a hand-off inside the trusted system, and the walk goes on.
struct TrustBoundary {
    let relays: TrustedRelays

    enum Outcome: Equatable {
        case sender(ReceivedHop)
        /// Every hop was one of ours (mail sent from inside): no outside sender to count.
        case internalOnly
        case unusable(String)
    }

    static let noSender = "no Received header names a sending address"

    /// `received`: the message's Received values, top to bottom, with their lines.
    func find(_ received: [(value: ArraySlice<UInt8>, line: Int)]) -> Outcome {
        guard !received.isEmpty else { return .unusable(TrustBoundary.noSender) }
        var next: ReceivedHop? = ReceivedHop(value: received[0].value, line: received[0].line)
        var i = 0
        while let hop = next {
            next = i + 1 < received.count ? ReceivedHop(value: received[i + 1].value, line: received[i + 1].line) : nil
            i += 1
            if !hop.hasFrom {
                guard hop.by != nil || hop.onlyComments else {
                    return .unusable("\(TrustBoundary.noSender) (the trusted Received header at line \(hop.line) cannot be read)")
                }
                continue
            }
            guard hop.ip != nil else {
                return .unusable("\(TrustBoundary.noSender) (the trusted Received header at line \(hop.line) has no address in its from clause)")
            }
            if isRelay(hop, below: next) { continue }
            return .sender(hop)
        }
        return .internalOnly
    }

    /// True when the host that handed the message to `hop`'s receiver is one of ours.
    func isRelay(_ hop: ReceivedHop, below: ReceivedHop?) -> Bool {
        guard let ip = hop.ip else { return false }
        if TrustBoundary.isLoopback(ip) || relays.contains(ip) { return true }
        guard !relays.hosts.isEmpty || !relays.domains.isEmpty, let by = below?.by, relays.names(by) else { return false }
        let host = (hop.reverseNameForged ? nil : hop.reverseName) ?? hop.helo.flatMap { ReceivedHop.hostName(Array($0.utf8)[...]) }
        return host.map(relays.names) ?? false
    }

    static func isLoopback(_ ip: IPAddress) -> Bool {
        ip.isV6 ? (ip.high == 0 && ip.low == 1) : (ip.low >> 24) == 127
    }
}
