import BotCensusCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// One Recog XML file (`<fingerprints matches=… protocol=… preference=…>`). First match in file order wins.
public struct RecogFile: Sendable {
    public var path: String
    /// Database key: `matches`, else the file's base name.
    public var key: String
    public var proto: String?
    public var databaseType: String?
    /// Higher files are tried first among files of one key; default 0.10.
    public var preference: Double
    public var fingerprints: [RecogFingerprint]
    /// Literal prefilter over the fingerprints, in file order.
    public var prefilter: PrefilteredPatterns
    /// Each fingerprint's signature name (`FILE:LINE description`), made once rather than per match.
    public var signatureNames: [String]
    /// Each fingerprint's identity plan (nil: its values interpolate, so the result dictionary is built).
    var identityPlans: [RecogIdentityPlan?]

    public struct LoadError: Error, CustomStringConvertible {
        public var path: String
        public var line: Int
        public var reason: String
        public var description: String { "\(path):\(line): \(reason)" }
    }

    public static func load(path: String) throws -> RecogFile {
        guard let parser = XMLParser(contentsOf: URL(fileURLWithPath: path)) else {
            throw LoadError(path: path, line: 0, reason: "cannot read")
        }
        let reader = Reader(path: path)
        parser.delegate = reader
        parser.shouldResolveExternalEntities = false
        if !parser.parse() {
            throw reader.error ?? LoadError(path: path, line: parser.lineNumber,
                                            reason: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "unknown error")")
        }
        if let error = reader.error { throw error }
        let base = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let fileName = (path as NSString).lastPathComponent
        let key = reader.rootAttributes["matches"] ?? base
        let names = reader.fingerprints.map { "\(fileName):\($0.line) \($0.description)" }
        return RecogFile(path: path, key: key, proto: reader.rootAttributes["protocol"],
                         databaseType: reader.rootAttributes["database_type"],
                         preference: reader.rootAttributes["preference"].flatMap(Double.init) ?? 0.10,
                         fingerprints: reader.fingerprints,
                         prefilter: PrefilteredPatterns(patterns: reader.fingerprints.map(\.textPattern.pattern)),
                         signatureNames: names,
                         identityPlans: zip(reader.fingerprints, names).map { RecogIdentityPlan($0, signature: $1, key: key) })
    }

    /// Index and capture groups of the first fingerprint that matches; only the prefilter's candidates run.
    public func firstMatch(_ subject: UnsafeRawBufferPointer, scratch: PCRE2Pattern.Scratch,
                           candidates: PrefilteredPatterns.Scratch) -> (index: Int, groups: [Range<Int>?])? {
        let isText = RecogText.isUTF8(subject)
        for i in prefilter.candidates(subject, scratch: candidates) {
            let pattern = fingerprints[Int(i)].pattern(isText: isText)
            if pattern.matches(subject, scratch: scratch) { return (Int(i), pattern.groups(scratch)) }
        }
        return nil
    }

    /// Index of the first fingerprint that matches and the pattern that ran (its groups are in `scratch`).
    func firstHit(_ subject: UnsafeRawBufferPointer, scratch: PCRE2Pattern.Scratch,
                  candidates: PrefilteredPatterns.Scratch) -> (index: Int, pattern: PCRE2Pattern)? {
        let isText = RecogText.isUTF8(subject)
        for i in prefilter.candidates(subject, scratch: candidates) {
            let pattern = fingerprints[Int(i)].pattern(isText: isText)
            if pattern.matches(subject, scratch: scratch) { return (Int(i), pattern) }
        }
        return nil
    }

    /// The same answer by trying every fingerprint in order: the baseline the prefilter is measured against.
    public func firstMatchWithoutPrefilter(_ subject: UnsafeRawBufferPointer, scratch: PCRE2Pattern.Scratch) -> (index: Int, groups: [Range<Int>?])? {
        let isText = RecogText.isUTF8(subject)
        for (i, fp) in fingerprints.enumerated() {
            let pattern = fp.pattern(isText: isText)
            if pattern.matches(subject, scratch: scratch) { return (i, pattern.groups(scratch)) }
        }
        return nil
    }

