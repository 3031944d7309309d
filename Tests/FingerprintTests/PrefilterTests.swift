import Foundation
import Testing
@testable import Fingerprint

@Suite struct RequiredLiteralsTests {
    func lits(_ p: String) -> Set<String>? {
        RequiredLiterals.of(p).map { Set($0.map { String(decoding: $0, as: UTF8.self) }) }
    }

    @Test func literalRunsAndEscapes() {
        #expect(lits("^Apache/([\\d.]+)") == ["apache/"])
        #expect(lits("^Microsoft-IIS/(\\d+)") == ["microsoft-iis/"])
        #expect(lits("lighttpd\\/1\\.4") == ["lighttpd/1.4"])
        #expect(lits("\\x41BC") == ["abc"])
    }

    @Test func optionalPartsAreNotRequired() {
        #expect(lits("^(?:Foo)?Barbaz") == ["barbaz"])
        #expect(lits("abc?d") == ["ab"])
        #expect(lits("ab*") == nil)       // 'a' alone is shorter than the minimum
        #expect(lits("(?:xyz)*") == nil)
        #expect(lits("zzz{0,3}") == ["zz"])
    }

    @Test func alternationNeedsEveryBranch() {
        #expect(lits("^(?:Sign in . GitLab|GitLab|GitLab is not responding)$") == ["sign in ", "gitlab"])
        #expect(lits("(?:Boa|GoAhead)-Webs") == ["-webs"])
        #expect(lits("^(?:nginx|.*)$") == nil)
        #expect(lits("foo|bar") == ["foo", "bar"])
    }

    @Test func groupsClassesAndLookaround() {
        #expect(lits("^Server: (?i)MyDevice [\\w]+") == ["server: mydevice "])
        #expect(lits("(?=abc)xyz") == ["xyz"])
        #expect(lits("[abc]+def") == ["def"])
        #expect(lits("(abc)+def") == ["abc"] || lits("(abc)+def") == ["def"])
        #expect(lits(".*") == nil)
    }

    @Test func prefilterKeepsFirstMatchOrder() throws {
        let patterns = ["^nginx$", "nginx", "^Apache", ".*", "Apache/2"]
        let p = PrefilteredPatterns(patterns: patterns)
        let s = p.makeScratch()
        func cands(_ text: String) -> [Int32] { Array(text.utf8).withUnsafeBytes { Array(p.candidates($0, scratch: s)) } }
        #expect(cands("nginx/1.2") == [0, 1, 3])
        #expect(cands("APACHE/2.4") == [2, 3, 4])
        #expect(cands("lighttpd") == [3])
        #expect(p.unconditionalCount == 1)
    }
}

/// The prefilter must never change an answer: over every Recog example, the prefiltered first match is the
/// first match of trying every fingerprint in order.
@Suite(.enabled(if: recogPresent || runningInCI, "../shared/recog/xml is absent: Recog tests need the shared Recog copy"))
struct PrefilterEquivalenceTests {
    @Test func sameAnswersWithAndWithoutPrefilter() throws {
        let db = try RecogDatabase.load(directory: recogDirectory)
        let scratch = PCRE2Pattern.Scratch()
        var compared = 0
        for file in db.files.values.joined() {
            let marks = file.prefilter.makeScratch()
            for fp in file.fingerprints {
                for example in fp.examples {
                    // Also try variants so non-matching and differently cased inputs are covered.
                    for input in [example.input, Array(RecogText.decode(example.input).uppercased().utf8), Array(example.input.dropFirst(3))] {
                        input.withUnsafeBytes { subject in
                            let fast = file.match(subject, scratch: scratch, candidates: marks)
                            let slow = file.matchWithoutPrefilter(subject, scratch: scratch)
                            #expect(fast?.0.line == slow?.0.line, "\(file.path): \(RecogText.decode(input.prefix(80)))")
                            #expect(fast?.1 == slow?.1)
                        }
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 3 * 7525)
    }
}
