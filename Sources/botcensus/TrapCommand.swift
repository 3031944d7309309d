import ArgumentParser
import Foundation
import Ingest
import Logging
import Store
import Trap
import Workflow

struct TrapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trap",
        abstract: "Run an SMTP spam trap that keeps every sender's own SYN, writing the case as mail arrives.",
        discussion: """
            Accepts mail as a real server (ESMTP, PIPELINING, CHUNKING, STARTTLS; AUTH refused with the user names \
            kept), reads each connection's SYN from the kernel (Linux TCP_SAVED_SYN), and acknowledges a message \
            only once it is fsynced in the spool and committed to the case. SIGTERM drains: messages in progress \
            finish, no new sessions start. The case can be read by attribute, census and export meanwhile.
            """
    )

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "Addresses to accept SMTP on: ADDR:PORT[,ADDR:PORT…] ([V6]:PORT for IPv6; port 0 picks one).",
            transform: { try ListenList(parsing: $0) })
    var listen: ListenList

    @Option(name: .customLong("tls-listen"), help: "Addresses for implicit TLS (port 465 style): ADDR:PORT[,…].",
            transform: { try ListenList(parsing: $0, implicitTLS: true) })
    var tlsListen: ListenList?

    @Option(help: "The name the trap greets with (default: this machine's).")
    var hostname: String?

    @Option(help: "What the case calls this trap when several write one case (default: the hostname).")
    var name: String?

    @Option(help: "Spool folder for the raw messages (default: CASE.spool beside the case; ./DB.spool for a PostgreSQL case).")
    var spool: String?

    @Option(name: .customLong("max-size"), help: "Largest message accepted, in bytes.")
    var maxSize = 10_240_000

    @Option(name: .customLong("max-sessions"), help: "Concurrent sessions over all listeners.")
    var maxSessions = 1000

    @Option(name: .customLong("per-ip"), help: "Concurrent sessions per client address.")
    var perIP = 50

    @Option(name: .customLong("max-recipients"), help: "Recipients per message.")
    var maxRecipients = 1000

    @Option(name: .customLong("max-commands"), help: "Commands per session.")
    var maxCommands = 1000

    @Option(name: .customLong("max-line"), help: "Longest command line, in bytes.")
    var maxLine = 2048

    @Option(name: .customLong("accept-domains"), help: "Accept only recipients in these domains (comma-separated; default: all).")
    var acceptDomains: String?

    @Option(name: .customLong("command-timeout"), help: "Seconds to wait for the next command (RFC 5321 §4.5.3.2: 300).")
    var commandTimeout: Double = 300

    @Option(name: .customLong("data-timeout"), help: "Seconds to wait for more of a message body.")
    var dataTimeout: Double = 180

    @Option(name: .customLong("stress-timeout"), help: "Timeout while over 80% of --max-sessions are open (slow clients cannot hold slots).")
    var stressTimeout: Double = 10

    @Option(name: .customLong("drain-timeout"), help: "On stop, seconds to let messages in progress finish.")
    var drainTimeout: Double = 30

    @Option(help: "Prometheus metrics endpoint ADDR:PORT (GET /metrics).", transform: { text in
        guard let address = ListenAddress(parsing: text) else { throw ValidationError("--metrics \(text): expected ADDR:PORT") }
        return address
    })
    var metrics: ListenAddress?

    @Option(name: .customLong("tls-cert"), help: "PEM certificate for STARTTLS and --tls-listen (default: a self-signed one made in the spool).")
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.")
    var tlsKey: String?

    @Option(name: .customLong("trusted-relays"), help: "Your relays that hand mail to the trap: the sender is the one their Received header names.",
            transform: RelayList.init(parsing:))
    var trustedRelays: RelayList?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        if (tlsCert == nil) != (tlsKey == nil) { throw ValidationError("--tls-cert and --tls-key go together") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level \(logLevel): expected trace, debug, info, notice, warning, error or critical") }
        for (name, value) in [("--max-size", maxSize), ("--max-sessions", maxSessions), ("--per-ip", perIP),
                              ("--max-recipients", maxRecipients), ("--max-commands", maxCommands), ("--max-line", maxLine)] where value < 1 {
            throw ValidationError("\(name) must be at least 1")
        }
        if maxLine < 512 { throw ValidationError("--max-line must be at least 512 (RFC 5321 §4.5.3.1.4)") }
        for (name, value) in [("--command-timeout", commandTimeout), ("--data-timeout", dataTimeout), ("--stress-timeout", stressTimeout)]
            where value <= 0 {
            throw ValidationError("\(name) must be positive")
        }
    }

    func run() throws {
        let host = hostname ?? ProcessInfo.processInfo.hostName
        var settings = SMTPSettings(hostname: host)
        settings.maxMessageSize = maxSize
        settings.maxRecipients = maxRecipients
        settings.maxCommands = maxCommands
        settings.maxLineLength = maxLine
        settings.acceptDomains = acceptDomains.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }
        let registry = TrapProcess.bootstrap(logLevel: Logger.Level(rawValue: logLevel) ?? .info)
        var logger = Logger(label: "botcensus.trap")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        var configuration = TrapConfiguration(listeners: listen.addresses + (tlsListen?.addresses ?? []), casePath: caseOptions.casePath,
                                              spoolPath: spool ?? CaseLocation.localStem(caseOptions.casePath) + ".spool", trapName: name ?? host,
                                              settings: settings, logger: logger)
        configuration.metrics = metrics
        configuration.maxSessions = maxSessions
        configuration.perAddress = perIP
        configuration.timeouts.command = commandTimeout
        configuration.timeouts.data = dataTimeout
        configuration.timeouts.stress = stressTimeout
        configuration.drainTimeout = drainTimeout
        configuration.tlsCertificate = tlsCert
        configuration.tlsKey = tlsKey
        if let trustedRelays { configuration.relays = try TrustedRelays(trustedRelays.relays) }
        configuration.labeler = CaseImporter.p0fLabeler(warn: { Console.err("botcensus trap: \($0)") })
        try TrapProcess.runUntilStopped(configuration, registry: registry, say: { Console.out($0 + "\n"); Console.stdout.flush() })
    }
}

/// `--listen 127.0.0.1:2525,[::1]:2525`.
struct ListenList: Sendable {
    var addresses: [ListenAddress]
    init(parsing argument: String, implicitTLS: Bool = false) throws {
        addresses = try argument.split(separator: ",").map { part in
            guard let address = ListenAddress(parsing: String(part).trimmingCharacters(in: .whitespaces), implicitTLS: implicitTLS) else {
                throw ValidationError("'\(part)': expected ADDR:PORT or [V6ADDR]:PORT")
            }
            return address
        }
        if addresses.isEmpty { throw ValidationError("no address given") }
    }
}
