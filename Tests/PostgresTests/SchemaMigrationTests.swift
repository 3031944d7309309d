import BotCensusTesting
import Foundation
import Store
import Testing

/// A case of schema v6 (text in the database's own collation) is brought to v7 (text compared byte by byte, as in
/// SQLite) by the first open that may write, its answers unchanged; the web view's read-only open refuses it.
@Suite(.serialized, .enabled(if: PrivatePostgres.testsRun, "PostgreSQL is not installed (scripts/setup.sh installs it)"))
struct SchemaMigrationTests {
    @Test func aVersion6CaseGetsBytewiseTextAndAnswersAsBefore() throws {
        let server = try PrivatePostgres()
        let pg = try server.createDatabase("old")
        _ = try PostgresCaseTests.importFiles(PostgresCaseTests.demoFiles, into: pg)
        let before = try PostgresCaseTests.answers(pg)
        let bytewise = "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'text' AND collation_name = 'C'"
        let columns = try server.value("old", bytewise)
        #expect((Int(columns) ?? 0) > 40, "every text column of a new case compares byte by byte: \(columns)")
        // As v6 made it: the database's collation, and the version.
        let undo = try server.value("old", """
            SELECT string_agg(format('ALTER TABLE %I ALTER COLUMN %I TYPE text COLLATE "default"', table_name, column_name), '; ')
            FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'text'
            """)
        for statement in undo.split(separator: ";") { _ = try server.value("old", String(statement)) }
        _ = try server.value("old", "UPDATE botcensus_schema SET version = 'v6'")
        #expect(try server.value("old", bytewise) == "0")

        // The web view's open changes nothing: it refuses the older case.
        #expect(throws: CaseStore.OpenError.self) { try CaseStore(path: pg, mode: .readOnly) }
        #expect(try server.value("old", "SELECT version FROM botcensus_schema") == "v6")

        let after = try PostgresCaseTests.answers(pg)
        #expect(try server.value("old", "SELECT version FROM botcensus_schema") == "v7")
        #expect(try server.value("old", bytewise) == columns)
        PostgresCaseTests.expectSame(before, after, "migrated")
    }
}
