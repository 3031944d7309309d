import BotCensusCore
import Testing
@testable import Fingerprint

/// Recog's habit: every signature carries example banners, and each example must be identified by that
/// very signature (no earlier one may shadow it) with the expected fields.
@Suite struct SignatureExampleTests {
    let db: SignatureDatabase

    init() throws { db = try SignatureDatabase.builtIn() }

    @Test func everyExampleIdentifiesItsSignature() {
        var checked = 0
        for signature in db.signatures {
            #expect(signature.examples.count >= 2, "\(signature.id) needs at least two examples")
            for example in signature.examples {
                let identity = db.identify(example.input, field: signature.field)
                #expect(identity?.signature == signature.id,
                        "\(signature.id): example \(TerminalText.escape(example.input)) identified as \(identity?.signature ?? "nothing")")
                guard let identity, identity.signature == signature.id else { continue }
                #expect(identity.deviceClass == signature.deviceClass)
                if let vendor = example.vendor { #expect(identity.vendor == vendor, "\(signature.id) vendor") }
                if let product = example.product { #expect(identity.product == product, "\(signature.id) product") }
                // An expected version of "" means the banner carries none.
                if let version = example.version { #expect(identity.version == (version.isEmpty ? nil : version), "\(signature.id) version of \(example.input)") }
                if let c = example.deviceClass { #expect(identity.deviceClass == c, "\(signature.id) class") }
                checked += 1
            }
        }
        #expect(checked >= 700)
    }

    @Test func coversTheDeviceClassesAndFields() {
        #expect(db.signatures.count >= 300)
        let classes = Set(db.signatures.map(\.deviceClass))
        for c in DeviceClass.allCases where c != .unknown {
            #expect(classes.contains(c), "no signature for \(c.rawValue)")
        }
        let fields = Set(db.signatures.map(\.field))
        #expect(fields == Set(BannerField.allCases))
    }

    @Test func observationPrefersNamedDevicesOverGenericBanners() {
        let ip = IPAddress("192.0.2.1")!
        let o = ServiceObservation(ip: ip, port: 80, time: 0, proto: "http",
                                   fields: ["http.server": "App-webs/", "http.title": "no match here at all"],
                                   source: SourceRef(file: "t", line: 1))
        #expect(db.identify(o)?.vendor == "Hikvision")
        let nothing = ServiceObservation(ip: ip, port: 80, time: 0, proto: "http", fields: ["http.server": "zzz-unknown-zzz"],
                                         source: SourceRef(file: "t", line: 1))
        #expect(db.identify(nothing) == nil)
    }

    @Test func badDatabasesAreRefusedWithTheSignatureNamed() {
        let bad = #"{"version":1,"signatures":[{"id":"x","field":"http.server","pattern":"(unclosed","class":"router","examples":[]}]}"#
        #expect(throws: SignatureDatabase.LoadError.self) { try SignatureDatabase.parse(Data(bad.utf8), name: "t", file: "t.json") }
        let badClass = #"{"version":1,"signatures":[{"id":"x","field":"http.server","pattern":"a","class":"fridge","examples":[]}]}"#
        do {
            _ = try SignatureDatabase.parse(Data(badClass.utf8), name: "t", file: "t.json")
            Issue.record("unknown class accepted")
        } catch {
            #expect("\(error)".contains("signature x") && "\(error)".contains("fridge"))
        }
    }
}

import Foundation

@Suite struct PCRE2Tests {
    @Test func capturesAndUnsetGroups() throws {
        let p = try PCRE2Pattern("^lighttpd(?:/([\\d.]+))?(x)?", options: [.caseless])
        #expect(p.captureCount == 2)
        #expect(p.match("LightTPD/1.4.35")! == ["LightTPD/1.4.35", "1.4.35", nil])
        #expect(p.match("nginx") == nil)
    }

    @Test func matchesBytesThatAreNotUTF8() throws {
        let p = try PCRE2Pattern("^220 \\xff(\\w+)")
        let bytes: [UInt8] = Array("220 ".utf8) + [0xFF] + Array("Router".utf8)
        let groups = bytes.withUnsafeBytes { p.match($0) }
        #expect(groups?[1] == 5..<11)
    }

    @Test func compileErrorsNameTheOffset() {
        do {
            _ = try PCRE2Pattern("abc(")
            Issue.record("compiled")
        } catch let e as PCRE2Pattern.CompileError {
            #expect(e.offset == 4)
            #expect(!e.message.isEmpty)
        } catch {
            Issue.record("\(error)")
        }
    }
}
