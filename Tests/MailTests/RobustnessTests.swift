import BotCensusCore
import Foundation
import Testing
@testable import Ingest

/// Spam is written by adversaries: mutated fixtures (bytes flipped, cut, and the parsers' own delimiters
/// spliced in) must give an event or a reason, never a crash. Seeded, so a failure reproduces.
@Suite struct RobustnessTests {
    struct XorShift {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    static let splices: [[UInt8]] = ["(", ")", "[", "]", ";", "=?", "?=", "?Q?", "?B?", "\\", ":", "\n", "\n ", " ", "=", "@",
                                     "from ", "by ", "helo=", "[IPv6:", "--", "http://", "www.", "\u{00}", "\u{FF}"].map { Array($0.utf8) }

    @Test func mutatedMessagesNeverCrash() throws {
        let boundary = TrustBoundary(relays: try TrustedRelays(["192.0.2.0/24", "*.example.net"]))
        var rng = XorShift(state: 0x9E37_79B9_7F4A_7C15)
        var outcomes = (events: 0, bad: 0, ignored: 0)
        for name in ["postfix.eml", "exim.eml", "exim-literal.eml", "sendmail.eml", "exchange.eml", "gmail.eml",
                     "ipv6-literal.eml", "qmail.eml", "relays.eml", "campaign.mboxrd"] {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: mailFixture(name))))
            for _ in 0..<150 {
                var bytes = original
                for _ in 0..<(1 + rng.below(6)) {
                    let at = rng.below(bytes.count + 1)
                    switch rng.below(4) {
                    case 0: if at < bytes.count { bytes[at] = UInt8(truncatingIfNeeded: rng.next()) }
                    case 1: bytes.insert(contentsOf: RobustnessTests.splices[rng.below(RobustnessTests.splices.count)], at: at)
                    case 2: bytes.removeSubrange(at..<min(bytes.count, at + rng.below(40)))
                    default: bytes = Array(bytes[..<at])
                    }
                }
                var reader = MessageReader(startLine: 1, envelopeTime: nil)
                for (i, line) in bytes.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
                    Array(line).withUnsafeBytes { reader.feed($0, number: i + 1) }
                }
                switch MessageEvent(boundary: boundary).build(&reader, source: SourceRef(file: name, line: 1)) {
                case .event: outcomes.events += 1
                case .bad: outcomes.bad += 1
                case .ignored: outcomes.ignored += 1
                }
            }
        }
        #expect(outcomes.events + outcomes.bad + outcomes.ignored == 1500)
        #expect(outcomes.events > 500) // most mutations leave the trusted header readable
    }
}
