import Foundation
import Report
import Store
import Testing

/// `export TABLE --format csv`: every table of a real case, read back by Python's csv module (RFC 4180),
/// holds the same values as its JSON Lines, attacker-written text included, byte for byte.
@Suite struct CSVExportTests {
    @Test func everyTableReadsBackAsItsJSONLines() throws {
        let dir = temporaryDirectory("csv")
        let casePath = try ExportCase.make(in: dir)
        for table in CaseStore.ExportTable.allCases.map(\.rawValue) {
            let jsonl = try ExportCase.export(table, "jsonl", case: casePath, in: dir)
            let csv = try ExportCase.export(table, "csv", case: casePath, in: dir)
            var expect: [String] = []
            if table == "events" { expect = ["--expect", "helo", ExportCase.hostileHelo] }
            if table == "observations" { expect = ["--expect", "fields", ExportCase.hostileBanner] }
            let check = try pathPythonScript("check-csv-export.py", [jsonl, csv] + expect)
            #expect(check.status == 0, "\(table): \(check.stdout)\(check.stderr)")
            if table == "verdicts" {
                // One record per verdict the analysis gave, the IPv6 sender among them.
                let verdicts = try botcensus(["attribute", "--case", casePath, "--format", "jsonl"]).stdout
                    .split(separator: "\n").count
                #expect(verdicts > 40 && check.stdout.contains("rows \(verdicts)\n"), "\(check.stdout)")
                #expect(try String(contentsOfFile: csv, encoding: .utf8).contains(ExportCase.ipv6Sender))
            }
            if table == "clocks" { #expect(check.stdout.hasSuffix("rows 0\n"), "the demo has no pcap: a header alone") }
        }
    }

    /// The checker finds what it must: bare LF record ends, a changed value, a header that is not the keys.
    @Test func checkerRejectsWhatRFC4180OrTheValuesForbid() throws {
        let jsonl = try temporaryFile(#"{"a":"x,y","b":null,"c":[1]}"# + "\n", name: "t.jsonl")
        func check(_ csv: String) throws -> CommandResult {
            try pathPythonScript("check-csv-export.py", [jsonl, try temporaryFile(csv, name: "t.csv")])
        }
        #expect(try check("a,b,c\r\n\"x,y\",,\"[1]\"\r\n").status == 0)
        #expect(try check("a,b,c\n\"x,y\",,\"[1]\"\n").stdout.contains("LF without CR"))
        #expect(try check("a,b,c\r\n\"x;y\",,\"[1]\"\r\n").stdout.contains("record 1 a"))
        #expect(try check("a,b,c\r\n\"x,y\",\"\",\"[2]\"\r\n").status == 1)
        #expect(try check("a,c,b\r\n\"x,y\",\"[1]\",\r\n").stdout.contains("not the header"))
    }

    @Test func jsonLinesStayTheDefault() throws {
        let dir = temporaryDirectory("csv")
        let casePath = try ExportCase.make(in: dir)
        let plain = try botcensus(["export", "verdicts", "--case", casePath])
        #expect(plain.status == 0 && plain.stdout.hasPrefix("{"))
        #expect(try botcensus(["export", "table", "verdicts", "--case", casePath, "--format", "jsonl"]).stdout == plain.stdout)
        #expect(try botcensus(["export", "verdicts", "--case", casePath, "--format", "xml"]).status == 2)
        #expect(try botcensus(["export", "bogus", "--case", casePath]).status == 2)
    }

    /// The writer on its own: quoting, doubled quotes, CR and LF kept inside a quoted field, null empty and
    /// an empty string `""`, numbers and nested values as their JSON text, escapes decoded.
    @Test func fieldsAreQuotedOnlyWhereRFC4180NeedsIt() throws {
        var csv = JSONLineCSV(columns: ["a", "b", "c", "d", "e", "f", "g"])
        #expect(csv.header == Array("a,b,c,d,e,f,g\r\n".utf8))
        let line = #"{"a":"x \"q\", y\r\nz","b":null,"c":"","d":-0.25,"e":[1,{"k":"v,\"w\""}],"f":"\u00e9\ud83d\ude00\t=1+1","g":true}"# + "\n"
        var out: [UInt8] = []
        try Array(line.utf8).withUnsafeBufferPointer { try csv.convert($0) { out = $0 } }
        let expected = "\"x \"\"q\"\", y\r\nz\",,\"\",-0.25,\"[1,{\"\"k\"\":\"\"v,\\\"\"w\\\"\"\"\"}]\",é😀\t=1+1,true\r\n"
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func aLineWithOtherKeysIsAnError() throws {
        var csv = JSONLineCSV(columns: ["a", "b"])
        for line in [#"{"a":1,"c":2}"#, #"{"a":1}"#, #"{"a":1,"b":2,"c":3}"#, #"{"a":1,"b":"open}"#] {
            #expect(throws: CSVExportError.self) { try Array(line.utf8).withUnsafeBufferPointer { try csv.convert($0) { _ in } } }
        }
    }
}
