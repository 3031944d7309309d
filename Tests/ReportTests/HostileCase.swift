import BotCensusCore
import Foundation
import Store

/// A case whose evidence was written by an attacker: HELO names, reverse-DNS names, subjects, banners and
/// even the identified device's vendor carry markup, script, an ESC sequence and a NUL.
enum HostileCase {
    static let texts = [
        "<script>document.title='pwned'</script>",
        "<svg onload=alert(1)>",
        "\"><img src=x onerror=alert(1)>",
        "\u{1b}[31mred",
        "\u{0}",
    ]

    /// Each text as it must read on the page's source (escaped, controls made visible), and as Chromium
    /// serialises the text node after load (quotes are not escaped in text nodes).
    static let inSource = [
        "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;",
        "&lt;svg onload=alert(1)&gt;",
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
        "\\x1b[31mred",
        "\\x00",
    ]
    static let inDOM = [
        "&lt;script&gt;document.title='pwned'&lt;/script&gt;",
        "&lt;svg onload=alert(1)&gt;",
        "\"&gt;&lt;img src=x onerror=alert(1)&gt;",
        "\\x1b[31mred",
        "\\x00",
    ]

    /// One address per text (198.51.100.1…), each sending three messages with that text in its HELO, name and
    /// subject, and answering the scan with it in its banners; the first device is "identified" with it too.
    static func build(at path: String) throws -> CaseStore {
        let store = try CaseStore(path: path)
        _ = try store.importFile(path: "hostile-evidence") { writer in
            var n = 0
            for (i, text) in texts.enumerated() {
                let ip = IPAddress("198.51.100.\(i + 1)")!
                for k in 0..<3 {
                    n += 1
                    try writer.insert(SpamEvent(ip: ip, time: 1_767_600_000 + Double(i * 600 + k * 60), kind: .message,
                                                hostname: "host\(text)", helo: "helo\(text)", queueID: "Q\(i)X\(k)",
                                                subject: "subject\(text)", source: SourceRef(file: "hostile", line: n)))
                }
                let fields = ["http.title": "title\(text)", "http.server": "server\(text)", "ssh.banner": "SSH-2.0-\(text)"]
                let observation = ServiceObservation(ip: ip, port: 80, time: 1_767_600_000 + Double(i * 600 + 200), proto: "http",
                                                     fields: fields, source: SourceRef(file: "hostile", line: 100 + i))
                let identity = i == 0 ? DeviceIdentity(deviceClass: .camera, vendor: "vendor\(text)", product: "product\(text)",
                                                       version: nil, os: .embeddedLinux, signature: "sig\(text)", database: "own",
                                                       field: "http.title") : nil
                try writer.insert(observation, identity: identity)
            }
            return CaseStore.ImportCounts(format: "test", lines: n, records: n, badLines: 0, sha256: UUID().uuidString)
        }
        return store
    }
}
