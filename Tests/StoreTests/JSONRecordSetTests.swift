import BotCensusTesting
import Foundation
import Testing
@testable import Store

/// The trap's rounds reach PostgreSQL as one JSON parameter (`JSONRecordSet`), not by COPY: attacker-written
/// texts (quotes, backslashes, control characters, NUL, non-ASCII) and NULLs come back as written, NUL dropped
/// as PostgreSQL's text requires, on a server of the test's own.
@Suite(.serialized, .enabled(if: PrivatePostgres.testsRun, "PostgreSQL is not installed (scripts/setup.sh installs it)"))
struct JSONRecordSetTests {
    @Test(.enabled(if: TestEnvironment.isRoot || TestEnvironment.inCI, "PostgreSQL's server runs as Debian's postgres user"))
    func hostileTextsAndNullsComeBackAsWritten() throws {
        try #require(TestEnvironment.isRoot, "CI runs the tests as root (.ci/run)")
        let server = try PrivatePostgres()
        guard case .postgres(let address) = try CaseLocation(try server.createDatabase("records")) else { throw TestFailure("not a PostgreSQL URL") }
        let pg = try PostgresCase(address)
        try pg.execute("CREATE TABLE t (seq bigint, subject text, n bigint, x double precision, flag boolean)")
        let texts: [String?] = ["plain", "a \"quoted\" \\ back\\slash", "tab\there\nnew line\r\u{1}\u{1f}", "nul\u{0}inside",
                                "Grüße, 日本, 🙂", "", nil, "{\"json\": [1, 2]}", "\\N", "'; DROP TABLE t; --"]
        var rows = JSONRecordSet(columns: ["seq", "subject", "n", "x", "flag"])
        for (i, text) in texts.enumerated() {
            rows.int(i); rows.text(text); rows.int(i == 3 ? nil : -i * 1_000_000_007); rows.double(i == 4 ? .nan : 1.7e9 + Double(i) / 8)
            rows.text(i % 2 == 0 ? "t" : "f")
            rows.endRow()
        }
        try pg.execute("INSERT INTO t SELECT * FROM json_populate_recordset(NULL::t, $1::json)", [.text(rows.text)])
        let back = try pg.all("SELECT seq, subject, n, x, flag FROM t ORDER BY seq")
        try #require(back.count == texts.count)
        for (i, row) in back.enumerated() {
            let want = texts[i].map { $0.replacingOccurrences(of: "\u{0}", with: "") }
            #expect(try row["subject"].decode(String?.self) == want, "row \(i)")
            #expect(try row["n"].decode(Int?.self) == (i == 3 ? nil : -i * 1_000_000_007), "row \(i)")
            #expect(try row["x"].decode(Double?.self) == (i == 4 ? nil : 1.7e9 + Double(i) / 8), "row \(i)")
            #expect(try row["flag"].decode(Bool.self) == (i % 2 == 0), "row \(i)")
        }
        #expect(JSONRecordSet(columns: ["a"]).text == "[]")
    }
}