    /// The first fingerprint that matches, with Recog's result fields.
    public func match(_ subject: UnsafeRawBufferPointer, scratch: PCRE2Pattern.Scratch,
                      candidates: PrefilteredPatterns.Scratch) -> (RecogFingerprint, [String: String])? {
        firstMatch(subject, scratch: scratch, candidates: candidates).map { hit in
            let fp = fingerprints[hit.index]
            return (fp, fp.result(subject: subject, groups: hit.groups, protocol: proto, key: key))
        }
    }

    public func matchWithoutPrefilter(_ subject: UnsafeRawBufferPointer, scratch: PCRE2Pattern.Scratch) -> (RecogFingerprint, [String: String])? {
        firstMatchWithoutPrefilter(subject, scratch: scratch).map { hit in
            let fp = fingerprints[hit.index]
            return (fp, fp.result(subject: subject, groups: hit.groups, protocol: proto, key: key))
        }
    }

    /// SAX reader: Recog files are flat, so a small state machine is enough.
    private final class Reader: NSObject, XMLParserDelegate {
        let path: String
        var rootAttributes: [String: String] = [:]
        var fingerprints: [RecogFingerprint] = []
        var error: LoadError?

        private var current: (pattern: String, flags: String?, line: Int)?
        private var fingerprintDescription = ""
        private var params: [RecogFingerprint.Param] = []
        private var examples: [RecogFingerprint.Example] = []
        private var text: String?
        private var exampleAttributes: [String: String] = [:]

        init(path: String) { self.path = path }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String]) {
            switch name {
            case "fingerprints": rootAttributes = attributes
            case "fingerprint":
                guard let pattern = attributes["pattern"] else { return fail(parser, "fingerprint without pattern") }
                current = (pattern, attributes["flags"], parser.lineNumber)
                fingerprintDescription = ""; params = []; examples = []
            case "description": text = ""
            case "example": text = ""; exampleAttributes = attributes
            case "param":
                guard let posText = attributes["pos"], let pos = Int(posText), let pname = attributes["name"] else {
                    return fail(parser, "param needs pos and name")
                }
                params.append(.init(position: pos, name: pname, value: attributes["value"] ?? ""))
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text? += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { text? += String(decoding: block, as: UTF8.self) }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "description":
                fingerprintDescription = (text ?? "").split(whereSeparator: \.isWhitespace).joined(separator: " ")
                text = nil
            case "example":
                let content = text ?? ""
                text = nil
                var input = Array(content.utf8)
                if exampleAttributes["_encoding"] == "base64" {
                    guard let data = Data(base64Encoded: content.filter { !$0.isWhitespace }) else {
                        return fail(parser, "example is not valid base64")
                    }
                    input = Array(data)
                }
                let expected = exampleAttributes.filter { !$0.key.hasPrefix("_") }
                examples.append(.init(input: input, expected: expected))
            case "fingerprint":
                guard let c = current else { return }
                do {
                    let source = RecogRegex.translate(c.pattern)
                    let options = try RecogRegex.options(c.flags)
                    fingerprints.append(RecogFingerprint(description: fingerprintDescription,
                                                         textPattern: try PCRE2Pattern(source, options: options.union(.utf)),
                                                         binaryPattern: try PCRE2Pattern(source, options: options),
                                                         params: params, examples: examples, line: c.line))
                } catch {
                    return fail(parser, "fingerprint '\(fingerprintDescription)': \(error)", line: c.line)
                }
                current = nil
            default: break
            }
        }

        private func fail(_ parser: XMLParser, _ reason: String, line: Int? = nil) {
            if error == nil { error = LoadError(path: path, line: line ?? parser.lineNumber, reason: reason) }
            parser.abortParsing()
        }
    }
}
