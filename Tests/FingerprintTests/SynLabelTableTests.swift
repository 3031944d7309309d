import BotCensusCore
import Foundation
import Testing
@testable import Fingerprint

/// The one table from SYN labels to OS families (docs/ATTRIBUTION.md prints it), held to p0f 3.09b's own
/// signatures and labels: a phone's SYN is a phone's, whatever a Linux label or a small window scale
/// would suggest, and a label p0f itself hedges says so.
@Suite struct SynLabelTableTests {
    func reading(_ raw: String, label: String? = nil, params: String? = nil) throws -> SynOSClassifier.Reading {
        SynOSClassifier.classify(try TCPSignature(parsing: raw), p0fLabel: label, p0fParams: params)
    }

    // p0f.fp: `label = s:unix:Linux:(Android)`, `sig = *:64:0:*:mss*44,1:mss,sok,ts,nop,ws:df,id+:0` (and scale 3).
    static let android = "4:52+12:0:1460:mss*44,1:mss,sok,ts,nop,ws:df,id+:0"
    // p0f.fp: `label = s:unix:iOS:iPhone or iPad`, `sig = *:64:0:*:65535,2:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0`.
    static let iOS = "4:50+14:0:1460:65535,2:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0"

    @Test func phonesAreMobileWithOrWithoutTheirLabel() throws {
        #expect(try reading(Self.android, label: "Linux (Android)").family == .mobile)
        #expect(try reading("4:52+12:0:1460:mss*44,3:mss,sok,ts,nop,ws:df,id+:0", label: "Linux (Android)").family == .mobile)
        #expect(try reading(Self.android).family == .mobile, "the shape alone: window 44×MSS at scale 1 is Android's, not an embedded kernel's")
        #expect(try reading(Self.iOS, label: "iOS iPhone or iPad").family == .mobile)
        #expect(try reading(Self.iOS).family == .mobile)
        #expect(try reading(Self.android, label: "Linux (Android)").reason.contains("Android phone or tablet"))
    }

    @Test func aLabelP0fHedgesSaysSo() throws {
        let r = try reading("4:51+13:0:1460:65535,4:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0",
                            label: "MacOS X 10.9 or newer (sometimes iPhone or iPad)")
        #expect(r.family == .bsdMacOS)
        #expect(r.alsoLikely == [.mobile])
        #expect(r.reason.contains("p0f cannot tell these apart"))
    }

    @Test func aLinuxLabelLeavesTheKindToTheShape() throws {
        #expect(try reading("4:52+12:0:1460:mss*44,7:mss,sok,ts,nop,ws:df,id+:0", label: "Linux 2.2.x-3.x", params: "generic").family == .linux)
        #expect(try reading("4:55+9:0:1460:5840,2:mss,sok,ts,nop,ws:df,id+:0", label: "Linux 2.4.x").family == .embeddedLinux)
        #expect(try reading("4:64+0:0:1460:65535,6:mss,nop,ws,nop,nop,ts,sok,eol+1:df,id+:0", label: "Mac OS X 10.x").family == .bsdMacOS)
        #expect(try reading("4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0", label: "Windows 7 or 8").family == .windows)
        #expect(try reading("4:250+5:0:1460:8760,0:mss:df:0", label: "???").family == .other)
        // A router's "IOS" is not Apple's.
        #expect(SynLabelTable.rule(for: "Cisco IOS 12.x")?.family == .other)
    }

    /// Every OS label in the p0f database this machine has falls under a rule of the table (none is read by
    /// accident through the structural fallback), and the phone labels are mobile.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/etc/p0f/p0f.fp") || ProcessInfo.processInfo.environment["CI"] != nil))
    func everyP0fOSLabelHasARule() throws {
        let text = try String(contentsOfFile: "/etc/p0f/p0f.fp", encoding: .utf8)
        var section = "", unmatched: [String] = [], labels = 0
        for line in text.split(separator: "\n") {
            if line.hasPrefix("[") { section = String(line); continue }
            guard section == "[tcp:request]", line.hasPrefix("label = ") else { continue }
            // `s:unix:Linux:(Android)` -> `Linux (Android)`, as p0f prints it.
            let parts = line.dropFirst("label = ".count).split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count == 4 else { continue }
            let name = (parts[2] + " " + parts[3]).trimmingCharacters(in: .whitespaces)
            labels += 1
            if SynLabelTable.rule(for: name) == nil { unmatched.append(name) }
            if name.lowercased().contains("android") || name.hasPrefix("iOS") {
                #expect(SynLabelTable.rule(for: name)?.family == .mobile, "\(name)")
            }
        }
        #expect(labels > 20)
        #expect(unmatched.isEmpty, "p0f labels without a rule: \(unmatched)")
    }
}
