@_exported import BotCensusTesting
import Foundation

/// The case the export tests read: the demo's, plus evidence written by an attacker's hand (a HELO and a
/// telnet banner with quotes, commas, a semicolon, formula-looking text and line breaks) and an IPv6 sender,
/// analysed so the stored verdicts cover them.
enum ExportCase {
    static let hostileHelo = #"say "hi", =HYPERLINK("http://x");@SUM(1+1) ,,"" é"#
    static let hostileBanner = "Login: \"root\",\r\n=cmd|' /C calc'!A0\n+1,-2\r\n\"\"\"end"
    static let hostileAddress = "198.51.100.61"
    static let ipv6Sender = "2001:db8:7::25"

    /// Builds the case in `dir` and returns its path.
    static func make(in dir: URL) throws -> String {
        let casePath = dir.appendingPathComponent("export.db").path
        let demo = try botcensus(["demo", "--case", casePath], in: dir)
        guard demo.status == 0 else { throw TestFailure("demo: \(demo.stderr)") }
        let exim = [
            "2026-01-06 03:04:06 1tUvXy-000Abc-12 <= spam@example.com H=(\(hostileHelo)) [\(hostileAddress)]:54321 I=[198.18.0.25]:25 P=esmtp S=1234 id=hostile@example.com",
            "2026-01-06 05:10:00 1tUvXz-000Abd-13 <= spam@example.com H=(ws6) [\(ipv6Sender)]:40000 I=[198.18.0.25]:25 P=esmtp S=999 id=v6@example.com",
        ].joined(separator: "\n") + "\n"
        let banner = try JSONSerialization.data(withJSONObject: [
            "ip": hostileAddress,
            "data": ["telnet": ["status": "success", "protocol": "telnet", "port": 23, "result": ["banner": hostileBanner],
                                "timestamp": "2026-01-06T09:00:15Z"]],
        ])
        let eximPath = try temporaryFile(exim, name: "exim-mainlog.log")
        let scanPath = try temporaryFile(Array(banner) + [10], name: "scan.zgrab2.jsonl")
        let imported = try botcensus(["import", "--case", casePath, "--timezone", "utc", eximPath, scanPath])
        guard imported.status == 0 else { throw TestFailure("import: \(imported.stderr)") }
        let analysed = try botcensus(["attribute", "--case", casePath, "--format", "jsonl"])
        guard analysed.status == 0 else { throw TestFailure("attribute: \(analysed.stderr)") }
        return casePath
    }

    /// `export TABLE` in `format` into a file of `dir`; its path.
    static func export(_ table: String, _ format: String, case casePath: String, in dir: URL) throws -> String {
        let result = try botcensus(["export", table, "--case", casePath, "--format", format])
        guard result.status == 0 else { throw TestFailure("export \(table) --format \(format): \(result.stderr)") }
        let path = dir.appendingPathComponent("\(table).\(format)").path
        try Data(result.stdout.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// A Python script of scripts/ under the `python3` on PATH: the one scripts/setup.sh's `python3 -m pip`
/// installs stix2 into (as ContractSchemaTests runs its jsonschema validator), which need not be Debian's.
func pathPython(_ arguments: [String]) throws -> CommandResult {
    try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
}

func pathPythonScript(_ name: String, _ arguments: [String]) throws -> CommandResult {
    try pathPython([packageRoot.appendingPathComponent("scripts/\(name)").path] + arguments)
}
