import Foundation
import Testing

/// The verdict and census contracts (docs/schema, JSON Schema 2020-12) hold on real output: the demo's case
/// and a simulated world's, each validated by python-jsonschema (installed by scripts/setup.sh) through
/// scripts/validate-contracts.py, which also checks that no verdict row contradicts itself.
@Suite struct ContractSchemaTests {
    func validate(_ kind: String, _ text: String, in dir: URL) throws -> CommandResult {
        let file = dir.appendingPathComponent("\(kind)-\(UUID().uuidString).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try run(URL(fileURLWithPath: "/usr/bin/env"),
                       ["python3", packageRoot.appendingPathComponent("scripts/validate-contracts.py").path, kind, file.path])
    }

    func checkCase(_ casePath: String, in dir: URL) throws {
        let verdicts = try botcensus(["attribute", "--case", casePath, "--format", "jsonl"])
        #expect(verdicts.status == 0 && !verdicts.stdout.isEmpty, "\(verdicts.stderr)")
        let v = try validate("verdicts", verdicts.stdout, in: dir)
        #expect(v.status == 0, "\(v.stdout)\(v.stderr)")
        let exported = try botcensus(["export", "verdicts", "--case", casePath])
        let e = try validate("verdicts", exported.stdout, in: dir)
        #expect(e.status == 0, "\(e.stdout)\(e.stderr)")
        let census = try botcensus(["census", "--case", casePath, "--format", "json"])
        #expect(census.status == 0, "\(census.stderr)")
        let c = try validate("census", census.stdout, in: dir)
        #expect(c.status == 0, "\(c.stdout)\(c.stderr)")
    }

    @Test func demoCaseOutputMatchesTheSchemas() throws {
        let dir = temporaryDirectory()
        let demo = try botcensus(["demo", "--case", dir.appendingPathComponent("demo.db").path], in: dir)
        #expect(demo.status == 0, "\(demo.stderr)")
        try checkCase(dir.appendingPathComponent("demo.db").path, in: dir)
    }

    @Test func simulatedWorldOutputMatchesTheSchemas() throws {
        let dir = temporaryDirectory()
        let world = dir.appendingPathComponent("world").path
        let sim = try botcensus(["simulate", packageRoot.appendingPathComponent("scenarios/thingbot-small.json").path, "--out", world, "--seed", "5"])
        #expect(sim.status == 0, "\(sim.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: world)
            .filter { $0.hasSuffix(".postfix.log") || $0.hasSuffix(".syn.pcap") || $0 == "scan.zgrab2.jsonl" }.map { "\(world)/\($0)" }
        let casePath = dir.appendingPathComponent("w.db").path
        let imported = try botcensus(["import", "--case", casePath, "--db", "own", "--year", "2026", "--timezone", "utc"] + files)
        #expect(imported.status == 0, "\(imported.stderr)")
        try checkCase(casePath, in: dir)
    }

    /// The validator itself finds what it must: a dropped key and a self-contradicting row.
    @Test func validatorRejectsDroppedKeysAndContradictions() throws {
        let dir = temporaryDirectory()
        let good = #"{"ip":"203.0.113.7","first_seen":"2026-01-06T03:00:00Z","last_seen":"2026-01-06T03:00:00Z","messages":1,"connections":1,"verdict":"device-sent","naive_class":"camera","sender_class":"camera","confidence":0.9,"class_probabilities":{"camera":0.9,"pc":0.1},"p_exposed_device_sent":0.9,"hosts_behind_ip":{"estimate":1,"low":1,"high":1,"method":"m","senders":null},"senders_behind_ip":{"estimate":1,"low":1,"high":2,"method":"none"},"exposed_devices":[],"sender_os":null,"evidence":[]}"#
        #expect(try validate("verdicts", good, in: dir).status == 0)
        let dropped = good.replacingOccurrences(of: #""sender_os":null,"#, with: "")
        #expect(try validate("verdicts", dropped, in: dir).stdout.contains("sender_os"))
        let contradiction = good.replacingOccurrences(of: #""sender_class":"camera""#, with: #""sender_class":"pc""#)
        #expect(try validate("verdicts", contradiction, in: dir).status == 1)
        let moreSenders = good.replacingOccurrences(of: #""senders_behind_ip":{"estimate":1,"low":1,"high":2"#,
                                                    with: #""senders_behind_ip":{"estimate":2,"low":2,"high":2"#)
        #expect(try validate("verdicts", moreSenders, in: dir).stdout.contains("more senders (2) than devices seen (1)"))
    }
}
