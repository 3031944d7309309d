import ArgumentParser
import Foundation
import Logging
import WebView

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Browse a case in a web browser: the claim check, addresses, campaigns, and a read-only JSON API.",
        discussion: """
            Pages and API read the case on each request, so what trap and probe write shows on the next reload. \
            The case is opened read-only and only GET and HEAD are answered. It listens on 127.0.0.1:8080 by \
            default; any other address needs --token, and then every request must carry \
            `Authorization: Bearer TOKEN`. The API is described at /api/openapi.json (docs/WEBVIEW.md).
            """
    )

    @OptionGroup var caseOptions: CaseOptions

    @Option(help: "ADDR:PORT to listen on (127.0.0.1, [::1], localhost, or with --token any address; port 0 picks one).")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "Require `Authorization: Bearer TOKEN` on every request (needed to listen beyond loopback; 16+ characters).")
    var token: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            Console.err("botcensus serve: --log-level \(logLevel): expected trace, debug, info, notice, warning, error or critical")
            throw ExitCode(2)
        }
        guard let endpoint = ListenEndpoint(parsing: listen) else {
            Console.err("botcensus serve: --listen \(listen): expected ADDR:PORT (127.0.0.1:8080, [::1]:8080, localhost:8080)")
            throw ExitCode(2)
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "botcensus.serve")
        logger.logLevel = level
        let configuration = ServeConfiguration(casePath: caseOptions.casePath, listen: endpoint, token: token, logger: logger)
        // Refused before anything opens or listens, in one line.
        if let refusal = configuration.refusal {
            Console.err("botcensus serve: \(refusal)")
            throw ExitCode(2)
        }
        try WebServer.runUntilStopped(configuration, say: { Console.out($0 + "\n"); Console.stdout.flush() })
    }
}
