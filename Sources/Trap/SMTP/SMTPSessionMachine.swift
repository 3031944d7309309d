import Foundation

/// What the trap's SMTP server accepts and how much; defaults as Postfix's (message_size_limit,
/// smtpd_recipient_limit, smtpd_hard_error_limit, line_length_limit).
public struct SMTPSettings: Sendable {
    public var hostname: String
    public var maxMessageSize = 10_240_000
    public var maxRecipients = 1000
    public var maxCommands = 1000
    public var maxErrors = 20
    public var maxLineLength = 2048
    /// Recipient domains accepted (lowercase); nil accepts every recipient, as a trap should by default.
    public var acceptDomains: [String]?
    /// STARTTLS is offered (a certificate is loaded).
    public var tlsAvailable = false
    /// AUTH attempts kept per session (each user name capped at 256 characters).
    public var maxAuthAttempts = 32

    public init(hostname: String) { self.hostname = hostname }
}

/// The envelope of one mail transaction.
public struct Envelope: Equatable, Sendable {
    public var mailFrom: String
    public var recipients: [String] = []
    public var declaredSize: Int?
    public var smtputf8 = false
}

/// What the connection must do next: the machine decides, the NIO handler does.
enum SMTPAction: Equatable {
    case reply(SMTPReply)
    /// Read the message body (DATA: dot-stuffed lines up to `.`) into a new spool file.
    case receiveData
    /// Read `size` octets of a BDAT chunk (into the spool file opened by the first chunk).
    case receiveChunk(size: Int, last: Bool)
    /// Switch the connection to TLS once the 220 before it is on the wire.
    case startTLS
    /// The body ended within limits: make the message durable, then call `delivered` or `deliveryFailed`.
    case deliver(Envelope)
    /// Drop the partly received body (RSET during BDAT, oversize message).
    case discardBody
    case close
}

/// The server side of one SMTP session (RFC 5321, with RFC 2920 pipelining, RFC 3030 CHUNKING, RFC 3207
/// STARTTLS and RFC 4954 AUTH refused), apart from any I/O: lines and body ends in, actions out.
struct SMTPSessionMachine {
    enum State: Equatable {
        case command
        case data
        case bdat
        case authPlain
        case authLoginUser
        case authLoginPassword
        case delivering
        case closed
    }

    let settings: SMTPSettings
    private(set) var state = State.command
    private(set) var helo: String?
    private(set) var envelope: Envelope?
    private(set) var tls: Bool
    private(set) var commands = 0
    private(set) var errors = 0
    private(set) var authAttempts: [String] = []
    /// Octets of the BDAT chunks of the current message so far.
    private var chunked = 0
    private var chunking = false

    init(settings: SMTPSettings, implicitTLS: Bool) {
        self.settings = settings
        self.tls = implicitTLS
    }

    var isInTransaction: Bool { envelope != nil }

    func greeting() -> [SMTPAction] { [.reply(.greeting(settings.hostname))] }

    /// One command line, or a line answering an AUTH challenge.
    mutating func line(_ bytes: [UInt8]) -> [SMTPAction] {
        switch state {
        case .authPlain, .authLoginUser, .authLoginPassword: return authResponse(bytes)
        case .command: break
        default: return []   // the handler never feeds lines in other states
        }
        commands += 1
        if commands > settings.maxCommands { return close(.tooManyCommands) }
        return respond(to: SMTPCommand.parse(bytes))
    }

    mutating func lineTooLong() -> [SMTPAction] { reply(.lineTooLong) }

    private mutating func respond(to command: SMTPCommand) -> [SMTPAction] {
        switch command {
        case .helo(let name):
            helo = name; envelope = nil; resetChunking()
            return reply(SMTPReply(250, nil, settings.hostname))
        case .ehlo(let name):
            helo = name; envelope = nil; resetChunking()
            var keywords = [settings.hostname, "PIPELINING", "SIZE \(settings.maxMessageSize)", "VRFY"]
            if settings.tlsAvailable && !tls { keywords.append("STARTTLS") }
            keywords += ["AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8", "CHUNKING"]
            return reply(SMTPReply(250, nil, keywords))
        case .mail(let path, let parameters):
            if envelope != nil { return reply(.nestedMail) }
            var declared: Int?
            for (key, value) in parameters {
                switch key {
                case "SIZE":
                    guard let n = Int(value), n >= 0 else { return reply(.badParameter) }
                    declared = n
                case "BODY":
                    guard ["7BIT", "8BITMIME", "BINARYMIME"].contains(value.uppercased()) else { return reply(.badParameter) }
                case "SMTPUTF8", "AUTH", "RET", "ENVID":
                    continue
                default:
                    return reply(.badParameter)
                }
            }
            if let declared, declared > settings.maxMessageSize { return reply(.sizeExceeded(settings.maxMessageSize)) }
            envelope = Envelope(mailFrom: path, declaredSize: declared, smtputf8: parameters["SMTPUTF8"] != nil)
            return reply(.ok)
        case .rcpt(let path, _):
            guard var current = envelope else { return reply(.needMail) }
            if current.recipients.count >= settings.maxRecipients { return reply(.tooManyRecipients) }
            if let domains = settings.acceptDomains {
                let domain = path.split(separator: "@").last.map { $0.lowercased() } ?? ""
                guard domains.contains(domain) else { return reply(.relayDenied(path)) }
            }
            current.recipients.append(path)
            envelope = current
            return reply(.ok)
        case .data:
            guard let current = envelope else { return reply(.needMail) }
            if chunking { return reply(.dataDuringBDAT) }
            guard !current.recipients.isEmpty else { return reply(.noRecipients) }
            state = .data
            return [.reply(.startData), .receiveData]
        case .bdat(let size, let last):
            guard let current = envelope else { return reply(.needMail) }
            guard !current.recipients.isEmpty else { return reply(.noRecipients) }
            chunking = true
            state = .bdat
            return [.receiveChunk(size: size, last: last)]
        case .rset:
            let hadBody = chunking
            envelope = nil; resetChunking()
            return (hadBody ? [.discardBody] : []) + reply(.ok)
        case .noop: return reply(.ok)
        case .quit:
            state = .closed
            return [.reply(.bye), .close]
        case .vrfy: return reply(.vrfy)
        case .expn: return reply(.expn)
        case .help: return reply(.help)
        case .starttls:
            guard settings.tlsAvailable else { return reply(.tlsUnavailable) }
            guard !tls else { return reply(.tlsActive) }
            // RFC 3207 §4.2: everything known before TLS is forgotten.
            tls = true; helo = nil; envelope = nil; resetChunking()
            return [.reply(.readyTLS), .startTLS]
        case .auth(let mechanism, let initial):
            if envelope != nil { return reply(.authInTransaction) }
            switch mechanism {
            case "PLAIN":
                guard let initial else { state = .authPlain; return [.reply(.authChallenge(""))] }
                return plainCredentials(initial)
            case "LOGIN":
                guard let initial else { state = .authLoginUser; return [.reply(.authChallenge("VXNlcm5hbWU6"))] }
                guard let user = Self.decode(initial) else { return reply(.authBadEncoding) }
                record(String(decoding: user, as: UTF8.self))
                state = .authLoginPassword
                return [.reply(.authChallenge("UGFzc3dvcmQ6"))]
            default:
                return reply(.authMechanism)
            }
        case .malformed(let answer): return reply(answer)
        case .unknown: return reply(.notRecognized)
        }
    }

