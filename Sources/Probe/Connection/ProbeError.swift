import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// Why a probe ended without a result, named as zgrab2 names its statuses so its readers understand ours.
public enum ProbeStatus: String, Sendable, CaseIterable {
    case success
    case connectionRefused = "connection-refused"
    case connectionTimeout = "connection-timeout"
    case connectionClosed = "connection-closed"
    case ioTimeout = "io-timeout"
    case protocolError = "protocol-error"
    case applicationError = "application-error"
    case blocked = "blocklisted"
    case unknownError = "unknown-error"
}

public struct ProbeError: Error, CustomStringConvertible, Sendable {
    public var status: ProbeStatus
    public var description: String

    public init(_ status: ProbeStatus, _ description: String) {
        self.status = status
        self.description = description
    }

    /// A socket-level error from NIO, as a status.
    static func from(_ error: Error) -> ProbeError {
        if let probe = error as? ProbeError { return probe }
        if error is ChannelError, case ChannelError.connectTimeout = error as! ChannelError {
            return ProbeError(.connectionTimeout, "connect timed out")
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return ProbeError(.connectionRefused, "connection refused")
            case ETIMEDOUT: return ProbeError(.connectionTimeout, "connect timed out")
            case ECONNRESET, EPIPE: return ProbeError(.connectionClosed, "connection reset")
            default: return ProbeError(.unknownError, "\(io)")
            }
        }
        if let connect = error as? NIOConnectionError {
            if connect.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                return ProbeError(.connectionRefused, "connection refused")
            }
            if connect.connectionErrors.contains(where: { if case ChannelError.connectTimeout = $0.error { return true }; return false }) {
                return ProbeError(.connectionTimeout, "connect timed out")
            }
            return ProbeError(.unknownError, "\(connect)")
        }
        return ProbeError(.unknownError, "\(error)")
    }
}
