import BotCensusCore
import Foundation
import Store

/// The cases the web view tests serve: the demo's (with a raw-mail mailbox, so it has campaigns), one with
/// attacker-written text in every place a sender controls, and a small simulated world.
enum WebViewCases {
    /// campaign.mboxrd's three-message campaign (Tests/Fixtures/mail/README.md).
    static let parcelCampaign = "18c12a7489ef840e"
    static let parcelSenders = ["203.0.113.11", "203.0.113.12", "203.0.113.13"]
    /// The demo's NAT'd fridge: a Windows laptop behind it sends.
    static let fridgeAddress = "203.0.113.7"

    /// `demo` into `dir/name`, then campaign.mboxrd imported beside it; the case's path.
    static func demo(in dir: URL, name: String = "demo.db", withCampaigns: Bool = true) throws -> String {
        let casePath = dir.appendingPathComponent(name).path
        let demo = try botcensus(["demo", "--case", casePath], in: dir)
        guard demo.status == 0 else { throw TestFailure("demo: \(demo.stderr)") }
        if withCampaigns { try importMailbox(into: casePath) }
        return casePath
    }

    static func importMailbox(into casePath: String) throws {
        let imported = try botcensus(["import", "--case", casePath, "--timezone", "utc", mailFixture("campaign.mboxrd")])
        guard imported.status == 0 else { throw TestFailure("import: \(imported.stderr)") }
    }

    /// A simulated ThingBot world (thingbot-small, seed 5) imported as ContractSchemaTests imports it.
    static func world(in dir: URL) throws -> String {
        let world = dir.appendingPathComponent("world").path
        let sim = try botcensus(["simulate", packageRoot.appendingPathComponent("scenarios/thingbot-small.json").path, "--out", world, "--seed", "5"])
        guard sim.status == 0 else { throw TestFailure("simulate: \(sim.stderr)") }
        let files = try FileManager.default.contentsOfDirectory(atPath: world)
            .filter { $0.hasSuffix(".postfix.log") || $0.hasSuffix(".syn.pcap") || $0 == "scan.zgrab2.jsonl" }.sorted().map { "\(world)/\($0)" }
        let casePath = dir.appendingPathComponent("world.db").path
        let imported = try botcensus(["import", "--case", casePath, "--db", "own", "--year", "2026", "--timezone", "utc"] + files)
        guard imported.status == 0 else { throw TestFailure("import: \(imported.stderr)") }
        return casePath
    }

    // MARK: Hostile text

    /// What an attacker writes into a HELO, a subject or a banner.
    static let hostileTexts = [
        "<script>document.title='pwned'</script>",
        "<svg onload=alert(1)>",
        "\"><img src=x onerror=alert(1)>",
        "\u{1b}[31mred",
        "nul\u{0}byte",
    ]
    /// The same texts as a page must show them: markup as written, control characters as visible escapes.
    static let hostileShown = [
        "<script>document.title='pwned'</script>",
        "<svg onload=alert(1)>",
        "\"><img src=x onerror=alert(1)>",
        "\\x1b[31mred",
        "nul\\x00byte",
    ]
    static let hostileAddress = "198.51.100.66"
    /// A campaign key is the sender's doing too (the trap and raw mail compute it, but a case may hold any).
    static let hostileCampaign = "<b>\"camp'aign</b>"

    /// The demo case plus, from `hostileAddress`, one message per hostile text (as HELO and in the subject, all
    /// of `hostileCampaign`) and a scan observation whose banners hold them all; analysed and stored.
    static func hostile(in dir: URL) throws -> String {
        let casePath = try demo(in: dir, name: "hostile.db", withCampaigns: false)
        let store = try CaseStore(path: casePath, mode: .existing)
        let ip = IPAddress(hostileAddress)!
        let base = utc("2026-01-10T08:00:00Z")
        _ = try store.importFile(path: dir.appendingPathComponent("hostile-evidence").path) { writer in
            for (i, text) in hostileTexts.enumerated() {
                try writer.insert(SpamEvent(ip: ip, time: base + Double(i * 60), kind: .message, hostname: "host-\(i).example",
                                            helo: text, queueID: "HOSTILE\(i)", campaign: hostileCampaign,
                                            messageID: "<\(i)@hostile.example>", subject: "offer \(text)", mailer: text,
                                            source: SourceRef(file: "hostile", line: i + 1)))
            }
            var fields: [String: String] = [:]
            for (field, text) in zip(["http.title", "http.server", "ssh.banner", "telnet.banner", "ftp.banner"], hostileTexts) {
                fields[field] = text
            }
            try writer.insert(ServiceObservation(ip: ip, port: 80, time: base + 3600, proto: "http", fields: fields,
                                                 source: SourceRef(file: "hostile", line: 9)), identity: nil)
            return CaseStore.ImportCounts(format: "test", lines: 6, records: 6, badLines: 0, sha256: "hostile-\(UUID().uuidString)")
        }
        let analysed = try botcensus(["attribute", "--case", casePath, "--format", "jsonl"])
        guard analysed.status == 0 else { throw TestFailure("attribute: \(analysed.stderr)") }
        return casePath
    }

    /// A path segment percent-encoded as a browser would send it.
    static func segment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")) ?? text
    }

    /// SHA-256 of a file, by sha256sum (the case must be byte-identical after serving it).
    static func digest(_ path: String) throws -> String {
        let r = try run(try tool("sha256sum"), [path])
        guard r.status == 0 else { throw TestFailure("sha256sum \(path): \(r.stderr)") }
        return String(r.stdout.prefix(64))
    }
}
