#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BotCensusCore
import Foundation

/// The file handed to Foundation's XMLParser, read in chunks. On the way every byte is hashed and lines are
/// counted, and bytes that are not UTF-8 (or control characters XML forbids) become `?` and are reported
/// for their line: swift-corelibs-foundation's parser traps on names and comments that are not UTF-8, and a
/// file written by a scanner may hold anything the network sent.
final class XMLInputStream: InputStream {
    private let source: ByteSource
    private var hasher = ContentDigest()
    private var carry: [UInt8] = []
    private var atEnd = false
    private var line = 1
    private var lastReportedLine = 0
    /// Lines holding bytes that were replaced, in order (each line once).
    private(set) var badLines: [(line: Int, byte: UInt8)] = []
    /// Line breaks read so far.
    var newlines: Int { line - 1 }
    private(set) var readError: String?

    /// Nil when the file cannot be opened (`errno` tells why).
    init?(_ file: FileFacts) {
        guard let source = ByteSource(file) else { return nil }
        self.source = source
        super.init(data: Data())
    }

    /// Reads what the parser left (it stops early after an abort) so the hash covers the whole file.
    func drain() {
        var scratch = [UInt8](repeating: 0, count: 1 << 16)
        while !atEnd { _ = scratch.withUnsafeMutableBufferPointer { read($0.baseAddress!, maxLength: $0.count) } }
    }

    /// SHA-256 of the raw file; valid once the parser has read to the end.
    func finalize() -> String { hasher.finalize() }

    override func open() {}
    override func close() {}
    override var hasBytesAvailable: Bool { !atEnd || instructions.heldCount > 0 }
    override var streamStatus: Stream.Status { hasBytesAvailable ? .open : .atEnd }

    /// Empty processing instructions crash Foundation's parser: they never reach it.
    private var instructions = EmptyInstructionFilter()

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength: Int) -> Int {
        guard maxLength > EmptyInstructionFilter.limit + 8 else { return 0 }
        while true {
            // Room for what the filter holds back from earlier chunks.
            let n = readChunk(buffer, maxLength: maxLength - instructions.heldCount - 1)
            if n < 0 { return n }
            let out = n == 0 ? instructions.finish() : instructions.filter(UnsafeBufferPointer(start: buffer, count: n))
            if out.isEmpty {
                if n == 0 { return 0 }
                continue        // all held back or dropped: read on (returning 0 would mean the end)
            }
            out.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
            return out.count
        }
    }

    /// The next chunk of the file, UTF-8-checked, into `buffer`; 0 at the end.
    private func readChunk(_ buffer: UnsafeMutablePointer<UInt8>, maxLength: Int) -> Int {
        guard !atEnd, maxLength > 4 else { return 0 }
        // Room for up to three bytes of a sequence cut at the previous chunk's end.
        var raw = [UInt8](repeating: 0, count: maxLength - carry.count)
        var n = 0
        while true {
            n = raw.withUnsafeMutableBytes { source.read(into: $0.baseAddress!, count: $0.count) }
            if n < 0 && errno == EINTR { continue }
            break
        }
        if n < 0 { readError = String(cString: strerror(errno)); atEnd = true; return -1 }
        if n == 0 {
            atEnd = true
            // A sequence cut by the end of the file is not UTF-8 either.
            if !carry.isEmpty { report(carry[0]) }
            for i in carry.indices { buffer[i] = UInt8(ascii: "?") }
            defer { carry = [] }
            return carry.count
        }
        raw.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        var input = carry
        input.append(contentsOf: raw[0..<n])
        carry = []
        var out = 0
        var i = 0
        while i < input.count {
            let b = input[i]
            if b < 0x80 {
                if b < 0x20 && b != 9 && b != 10 && b != 13 { report(b); buffer[out] = UInt8(ascii: "?") } else { buffer[out] = b }
                if b == 10 { line += 1 }
                out += 1; i += 1
                continue
            }
            let length = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0
            if length == 0 { report(b); buffer[out] = UInt8(ascii: "?"); out += 1; i += 1; continue }
            if i + length > input.count {
                // Possibly the start of a sequence the next chunk completes.
                if input[(i + 1)...].allSatisfy({ $0 & 0xC0 == 0x80 }) { carry = Array(input[i...]); break }
            }
            if isValid(input, i, length) {
                for k in 0..<length { buffer[out + k] = input[i + k] }
                out += length; i += length
            } else {
                report(b); buffer[out] = UInt8(ascii: "?"); out += 1; i += 1
            }
        }
        return out
    }

    /// One well-formed UTF-8 sequence (no overlongs, no surrogates, nothing above U+10FFFF) at `i`.
    private func isValid(_ s: [UInt8], _ i: Int, _ length: Int) -> Bool {
        guard i + length <= s.count else { return false }
        for k in 1..<length where s[i + k] & 0xC0 != 0x80 { return false }
        let b0 = s[i], b1 = s[i + 1]
        switch (length, b0) {
        case (3, 0xE0): return b1 >= 0xA0
        case (3, 0xED): return b1 < 0xA0
        case (4, 0xF0): return b1 >= 0x90
        case (4, 0xF4): return b1 < 0x90
        default: return true
        }
    }

    private func report(_ byte: UInt8) {
        guard line != lastReportedLine else { return }
        lastReportedLine = line
        badLines.append((line, byte))
    }
}