    private mutating func authResponse(_ bytes: [UInt8]) -> [SMTPAction] {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        let step = state
        state = .command
        if text == "*" { return reply(.authCancelled) }
        switch step {
        case .authPlain:
            return plainCredentials(text)
        case .authLoginUser:
            guard let user = Self.decode(text) else { return reply(.authBadEncoding) }
            record(String(decoding: user, as: UTF8.self))
            state = .authLoginPassword
            return [.reply(.authChallenge("UGFzc3dvcmQ6"))]
        default:
            // The password is never kept: the user name is the evidence, the secret is not ours to hold.
            return reply(.authFailed)
        }
    }

    /// RFC 4616: `authzid NUL authcid NUL passwd`; the authentication identity is recorded, the password not.
    private mutating func plainCredentials(_ base64: String) -> [SMTPAction] {
        guard let decoded = Self.decode(base64 == "=" ? "" : base64) else { return reply(.authBadEncoding) }
        let parts = decoded.split(separator: 0, omittingEmptySubsequences: false)
        let user = parts.count >= 2 ? (parts[1].isEmpty ? parts[0] : parts[1]) : (parts.first ?? [])
        record(String(decoding: user, as: UTF8.self))
        return reply(.authFailed)
    }

    private mutating func record(_ user: String) {
        guard authAttempts.count < settings.maxAuthAttempts else { return }
        authAttempts.append(String(user.prefix(256)))
    }

    static func decode(_ base64: String) -> [UInt8]? {
        Data(base64Encoded: base64).map { [UInt8]($0) }
    }

    /// The DATA body ended (the `.` line), `size` octets after unstuffing.
    mutating func dataEnded(size: Int) -> [SMTPAction] {
        guard state == .data, let current = envelope else { return [] }
        if size > settings.maxMessageSize {
            state = .command; envelope = nil
            return [.discardBody] + reply(.sizeExceeded(settings.maxMessageSize))
        }
        state = .delivering
        return [.deliver(current)]
    }

    /// A BDAT chunk was read in full.
    mutating func chunkEnded(size: Int, last: Bool) -> [SMTPAction] {
        guard state == .bdat, let current = envelope else { return [] }
        chunked += size
        if chunked > settings.maxMessageSize {
            state = .command; envelope = nil; resetChunking()
            return [.discardBody] + reply(.sizeExceeded(settings.maxMessageSize))
        }
        guard last else { state = .command; return [.reply(.bdatReceived(size))] }
        state = .delivering
        return [.deliver(current)]
    }

    /// The message is on disk: its `250`.
    mutating func delivered(queueID: String) -> [SMTPAction] {
        state = .command; envelope = nil; resetChunking()
        return [.reply(.queued(queueID))]
    }

    mutating func deliveryFailed() -> [SMTPAction] {
        state = .command; envelope = nil; resetChunking()
        return reply(.storeFailed)
    }

    /// A state's timer ran out.
    mutating func timedOut() -> [SMTPAction] { close(.timeout) }

    /// The trap is stopping: an idle session is told so and closed.
    mutating func shutdown() -> [SMTPAction] { close(.shuttingDown) }

    private mutating func resetChunking() { chunking = false; chunked = 0 }

    private mutating func close(_ answer: SMTPReply) -> [SMTPAction] {
        state = .closed
        return [.reply(answer), .close]
    }

    /// A reply; a 4xx/5xx counts towards the error limit, past which the session is closed.
    private mutating func reply(_ answer: SMTPReply) -> [SMTPAction] {
        guard answer.code >= 400 else { return [.reply(answer)] }
        errors += 1
        if errors > settings.maxErrors { return [.reply(answer)] + close(.tooManyErrors) }
        return [.reply(answer)]
    }
}
