import BotCensusTesting
import Foundation
import Testing

/// A public trap is held open by idle bots: 10,000 sessions that connect, read the greeting and say nothing
/// (scripts/trap-idle.py, from 200 loopback addresses). The trap greets them all within its limits, its memory
/// stays bounded per session, and a fresh client is still served in full meanwhile. The time that client
/// took is printed (and measured by `make bench-trap`'s idle row), never asserted.
@Suite(.serialized) struct TrapScaleTests {
    @Test(.timeLimit(.minutes(5))) func tenThousandIdleSessionsLeaveRoomForAFreshClient() throws {
        let trap = try RunningTrap(["--log-level", "warning", "--max-sessions", "10050", "--per-ip", "60"], ipv6: false)
        let idle = try script("trap-idle.py", ["127.0.0.1", "\(trap.smtpPort)", "--sessions", "10000", "--sources", "200",
                                               "--pid", "\(trap.process.processIdentifier)"])
        try #require(idle.status == 0, "trap-idle.py: \(idle.stderr)")
        let result = try JSONSerialization.jsonObject(with: Data(idle.stdout.utf8)) as? [String: Any] ?? [:]
        print("trap scale: \(idle.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
        #expect(result["opened"] as? Int == 10000)
        #expect(result["greeted"] as? Int == 10000)
        #expect(result["refused"] as? Int == 0)
        #expect(result["fresh_client_error"] == nil, "\(result)")
        let queueID = try #require(result["fresh_client_queue_id"] as? String)
        // Bounded memory: well under 32 KiB per idle session (a session's buffers are allocated as it speaks).
        let before = try #require(result["rss_before_kib"] as? Int), after = try #require(result["rss_after_kib"] as? Int)
        #expect(after - before < 10000 * 32, "RSS grew \(after - before) KiB for 10,000 idle sessions")
        try trap.stop()
        #expect(try trap.count("SELECT count(*) FROM trap_sessions") == 10001)
        #expect(try trap.count("SELECT count(*) FROM trap_messages WHERE queue_id = '\(queueID)'") == 1)
        #expect(try trap.count("SELECT count(*) FROM trap_sessions WHERE ended IS NULL") == 0)
    }
}
