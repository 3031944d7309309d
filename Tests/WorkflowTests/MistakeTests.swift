import Foundation
import Testing

/// Mistakes a careful user makes, through the real binary: each ends in one line on stderr naming the path
/// or argument and the problem, with exit 1 (failed work) or 2 (usage), and reading commands never create a case.
@Suite struct MistakeTests {
    struct Mistake: CustomStringConvertible, Sendable {
        var arguments: [String]
        var status: Int32
        var says: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let dir = temporaryDirectory()
    static let missingCase = dir.appendingPathComponent("typo.db").path
    static let randomFile: String = {
        let path = dir.appendingPathComponent("random.bin").path
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<40_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }()

    static let badTargets: String = {
        let path = dir.appendingPathComponent("targets.txt").path
        try? "127.0.0.1,80,http\nnot-an-address\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()
    static let badBlocklist: String = {
        let path = dir.appendingPathComponent("block.conf").path
        try? "# ours\n10.0.0.0/33\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()

    static let mistakes: [Mistake] = [
        Mistake(arguments: ["probe", "--targets", badTargets], status: 2, says: "--scope"),
        Mistake(arguments: ["probe", "--targets", badTargets, "--scope", "example.com"], status: 2, says: "--scope: 'example.com'"),
        Mistake(arguments: ["probe", "--targets", badTargets, "--scope", "127.0.0.0/8"], status: 1, says: "targets.txt:2: 'not-an-address'"),
        Mistake(arguments: ["probe", "--targets", dir.appendingPathComponent("absent.txt").path, "--scope", "127.0.0.0/8"], status: 1,
                says: "absent.txt: cannot read the target list"),
        Mistake(arguments: ["probe", "--targets", badTargets, "--scope", "127.0.0.0/8", "--blocklist", badBlocklist], status: 1,
                says: "block.conf:2: '10.0.0.0/33'"),
        Mistake(arguments: ["probe", "--case", missingCase, "--scope", "127.0.0.0/8"], status: 1, says: "no such case"),
        Mistake(arguments: ["probe", "--targets", badTargets, "--scope", "127.0.0.0/8", "--shards", "2", "--shard", "2"], status: 2,
                says: "--shard must be"),
        Mistake(arguments: ["probe", "--follow", "--targets", badTargets, "--scope", "127.0.0.0/8"], status: 2, says: "--follow watches a case"),
        Mistake(arguments: ["lab", "send", "--out", dir.appendingPathComponent("no-lab").path], status: 2, says: "no-lab/lab.json: no lab state"),
        Mistake(arguments: ["lab", "up", dir.appendingPathComponent("absent-lab.json").path, "--loopback", "--out",
                            dir.appendingPathComponent("never-made").path], status: 1, says: "absent-lab.json: cannot read the lab scenario"),
        Mistake(arguments: ["lab", "up", "--households", "0", "--out", dir.appendingPathComponent("never-made").path], status: 2,
                says: "--households must be 1 to 250"),
        Mistake(arguments: ["attribute", "--case", missingCase], status: 1, says: "no such case"),
        Mistake(arguments: ["census", "--case", missingCase, "--format", "json"], status: 1, says: "no such case"),
        Mistake(arguments: ["export", "events", "--case", missingCase], status: 1, says: "no such case"),
        Mistake(arguments: ["import", "--case", dir.appendingPathComponent("no/such/folder/c.db").path, fixture("p0f.log")],
                status: 1, says: "does not exist"),
        Mistake(arguments: ["attribute", "--case", dir.path], status: 1, says: "is a folder"),
        Mistake(arguments: ["attribute", "--case", fixture("p0f.log")], status: 1, says: "not a botcensus case"),
        Mistake(arguments: ["identify", "--db", "recog:" + dir.appendingPathComponent("no-recog").path, "Apache"], status: 2,
                says: "does not exist"),
        Mistake(arguments: ["identify", "--db", "nmap:/no/such/nmap-service-probes", "Apache"], status: 2, says: "does not exist"),
        Mistake(arguments: ["identify", "--db", "bogus", "Apache"], status: 2, says: "unknown database 'bogus'"),
        Mistake(arguments: ["import", "--case", dir.appendingPathComponent("r.db").path, "--format", "postfix", randomFile],
                status: 1, says: "is it a postfix file?"),
        Mistake(arguments: ["import", "--case", dir.appendingPathComponent("m.db").path, dir.appendingPathComponent("absent.log").path],
                status: 1, says: "absent.log"),
        Mistake(arguments: ["census", "--format", "xml"], status: 2, says: "xml"),
    ]

    @Test(arguments: mistakes) func endsInOneLineNamingTheProblem(_ m: Mistake) throws {
        let r = try botcensus(m.arguments, in: Self.dir)
        #expect(r.status == m.status, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n").filter { !$0.hasPrefix("Usage:") && !$0.hasPrefix("Help:") && !$0.hasPrefix("  See '") && !$0.isEmpty }
        #expect(lines.count == 1, "stderr: \(r.stderr)")
        #expect(r.stderr.contains(m.says), "stderr: \(r.stderr)")
        #expect(!r.stderr.contains("Error Domain") && !r.stderr.contains("SQLite error"), "raw error: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: Self.missingCase), "a reading command created the case")
        #expect(!FileManager.default.fileExists(atPath: Self.dir.appendingPathComponent("never-made").path), "a failed lab up made its folder")
    }

    @Test func aForcedWrongFormatAddsNothing() throws {
        let casePath = Self.dir.appendingPathComponent("wrong.db").path
        _ = try botcensus(["import", "--case", casePath, "--format", "postfix", Self.randomFile])
        let events = try botcensus(["export", "events", "--case", casePath])
        #expect(events.status == 0 && events.stdout.isEmpty)
    }

    @Test func versionIsPrinted() throws {
        let r = try botcensus(["--version"])
        #expect(r.status == 0 && r.stdout.hasPrefix("botcensus "))
    }

    /// Recog's folder or one of its files, as users pass it.
    @Test(.enabled(if: TestEnvironment.hasRecog || TestEnvironment.inCI, "../shared/recog/xml is absent"))
    func oneRecogFileIsADatabase() throws {
        let file = recogFolder.appendingPathComponent("http_servers.xml").path
        let r = try botcensus(["identify", "--db", "recog:" + file, "--field", "http.server", "--format", "jsonl", "Apache/2.4.41 (Ubuntu)"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"product\":\"HTTPD\""))
    }
}
