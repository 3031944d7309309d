import BotCensusTesting
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A bare SMTP client on a loopback socket, for what real clients never do on purpose: malformed commands,
/// pipelined batches with errors, over-long lines, stalls. Every read has a timeout.
final class SMTPTestClient {
    let fd: CInt
    private var buffer: [UInt8] = []

    /// Connects to `host:port` (from `source` when given); reads the greeting unless told not to.
    init(host: String = "127.0.0.1", port: Int, source: String? = nil, greeting: Bool = true, timeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestFailure("socket: \(errno)") }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        if let source {
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard bound == 0 else { close(fd); throw TestFailure("bind \(source): \(errno)") }
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { close(fd); throw TestFailure("connect \(host):\(port): \(errno)") }
        if greeting { _ = try reply() }
    }

    deinit { close(fd) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestFailure("send: \(errno)") }
            offset += n
        }
    }

    /// One whole reply (every `NNN-` line and the `NNN ` line), as its lines.
    func reply() throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try readLine()
            lines.append(line)
            if line.count < 4 || Array(line.utf8)[3] != UInt8(ascii: "-") { return lines }
        }
    }

    /// The code and last line of the next reply, e.g. `"250 2.0.0 Ok"`.
    func answer() throws -> String { try reply().last ?? "" }

    /// Sends `command` and returns its answer.
    func ask(_ command: String) throws -> String {
        try send(command + "\r\n")
        return try answer()
    }

    func readLine() throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<lf])
                buffer.removeFirst(lf + 1)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { throw TestFailure(n == 0 ? "connection closed; pending: \(String(decoding: buffer, as: UTF8.self))" : "recv: \(errno)") }
            buffer += chunk[..<n]
        }
    }

    /// Everything until the server closes (or the read times out).
    func readAll() -> String {
        while true {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            buffer += chunk[..<n]
        }
        defer { buffer.removeAll() }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// True when the server has closed the connection (reads end).
    func isClosedByServer() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) == 0
    }
}
