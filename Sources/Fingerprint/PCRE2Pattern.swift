import CPCRE2

/// A compiled PCRE2 pattern that matches bytes. Banners are attacker-written bytes, not necessarily UTF-8,
/// so patterns run in 8-bit mode without UTF checks.
public final class PCRE2Pattern: @unchecked Sendable {
    public struct CompileError: Error, CustomStringConvertible {
        public var pattern: String
        public var offset: Int
        public var message: String
        public var description: String { "pattern does not compile at offset \(offset): \(message)" }
    }

    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        public static let caseless = Options(rawValue: UInt32(PCRE2_CASELESS))
        public static let dotAll = Options(rawValue: UInt32(PCRE2_DOTALL))
        public static let multiline = Options(rawValue: UInt32(PCRE2_MULTILINE))
    }

    private let code: OpaquePointer
    public let pattern: String
    public let captureCount: Int

    public init(_ pattern: String, options: Options = []) throws {
        self.pattern = pattern
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress, buffer.count, options.rawValue, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            var message = [UInt8](repeating: 0, count: 256)
            let n = pcre2_get_error_message_8(errorCode, &message, message.count)
            throw CompileError(pattern: pattern, offset: errorOffset, message: String(decoding: message.prefix(max(0, Int(n))), as: UTF8.self))
        }
        code = compiled
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
    }

    deinit { pcre2_code_free_8(code) }

    /// Match anywhere in `subject`; nil when it does not match. Element 0 is the whole match, then each
    /// capture group (nil when the group did not take part).
    public func match(_ subject: UnsafeRawBufferPointer) -> [Range<Int>?]? {
        guard let data = pcre2_match_data_create_from_pattern_8(code, nil) else { return nil }
        defer { pcre2_match_data_free_8(data) }
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer<UInt8>(bitPattern: 1)!
        let rc = pcre2_match_8(code, base, subject.count, 0, 0, data, nil)
        guard rc > 0 else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(data)!
        var groups: [Range<Int>?] = []
        for i in 0...captureCount {
            let start = ovector[2 * i], end = ovector[2 * i + 1]
            // Unset groups hold PCRE2_UNSET (all bits set), which Swift sees as -1.
            groups.append(start < 0 || end < start ? nil : start..<end)
        }
        return groups
    }

    public func match(_ subject: String) -> [String?]? {
        var copy = subject
        return copy.withUTF8 { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            return match(raw)?.map { range in range.map { String(decoding: raw[$0], as: UTF8.self) } }
        }
    }

    public func matches(_ subject: String) -> Bool { match(subject) != nil }
}
