import CPCRE2
import Synchronization

/// A compiled PCRE2 pattern that matches bytes. Banners are attacker-written bytes, not necessarily UTF-8,
/// so patterns run in 8-bit mode without UTF checks. Patterns are JIT-compiled where the library allows
/// (it falls back to the interpreter otherwise); the only line break is `\n`, as in Ruby and nmap.
// @unchecked: the compiled code is only read by matches (PCRE2 documents it as shareable between threads)
// once JIT compilation, its one write, is done under `jitLock` before any match; the rest is immutable.
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
        /// Characters, not bytes: `.` takes a whole UTF-8 sequence (Ruby's semantics for UTF-8 strings);
        /// invalid UTF-8 in a subject simply cannot be matched by `.` instead of being an error.
        public static let utf = Options(rawValue: UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF))
    }

    /// Reusable match state: one per thread of matching, shared across patterns, so a match allocates nothing.
    public final class Scratch {
        let data: OpaquePointer
        public init() { data = pcre2_match_data_create_8(64, nil)! }
        deinit { pcre2_match_data_free_8(data) }
    }

    private let code: OpaquePointer
    public let pattern: String
    public let captureCount: Int
    /// JIT compilation waits for the pattern's first match: a Recog folder holds ~9,300 patterns and one
    /// run of `identify` uses a few hundred of them, so compiling all of them to machine code up front
    /// was most of its start-up. 0: not yet; 1: JIT code; 2: interpreter (not wanted, or JIT failed).
    private let jitState: Atomic<UInt8>
    private let jitLock = Mutex(())

    /// Whether matches run as JIT code (compiling it now if it was not yet).
    public var isJIT: Bool {
        ensureJIT()
        return jitState.load(ordering: .acquiring) == 1
    }

    public init(_ pattern: String, options: Options = [], jit: Bool = true) throws {
        self.pattern = pattern
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let bytes = Array(pattern.utf8)
        let context = pcre2_compile_context_create_8(nil)
        defer { pcre2_compile_context_free_8(context) }
        pcre2_set_newline_8(context, UInt32(PCRE2_NEWLINE_LF))
        let compiled = bytes.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress, buffer.count, options.rawValue, &errorCode, &errorOffset, context)
        }
        guard let compiled else {
            throw CompileError(pattern: pattern, offset: errorOffset, message: PCRE2Pattern.message(errorCode))
        }
        code = compiled
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        jitState = Atomic(jit ? 0 : 2)
    }

    /// Compiles the JIT code once, before the first match; until it is done no thread matches with `code`
    /// (pcre2_jit_compile changes it).
    @inline(__always)
    private func ensureJIT() {
        if jitState.load(ordering: .acquiring) != 0 { return }
        jitLock.withLock { _ in
            guard jitState.load(ordering: .acquiring) == 0 else { return }
            let ok = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE)) == 0
            jitState.store(ok ? 1 : 2, ordering: .releasing)
        }
    }

    deinit { pcre2_code_free_8(code) }

    static func message(_ code: Int32) -> String {
        var message = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &message, message.count)
        return String(decoding: message.prefix(max(0, Int(n))), as: UTF8.self)
    }

    /// True when the pattern matches somewhere in `subject` (a match-limit error counts as no match).
    public func matches(_ subject: UnsafeRawBufferPointer, scratch: Scratch) -> Bool {
        run(subject, scratch) > 0
    }

    /// Match anywhere in `subject`; nil when it does not match. Element 0 is the whole match, then each
    /// capture group (nil when the group did not take part).
    public func match(_ subject: UnsafeRawBufferPointer, scratch: Scratch) -> [Range<Int>?]? {
        guard run(subject, scratch) > 0 else { return nil }
        return groups(scratch)
    }

    /// The capture groups of the last successful match made with `scratch` by this pattern.
    public func groups(_ scratch: Scratch) -> [Range<Int>?] {
        let ovector = pcre2_get_ovector_pointer_8(scratch.data)!
        let pairs = Int(pcre2_get_ovector_count_8(scratch.data))
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(captureCount + 1)
        for i in 0...captureCount {
            guard i < pairs else { groups.append(nil); continue }
            let start = ovector[2 * i], end = ovector[2 * i + 1]
            // Unset groups hold PCRE2_UNSET (all bits set), which Swift sees as -1.
            groups.append(start < 0 || end < start ? nil : start..<end)
        }
        return groups
    }

    /// Capture group `i` of the last successful match made with `scratch` by this pattern (nil when unset
    /// or past the pattern's groups), as `groups(_:)[i]` without the array.
    @inline(__always)
    public func group(_ i: Int, _ scratch: Scratch) -> Range<Int>? {
        guard i <= captureCount, i < Int(pcre2_get_ovector_count_8(scratch.data)) else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(scratch.data)!
        let start = ovector[2 * i], end = ovector[2 * i + 1]
        return start < 0 || end < start ? nil : start..<end
    }

    public func match(_ subject: UnsafeRawBufferPointer) -> [Range<Int>?]? {
        match(subject, scratch: Scratch())
    }

    public func match(_ subject: String) -> [String?]? {
        var copy = subject
        return copy.withUTF8 { buffer in
            let raw = UnsafeRawBufferPointer(buffer)
            return match(raw)?.map { range in range.map { String(decoding: raw[$0], as: UTF8.self) } }
        }
    }

    public func matches(_ subject: String) -> Bool { match(subject) != nil }

    /// Why a match failed other than by not matching (match limit, JIT stack), or nil.
    public func failure(_ subject: UnsafeRawBufferPointer) -> String? {
        let rc = run(subject, Scratch())
        return rc < -1 ? PCRE2Pattern.message(rc) : nil
    }

    private func run(_ subject: UnsafeRawBufferPointer, _ scratch: Scratch) -> Int32 {
        ensureJIT()
        let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? PCRE2Pattern.empty
        return pcre2_match_8(code, base, subject.count, 0, 0, scratch.data, nil)
    }

    // PCRE2 wants a non-null pointer even for an empty subject; this byte is never written.
    nonisolated(unsafe) private static let empty: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()
}
