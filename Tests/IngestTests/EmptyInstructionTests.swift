import Foundation
import Testing
@testable import Ingest

/// Foundation's XMLParser crashes the process on a processing instruction without data (`<?x?>`; found by
/// fuzzing nmap-xml). Such instructions are dropped before the parser sees them; everything else passes.
@Suite struct EmptyInstructionTests {
    func filtered(_ text: String, chunk: Int) -> String {
        var filter = EmptyInstructionFilter()
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let end = min(bytes.count, i + chunk)
            out += bytes[i..<end].withUnsafeBufferPointer { filter.filter($0) }
            i = end
        }
        out += filter.finish()
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [1, 2, 3, 5, 64, 4096])
    func emptyInstructionsGoEverythingElseStays(chunk: Int) {
        let text = #"<?xml version="1.0"?><?x?><<a b="<?"/><?y ?><?xml-stylesheet href="n.xsl"?><?z"#
        #expect(filtered(text, chunk: chunk) == #"<?xml version="1.0"?><<a b="<?"/><?xml-stylesheet href="n.xsl"?><?z"#)
    }

    @Test func anNmapFileWithAnEmptyInstructionImportsInsteadOfCrashing() throws {
        let path = try temporaryFile("""
            <?xml version="1.0"?>
            <?x?>
            <nmaprun scanner="nmap" start="1767668645"><host starttime="1767668645"><address addr="203.0.113.7" addrtype="ipv4"/>
            <ports><port protocol="tcp" portid="80"><state state="open"/><service name="http" product="lighttpd"/></port></ports></host>
            </nmaprun>
            """, name: "scan.xml")
        let run = try runImport(path, format: "nmap-xml")
        #expect(run.observations.count == 1)
        #expect(run.bad.isEmpty)
    }
}
