import Foundation
import Testing

/// `serve --case postgresql://…`: the web view of a PostgreSQL case answers every page and API call as the
/// web view of the same evidence in SQLite does, byte for byte (but for the case's name), and its session
/// is read-only on the server's side.
@Suite(.serialized, .enabled(if: PrivatePostgres.testsRun, "PostgreSQL is not installed (scripts/setup.sh installs it)"))
struct PostgresWebViewTests {
    @Test(.enabled(if: TestEnvironment.isRoot || TestEnvironment.inCI, "PostgreSQL's server runs as Debian's postgres user"))
    func pagesAndAPIAnswerAsForTheSQLiteCase() throws {
        try #require(TestEnvironment.isRoot, "CI runs the tests as root (.ci/run)")
        let server = try PrivatePostgres()
        let folder = temporaryDirectory("webview-postgres")
        // The demo case with a mailbox's campaign, moved into PostgreSQL as a user would (`case copy`).
        let sqlite = try WebViewCases.demo(in: folder, name: "webcase.db")
        let pg = try server.createDatabase("webcase")
        let copied = try botcensus(["case", "copy", sqlite, pg])
        try #require(copied.status == 0, "\(copied.stderr)")
        let a = try RunningServe(case: sqlite, in: folder), b = try RunningServe(case: pg, in: folder)
        let verdicts = try a.get("/api/verdicts?limit=500")
        let object = try JSONSerialization.jsonObject(with: Data(verdicts.body)) as? [String: Any]
        let ips = ((object?["items"] as? [[String: Any]]) ?? []).compactMap { $0["ip"] as? String }
        try #require(ips.count == 44, "\(verdicts.text.prefix(300))")
        let campaigns = try a.get("/campaigns")
        let keys = campaigns.text.components(separatedBy: "href=\"/campaigns/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        var targets = ["/", "/api/verdicts?limit=500", "/api/census", "/campaigns", "/search?q=203.0.113.0%2F24"]
        targets += ips.prefix(12).flatMap { ["/addresses/\($0)", "/api/addresses/\($0)"] }
        targets += keys.prefix(3).map { "/campaigns/\($0)" }
        for target in targets {
            let x = try a.get(target), y = try b.get(target)
            // The footer says how long the analysis took, which differs run to run.
            func masked(_ text: String) -> String {
                text.replacingOccurrences(of: #"computed for the case&#39;s current state in [0-9]+ ms"#, with: "computed", options: .regularExpression)
            }
            let left = masked(x.text.replacingOccurrences(of: sqlite, with: "CASE").replacingOccurrences(of: "webcase.db", with: "CASE"))
            let right = masked(y.text.replacingOccurrences(of: pg, with: "CASE").replacingOccurrences(of: "webcase", with: "CASE"))
            #expect(x.status == 200 && y.status == x.status, "\(target): \(x.status) and \(y.status)")
            #expect(left == right, "\(target) differs between the SQLite and the PostgreSQL case")
        }
        #expect(keys.count >= 1 && targets.count >= 30, "\(keys.count) campaigns")
        try a.stop()
        #expect(try b.stop().status == 0)
        // What the web view read left the case as it was.
        #expect(try server.value("webcase", "SELECT count(*) FROM events") == (try run(try tool("sqlite3"), [sqlite, "SELECT count(*) FROM events"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
