import Fingerprint
import Foundation
import Testing

/// The acceptance test: fresh SYNs from real Linux stacks (network namespaces with varied sysctls, and
/// loopback), read by real `p0f -r` and by us; for every SYN p0f labels, label, raw_sig and dist agree.
/// Needs root for the namespaces. It runs in CI (which is root) and for root developers; elsewhere it is
/// skipped, and `capturedSynsMatchP0fOutput` still compares a committed capture with p0f's output.
@Suite struct P0fParityTests {
    @Test(.enabled(if: TestEnvironment.p0fTestsRun, "needs Debian's /etc/p0f/p0f.fp (apt-get install p0f)"), .enabled(if: runningAsRoot || runningInCI, "needs root to create network namespaces"), .timeLimit(.minutes(3)))
    func liveCaptureMatchesRealP0f() throws {
        try #require(runningAsRoot, "CI must run the tests as root (.ci/run does)")
        let db = try realP0fDatabase()
        let p0f = "/usr/sbin/p0f"
        try #require(FileManager.default.isExecutableFile(atPath: p0f), "\(p0f) is missing: scripts/setup.sh installs Debian's p0f")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("botcensus-syn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = dir.appendingPathComponent("syns.pcap").path
        let log = dir.appendingPathComponent("p0f.log").path

        let capture = try run("/bin/bash", [packageRoot.appendingPathComponent("scripts/capture-syns.sh").path, pcap])
        try #require(capture.status == 0, "capture-syns.sh failed: \(capture.stderr)")
        let p0fRun = try run(p0f, ["-f", P0fDatabase.defaultPath, "-r", pcap, "-o", log], environment: ["TZ": "UTC"])
        try #require(p0fRun.status == 0, "p0f -r failed: \(p0fRun.stderr)")

        let theirs = try P0fLogSyn.parseLog(log)
        let ours = try ourReadings(pcap, matcher: P0fSynMatcher(database: db))
        let result = compareWithP0f(log: theirs, ours: ours, context: "live capture")
        print("p0f parity: \(ours.count) SYNs read by us, \(theirs.count) reported by p0f, \(result.labelled) labelled by p0f, \(result.equal) equal")
        #expect(theirs.count > 300)
        #expect(ours.count == theirs.count)
        #expect(result.labelled > 100)
        #expect(result.equal == result.labelled)
    }
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion; output goes through files so a chatty child cannot fill a pipe and stall.
func run(_ program: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ProcessResult {
    let dir = FileManager.default.temporaryDirectory
    let outURL = dir.appendingPathComponent("out-\(UUID().uuidString)"), errURL = dir.appendingPathComponent("err-\(UUID().uuidString)")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    defer { try? FileManager.default.removeItem(at: outURL); try? FileManager.default.removeItem(at: errURL) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    process.standardOutput = try FileHandle(forWritingTo: outURL)
    process.standardError = try FileHandle(forWritingTo: errURL)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                         stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
}
