import Foundation

/// A TCP signature of p0f.fp with the label it belongs to.
public struct P0fSignatureRecord: Sendable {
    public var signature: P0fSignature
    public var label: P0fLabel
    public var line: Int
}

/// A bad p0f.fp line: `FILE:LINE: reason`.
public struct P0fDatabaseError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var reason: String
    public var description: String { line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)" }
}

/// p0f v3's fingerprint file, read at run time (it is LGPL: botcensus never ships it). The whole file is
/// checked the way p0f checks it (sections, `classes`, label/sys/sig order, duplicate signatures); the
/// TCP signatures are kept in file order, which is the order p0f tries them in.
public struct P0fDatabase: Sendable {
    /// Where Debian's `p0f` package puts it.
    public static let defaultPath = "/etc/p0f/p0f.fp"

    public let path: String
    public let classes: [String]
    /// `[tcp:request]`: SYN signatures.
    public let requestSignatures: [P0fSignatureRecord]
    /// `[tcp:response]`: SYN+ACK signatures.
    public let responseSignatures: [P0fSignatureRecord]

    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw P0fDatabaseError(file: path, line: nil, reason: "cannot read the p0f fingerprint file")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), path: path)
    }

    public init(text: String, path: String) throws {
        var parser = P0fFileParser(path: path)
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try parser.parse(line: Substring(line), number: index + 1)
        }
        self.path = path
        classes = parser.classes
        requestSignatures = parser.request
        responseSignatures = parser.response
    }

    /// Labels of `[tcp:request]`, in file order.
    public var requestLabels: [P0fLabel] {
        var seen = Set<Int>()
        return requestSignatures.compactMap { seen.insert($0.label.line).inserted ? $0.label : nil }
    }
}

/// The line-by-line state machine of p0f's readfp.c: `classes` before any section, a `label` before its
/// `sig` lines, and a `sys` line right after each tool (`!`) label.
struct P0fFileParser {
    enum Section { case none, mtu, tcpRequest, tcpResponse, httpRequest, httpResponse }
    enum Expect { case section, label, sys, sig }

    let path: String
    var classes: [String] = []
    var request: [P0fSignatureRecord] = []
    var response: [P0fSignatureRecord] = []
    private var section = Section.none
    private var expect = Expect.section
    private var label: P0fLabel?
    private var names: [String: String] = [:]

    init(path: String) { self.path = path }

    mutating func parse(line raw: Substring, number: Int) throws {
        let line = raw.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()
        let text = String(line)
        if text.isEmpty || text.hasPrefix(";") { return }
        let file = path
        func fail(_ reason: String) -> P0fDatabaseError { P0fDatabaseError(file: file, line: number, reason: reason) }

        if text.hasPrefix("[") {
            switch text {
            case "[mtu]": section = .mtu
            case "[tcp:request]": section = .tcpRequest
            case "[tcp:response]": section = .tcpResponse
            case "[http:request]": section = .httpRequest
            case "[http:response]": section = .httpResponse
            default: throw fail("unknown section \(text)")
            }
            expect = .label
            label = nil
            return
        }

        let key = String(text.prefix { $0.isLetter || $0 == "_" })
        let afterKey = text.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
        guard !key.isEmpty, afterKey.first == "=" else { throw fail("expected 'name = value'") }
        let value = String(afterKey.dropFirst().drop { $0 == " " || $0 == "\t" })

        switch key {
        case "classes":
            guard expect == .section else { throw fail("'classes' must come before the first section") }
            for name in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard !name.isEmpty, name.utf8.allSatisfy(P0fLabel.isAlnum) else { throw fail("malformed class '\(name)'") }
                classes.append(name)
            }
        case "ua_os":
            guard section == .httpRequest, expect == .label else { throw fail("misplaced 'ua_os'") }
        case "label":
            guard expect == .label || expect == .sig else { throw fail(expect == .sys ? "tool label needs a 'sys' line first" : "misplaced 'label'") }
            if section == .mtu {
                guard !value.isEmpty else { throw fail("empty MTU label") }
                expect = .sig
                return
            }
            do {
                var parsed = try P0fLabel.parse(value, line: number, classes: classes)
                parsed.name = canonical(parsed.name)
                label = parsed
                expect = parsed.isTool ? .sys : .sig
            } catch {
                throw fail(error.reason)
            }
        case "sys":
            guard expect == .sys, var current = label else { throw fail("misplaced 'sys' (only right after a tool label)") }
            current.systems = try parseSystems(value, fail)
            label = current
            expect = .sig
        case "sig":
            guard expect == .sig else { throw fail(expect == .sys ? "tool label needs a 'sys' line before its signatures" : "misplaced 'sig'") }
            guard let label, section == .tcpRequest || section == .tcpResponse else { return }
            let signature: P0fSignature
            do { signature = try P0fSignature(parsing: value) } catch { throw fail(error.reason) }
            let record = P0fSignatureRecord(signature: signature, label: label, line: number)
            let earlier = section == .tcpRequest ? request : response
            if let covering = P0fMatching.coveringSignature(signature, in: earlier) {
                throw fail("signature is already covered by line \(covering.line)")
            }
            if section == .tcpRequest { request.append(record) } else { response.append(record) }
        default:
            throw fail("unknown field '\(key)'")
        }
    }

    /// The first spelling of a name in the file (p0f compares names case-insensitively).
    private mutating func canonical(_ name: String) -> String {
        let key = name.lowercased()
        if let known = names[key] { return known }
        names[key] = name
        return name
    }

    private mutating func parseSystems(_ value: String, _ fail: (String) -> P0fDatabaseError) throws -> [String] {
        var out: [String] = []
        for raw in value.split(separator: ",") {
            let entry = raw.trimmingCharacters(in: .whitespaces)
            let isClass = entry.hasPrefix("@")
            let name = isClass ? String(entry.dropFirst()) : entry
            guard !name.isEmpty, name.utf8.allSatisfy(P0fLabel.isNameByte) else { throw fail("malformed sys entry '\(entry)'") }
            if isClass {
                guard let known = classes.first(where: { $0.lowercased() == name.lowercased() }) else {
                    throw fail("unknown class '\(name)' in sys")
                }
                out.append("@" + known)
            } else {
                out.append(canonical(name))
            }
        }
        return out
    }
}
