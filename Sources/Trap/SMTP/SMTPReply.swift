/// One SMTP reply: a code, an enhanced status code (RFC 3463, advertised as ENHANCEDSTATUSCODES) and one or
/// more text lines, written `250-…` for all but the last.
public struct SMTPReply: Equatable, Sendable {
    public var code: Int
    public var enhanced: String?
    public var lines: [String]

    public init(_ code: Int, _ enhanced: String?, _ lines: [String]) {
        self.code = code; self.enhanced = enhanced; self.lines = lines.isEmpty ? [""] : lines
    }

    public init(_ code: Int, _ enhanced: String?, _ text: String) { self.init(code, enhanced, [text]) }

    /// Closes the session after it is sent (221 after QUIT, 421 when a limit or timeout ends it).
    public var closesSession: Bool { code == 221 || code == 421 }

    public var bytes: [UInt8] {
        var out: [UInt8] = []
        for (i, line) in lines.enumerated() {
            out += Array(String(code).utf8)
            out.append(i == lines.count - 1 ? UInt8(ascii: " ") : UInt8(ascii: "-"))
            // The enhanced code goes on every line of a reply except the EHLO keyword list (RFC 2034 §4 names
            // it for replies carrying text; the EHLO list is keywords).
            if let enhanced { out += Array(enhanced.utf8); out.append(UInt8(ascii: " ")) }
            out += Array(line.utf8)
            out += [13, 10]
        }
        return out
    }
}

/// The replies, worded as Postfix words them where a bot may key on the text.
extension SMTPReply {
    static func greeting(_ host: String) -> SMTPReply { SMTPReply(220, nil, "\(host) ESMTP") }
    static let ok = SMTPReply(250, "2.0.0", "Ok")
    static let bye = SMTPReply(221, "2.0.0", "Bye")
    static let startData = SMTPReply(354, nil, "End data with <CR><LF>.<CR><LF>")
    static let readyTLS = SMTPReply(220, "2.0.0", "Ready to start TLS")
    static let vrfy = SMTPReply(252, "2.0.0", "Cannot VRFY user, but will accept message and attempt delivery")
    static let help = SMTPReply(214, "2.0.0", "Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH")
    static let notRecognized = SMTPReply(502, "5.5.2", "Error: command not recognized")
    static let expn = SMTPReply(502, "5.5.1", "EXPN not permitted")
    static let needMail = SMTPReply(503, "5.5.1", "Error: need MAIL command")
    static let nestedMail = SMTPReply(503, "5.5.1", "Error: nested MAIL command")
    static let needRcpt = SMTPReply(503, "5.5.1", "Error: need RCPT command")
    static let noRecipients = SMTPReply(554, "5.5.1", "Error: no valid recipients")
    static let mailSyntax = SMTPReply(501, "5.5.4", "Syntax: MAIL FROM:<address>")
    static let rcptSyntax = SMTPReply(501, "5.5.4", "Syntax: RCPT TO:<address>")
    static let heloSyntax = SMTPReply(501, "5.5.4", "Syntax: EHLO hostname")
    static let bdatSyntax = SMTPReply(501, "5.5.4", "Syntax: BDAT size [LAST]")
    static let noParameters = SMTPReply(501, "5.5.4", "Syntax: command takes no parameters")
    static let badParameter = SMTPReply(555, "5.5.4", "Unsupported option")
    static let tooManyRecipients = SMTPReply(452, "4.5.3", "Error: too many recipients")
    static func sizeExceeded(_ limit: Int) -> SMTPReply { SMTPReply(552, "5.3.4", "Message size exceeds fixed limit (\(limit) bytes)") }
    static let lineTooLong = SMTPReply(500, "5.5.2", "Error: line too long")
    static let tlsUnavailable = SMTPReply(454, "4.7.0", "TLS not available due to local problem")
    static let tlsActive = SMTPReply(503, "5.5.1", "Error: TLS already active")
    static let authFailed = SMTPReply(535, "5.7.8", "Error: authentication failed: authentication failure")
    static let authCancelled = SMTPReply(501, "5.7.0", "Authentication aborted")
    static let authMechanism = SMTPReply(504, "5.5.4", "Unsupported authentication mechanism")
    static let authBadEncoding = SMTPReply(501, "5.5.2", "Cannot decode response")
    static let authInTransaction = SMTPReply(503, "5.5.1", "Error: MAIL transaction in progress")
    static let dataDuringBDAT = SMTPReply(503, "5.5.1", "Error: DATA and BDAT cannot be mixed")
    static let storeFailed = SMTPReply(451, "4.3.0", "Error: queue file write error")
    static let tooManyCommands = SMTPReply(421, "4.7.0", "Error: too many commands")
    static let tooManyErrors = SMTPReply(421, "4.7.0", "Error: too many errors")
    static let timeout = SMTPReply(421, "4.4.2", "Error: timeout exceeded")
    static let shuttingDown = SMTPReply(421, "4.3.2", "Service shutting down, closing transmission channel")
    static let tooManySessions = SMTPReply(421, "4.7.0", "Error: too many connections")
    static let tooManyFromAddress = SMTPReply(421, "4.7.0", "Error: too many connections from your address")
    static func relayDenied(_ rcpt: String) -> SMTPReply { SMTPReply(554, "5.7.1", "<\(rcpt)>: Relay access denied") }
    static func queued(_ id: String) -> SMTPReply { SMTPReply(250, "2.0.0", "Ok: queued as \(id)") }
    static func bdatReceived(_ n: Int) -> SMTPReply { SMTPReply(250, "2.0.0", "Ok: \(n) bytes") }
    static func authChallenge(_ base64: String) -> SMTPReply { SMTPReply(334, nil, base64) }
}

extension SMTPReply {
    /// The refusal this reply is, for the rejects metric; nil for a positive or intermediate reply.
    var rejectReason: String? {
        guard code >= 400 else { return nil }
        switch (code, enhanced ?? "") {
        case (552, _): return "size"
        case (452, _): return "recipients"
        case (421, "4.4.2"): return "timeout"
        case (421, "4.3.2"): return "shutdown"
        case (421, _):
            let text = lines.first ?? ""
            if text.contains("commands") { return "commands" }
            if text.contains("errors") { return "errors" }
            if text.contains("your address") { return "per-ip" }
            return "sessions"
        case (451, _): return "store"
        case (454, _): return "tls"
        case (535, _), (504, _): return "auth"
        case (554, "5.7.1"): return "relay"
        case (500, _): return self == .lineTooLong ? "line" : "syntax"
        default: return code == 502 ? "unknown-command" : "protocol"
        }
    }
}
