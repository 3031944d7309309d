#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes to a file descriptor through one large buffer: a million JSON lines become a few hundred
/// `write` calls instead of a million. A closed pipe (`| head`) ends the output quietly.
public final class BufferedOutput {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private let limit: Int
    /// False once the reader has gone away; later writes are dropped.
    public private(set) var open = true

    public init(fd: Int32 = 1, capacity: Int = 1 << 20) {
        self.fd = fd
        self.limit = capacity
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= limit { flush() }
    }

    /// A finished JSON line, without copying it into an array first.
    public func write(_ line: JSONLine) {
        line.withBytes { write($0) }
    }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= limit { flush() }
    }

    public func flush() {
        guard open else { buffer.removeAll(keepingCapacity: true); return }
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    open = false
                    return
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, bytes, count)
}
