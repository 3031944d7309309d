import BotCensusCore
import Testing
@testable import Store

/// The stacks of a read's SYNs, found by their column bytes: the same bytes are the same stack object, a NULL
/// label is not an empty one, a texts' lookup (PostgreSQL) finds what a bytes' one made, and a signature that
/// does not parse names its row.
struct SynStackTableTests {
    static let windows = "4:128+0:0:1460:65535,8:mss,nop,ws,nop,nop,sok:df,id+:0"
    static let linux = "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0"

    @Test func sameBytesAreOneStackAndNullIsNotEmpty() throws {
        var table = SynStackTable()
        let a = try table.stack(raw: Self.windows, label: "Windows 7 or 8", params: nil, id: 1)
        let b = try table.stack(raw: Self.windows, label: "Windows 7 or 8", params: nil, id: 2)
        #expect(a === b)
        let empty = try table.stack(raw: Self.windows, label: "Windows 7 or 8", params: "", id: 3)
        #expect(empty !== a && empty.params == "" && a.params == nil)
        let noLabel = try table.stack(raw: Self.windows, label: nil, params: nil, id: 4)
        #expect(noLabel !== a && noLabel.osLabel == nil)
        let other = try table.stack(raw: Self.linux, label: "Windows 7 or 8", params: nil, id: 5)
        #expect(other !== a && other.signature.initialTTL == 64 && a.signature.initialTTL == 128)
        // Bytes as SQLite hands them find the stack texts made.
        var raw = Self.windows, label = "Windows 7 or 8"
        let fromBytes = try raw.withUTF8 { r in try label.withUTF8 { l in try table.stack(raw: r, label: l, params: nil, id: 6) } }
        #expect(fromBytes === a)
    }

    @Test func aSignatureThatDoesNotParseNamesItsRow() {
        var table = SynStackTable()
        #expect { try table.stack(raw: "not a signature", label: nil, params: nil, id: 42) } throws: { error in
            guard let corrupt = error as? CaseStore.CorruptRow else { return false }
            return corrupt.table == "syns" && corrupt.id == 42
        }
    }
}
