import Foundation
import Testing

/// `botcensus report` as users run it: the file written, one line on stdout, silent stderr into a pipe (no
/// progress line off a terminal), and the exit statuses of the command-line contract.
@Suite struct ReportCommandTests {
    @Test func writesThePageAndSaysSo() throws {
        let store = try ReportCases.demo.get()
        let dir = temporaryDirectory("report-cli")
        let out = dir.appendingPathComponent("demo.html").path
        let r = try botcensus(["report", "--case", store.path, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "stderr is not a terminal, yet: \(r.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: out))
        #expect(r.stdout == "\(out): \(bytes.count) bytes; 40 addresses, 40 in the table\n")
        let html = String(decoding: bytes, as: UTF8.self)
        expectText(html, "Which devices really sent this spam?")
        expectText(html, "this case shows 40 infected devices")
    }

    @Test func withTheTruthOfAWorld() throws {
        let world = try ReportCases.world.get()
        let out = temporaryDirectory("report-cli").appendingPathComponent("world.html").path
        let r = try botcensus(["report", "--case", world.store.path, "--out", out, "--truth", world.truthPath])
        #expect(r.status == 0, "\(r.stderr)")
        let html = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out)), as: UTF8.self)
        expectText(html, "Against the truth: the reliability diagram")
    }

    @Test func mistakesExitAsTheContractSays() throws {
        let store = try ReportCases.demo.get()
        let dir = temporaryDirectory("report-cli")
        let out = dir.appendingPathComponent("x.html").path
        // Usage: --out is required.
        #expect(try botcensus(["report", "--case", store.path]).status == 2)
        // A case that is not there is named, and nothing is written.
        let missing = try botcensus(["report", "--case", dir.appendingPathComponent("none.db").path, "--out", out])
        #expect(missing.status == 1 && missing.stderr.contains("no such case"))
        #expect(!FileManager.default.fileExists(atPath: out))
        // A truth file that is not there, by its path.
        let truth = try botcensus(["report", "--case", store.path, "--out", out, "--truth", dir.appendingPathComponent("nope.json").path])
        #expect(truth.status == 1 && truth.stderr.contains("nope.json: no such file"))
        // A folder that is not there.
        let nowhere = try botcensus(["report", "--case", store.path, "--out", dir.appendingPathComponent("no/such/dir/x.html").path])
        #expect(nowhere.status == 1 && nowhere.stderr.contains("x.html"))
    }
}
