import Testing
@testable import BotCensusCore

@Suite struct IPAddressTests {
    @Test func parsesAndPrintsIPv4() {
        #expect(IPAddress("203.0.113.7")?.description == "203.0.113.7")
        #expect(IPAddress("0.0.0.0")?.description == "0.0.0.0")
        #expect(IPAddress("255.255.255.255")?.description == "255.255.255.255")
    }

    @Test func refusesBadIPv4() {
        for bad in ["999.12.1.1", "1.2.3", "1.2.3.4.5", "1..2.3", "", "a.b.c.d", "1.2.3.4 ", "1234.1.1.1", "192.0.2.300"] {
            #expect(IPAddress(bad) == nil, "\(bad) must not parse")
        }
    }

    @Test func canonicalisesIPv6() {
        #expect(IPAddress("2001:0db8:0000:0000:0000:0000:0000:0025")?.description == "2001:db8::25")
        #expect(IPAddress("2001:db8:0:0:0:0:0:25")?.description == "2001:db8::25")
        #expect(IPAddress("::1")?.description == "::1")
        #expect(IPAddress("::ffff:192.0.2.1")?.isV6 == true)
        #expect(IPAddress("2001:db8::25::1") == nil)
        #expect(IPAddress("2001:db8::g") == nil)
    }

    @Test func sortsNumericallyV4BeforeV6() {
        let sorted = ["203.0.113.7", "2001:db8::1", "192.0.2.10", "192.0.2.9"].compactMap(IPAddress.init).sorted()
        #expect(sorted.map(\.description) == ["192.0.2.9", "192.0.2.10", "203.0.113.7", "2001:db8::1"])
    }
}

@Suite struct TCPSignatureTests {
    @Test func observedFormGivesInitialTTLAndDistance() throws {
        let s = try TCPSignature(parsing: "4:114+14:0:1460:mss*44,8:mss,nop,ws,nop,nop,sok:df,id+:0")
        #expect(s.initialTTL == 128)
        #expect(s.distance == 14)
        #expect(s.observedTTL == 114)
        #expect(s.windowBytes == 64240)
        #expect(s.windowScale == 8)
        #expect(s.optionLayout == ["mss", "nop", "ws", "nop", "nop", "sok"])
        #expect(s.quirks == ["df", "id+"])
    }

    @Test func unknownDistanceGuessesInitialTTL() throws {
        let s = try TCPSignature(parsing: "4:57+?:0:1460:8192,2:mss,nop,ws:df:0")
        #expect(s.initialTTL == 64)
        #expect(s.distance == nil)
    }

    @Test func databaseFormsParse() throws {
        let s = try TCPSignature(parsing: "*:64-:0:*:%8192,*:mss,sok,ts,?12,eol+1::0")
        #expect(s.initialTTL == 64)
        #expect(s.mss == nil)
        #expect(s.windowScale == nil)
        #expect(s.quirks.isEmpty)
    }

    @Test func refusesMalformed() {
        for bad in ["4:53+11:0:1460", "5:64:0:1460:8192,0:mss::0", "4:64:0:1460:8192:mss::0", "4:64:0:1460:8192,0:bogus::0",
                    "4:300:0:1460:8192,0:mss::0", "4:64:0:1460:8192,0:mss::9"] {
            #expect(throws: TCPSignature.ParseError.self, "\(bad)") { try TCPSignature(parsing: bad) }
        }
    }
}

@Suite struct TimeAndTextTests {
    @Test func rfc3339Output() {
        #expect(TimeFormat.rfc3339(0) == "1970-01-01T00:00:00Z")
        #expect(TimeFormat.rfc3339(TimeFormat.timestamp(year: 2026, month: 1, day: 6, hour: 3, minute: 4, second: 5.25)) == "2026-01-06T03:04:05.250000Z")
        #expect(TimeFormat.daysFromCivil(year: 2000, month: 3, day: 1) == 11017)
    }

    @Test func escapesControlCharacters() {
        #expect(TerminalText.escape("ok\u{1B}[2Jx\r\n\u{7}") == "ok\\x1b[2Jx\\r\\n\\x07")
        #expect(TerminalText.escape("a\\b") == "a\\\\b")
        #expect(TerminalText.escape("Ünïcode ok") == "Ünïcode ok")
        #expect(TerminalText.escape("rtl\u{202E}txt") == "rtl\\u{202e}txt")
    }

    @Test func deviceClassTaxonomy() {
        #expect(DeviceClass.allCases.filter(\.isIoT).map(\.rawValue) == ["router", "camera", "dvr", "tv", "appliance", "nas", "printer", "voip", "iot-other"])
        #expect(!DeviceClass.senderClasses.contains(.unknown))
        // Ordinals (which hashing, equality and order go by) are the taxonomy's order, one per case.
        #expect(DeviceClass.allCases.map(\.ordinal) == Array(0..<DeviceClass.allCases.count))
        #expect(OSFamily.allCases.map(\.ordinal) == Array(0..<OSFamily.allCases.count))
        #expect(DeviceClass.allCases.sorted(by: >).first == .unknown && Set(DeviceClass.allCases).count == DeviceClass.allCases.count)
        #expect(Set(OSFamily.allCases).count == OSFamily.allCases.count && OSFamily.mobile != .linux)
    }
}
