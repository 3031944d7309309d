import BotCensusCore
import Testing
@testable import Fingerprint

/// Signatures as real p0f 3.09b prints them (see Tests/Fixtures/ingest/README.md and the demo's p0f.log).
@Suite struct SynOSClassifierTests {
    func family(_ raw: String, label: String? = nil, params: String? = nil) throws -> OSFamily {
        SynOSClassifier.classify(try TCPSignature(parsing: raw), p0fLabel: label, p0fParams: params).family
    }

    @Test func windowsStacks() throws {
        #expect(try family("4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0") == .windows)        // Windows 10
        #expect(try family("4:113+15:0:1460:8192,8:mss,nop,ws,nop,nop,sok:df,id+:0") == .windows)          // Windows 7
        #expect(try family("4:120+8:0:1452:65535,0:mss,nop,nop,sok:df,id+:0", label: "Windows XP") == .windows)
    }

    @Test func modernLinux() throws {
        #expect(try family("4:53+11:0:1460:mss*44,7:mss,sok,ts,nop,ws:df,id+:0") == .linux)
        #expect(try family("4:64+0:0:65495:mss*1,10:mss,sok,ts,nop,ws:df,id+:0", label: "Linux 2.2.x-3.x", params: "generic") == .linux)
        #expect(try family("6:52+12:0:1440:mss*45,7:mss,sok,ts,nop,ws::0") == .linux)
    }

    @Test func embeddedLinux() throws {
        #expect(try family("4:55+9:0:1460:mss*4,0:mss,sok,ts:df,id+:0") == .embeddedLinux)               // no window scaling
        #expect(try family("4:55+9:0:1460:5840,2:mss,sok,ts,nop,ws:df,id+:0", label: "Linux 2.4.x") == .embeddedLinux)
        #expect(try family("4:48+16:0:1460:mss*10,4:mss,sok,ts,nop,ws:df,id+:0", label: "Linux 3.1-3.10") == .embeddedLinux)
    }

    @Test func fuzzyLabelThatContradictsTheTTLLoses() throws {
        let r = SynOSClassifier.classify(try TCPSignature(parsing: "4:54+10:0:1460:mss*4,0:mss,nop,nop,sok:df,id+:0"),
                                         p0fLabel: "Windows NT kernel", p0fParams: "generic fuzzy")
        #expect(r.family == .embeddedLinux)
        #expect(r.quality == "fuzzy")
        #expect(r.reason.contains("contradicts"))
    }

    @Test func bsdAndOthers() throws {
        #expect(try family("4:64+0:0:1460:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0") == .bsdMacOS)  // macOS
        #expect(try family("4:250+5:0:1460:8760,0:mss:df:0") == .other)                                       // TTL 255 stack
        #expect(try family("4:64+0:0:1460:8192,0:sok,mss:df:0") == .other)                                    // odd layout
    }
}
