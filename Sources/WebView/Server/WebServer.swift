import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Store

/// `botcensus serve`: opens the case read-only, builds the routes, listens, prints where, and runs until
/// SIGTERM or SIGINT, when Hummingbird finishes the requests in progress and the process says how many it
/// answered. Startup failures (a missing case, a port in use) are thrown, for the command to print.
public enum WebServer {
    /// Why the server did not start, in one line.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func run(_ configuration: ServeConfiguration, say: @escaping @Sendable (String) -> Void) async throws {
        if let refusal = configuration.refusal { throw StartError(description: refusal) }
        let store = try CaseStore(path: configuration.casePath, mode: .readOnly)
        let reader = CaseReader(store: store)
        let requests = RequestCounter()
        let router = WebRoutes.router(reader: reader, token: configuration.token, requests: requests)
        let listen = configuration.listen
        let casePath = configuration.casePath
        let guarded = configuration.token != nil
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? listen.port
                say("serving \(casePath) read-only on \(listen.url(port: port))\(guarded ? " (Authorization: Bearer token required)" : ""); SIGTERM or Ctrl-C stops it")
            },
            logger: configuration.logger
        )
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [],
                                 logger: configuration.logger)
        try await group.run()
        say("serve stopped: \(requests.value) requests answered")
    }

    /// `run` for a synchronous caller (the command line): blocks until the server has stopped.
    public static func runUntilStopped(_ configuration: ServeConfiguration, say: @escaping @Sendable (String) -> Void) throws {
        let finished = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await run(configuration, say: say) } catch { failure.set(error) }
            finished.signal()
        }
        finished.wait()
        if let error = failure.error { throw error }
    }
}

/// The error of the server task, handed to the waiting thread.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    func set(_ error: any Error) { lock.withLock { stored = error } }
    var error: (any Error)? { lock.withLock { stored } }
}
