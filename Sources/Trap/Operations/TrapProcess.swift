import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
let RLIMIT_NOFILE_VALUE = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#endif

/// The process around a trap: logging and metrics bootstrapped once, the service group that turns SIGTERM
/// and SIGINT into a graceful stop, and the lines it prints on start and stop.
public enum TrapProcess {
    /// swift-log to stderr (`key=value` metadata on each line) at `level`; swift-metrics into a Prometheus
    /// registry, returned for the `/metrics` endpoint.
    public static func bootstrap(logLevel: Logger.Level) -> PrometheusCollectorRegistry {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Durable writes take a fraction of a millisecond to tens of milliseconds: buckets where they fall.
        factory.defaultDurationHistogramBuckets = [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
            .map { Duration.nanoseconds(Int64($0 * 1e9)) }
        MetricsSystem.bootstrap(factory)
        return registry
    }

    /// Starts the trap, prints where it listens via `say`, runs until a stop signal, drains, and prints what
    /// it wrote.
    public static func run(_ configuration: TrapConfiguration, registry: PrometheusCollectorRegistry?,
                           say: @escaping @Sendable (String) -> Void) async throws {
        raiseDescriptorLimit(to: configuration.maxSessions * 2 + 256, say: say)
        let server = try TrapServer(configuration: configuration, registry: registry)
        if server.recovered > 0 {
            say("wrote \(server.recovered) messages of an earlier run into the case from their spool records (durable, but not yet in the case when it stopped)")
        }
        if server.setAside > 0 {
            say("set aside \(server.setAside) messages of an earlier run that were never acknowledged, in \(configuration.spoolPath)/unacknowledged")
        }
        let lines: [String]
        do {
            lines = try await server.start()
        } catch {
            await server.drain()
            throw error
        }
        for line in lines { say(line) }
        if let origin = server.certificateOrigin { say("TLS certificate \(origin)") }
        say("trap \(configuration.trapName) writing to \(configuration.casePath), spool \(configuration.spoolPath); SIGTERM or Ctrl-C stops it")
        let group = ServiceGroup(services: [TrapService(server: server)], gracefulShutdownSignals: [.sigterm, .sigint],
                                 cancellationSignals: [], logger: configuration.logger)
        try await group.run()
        say("trap stopped: \(server.summary)")
    }

    /// Each session holds a descriptor (and a spool file while in DATA): raise the soft limit towards the hard
    /// one, as servers do, and say so when even that is short of `--max-sessions`.
    static func raiseDescriptorLimit(to wanted: Int, say: (String) -> Void) {
        var limit = rlimit()
        guard getrlimit(RLIMIT_NOFILE_VALUE, &limit) == 0 else { return }
        let target = min(rlim_t(wanted), limit.rlim_max)
        if limit.rlim_cur < target {
            limit.rlim_cur = target
            _ = setrlimit(RLIMIT_NOFILE_VALUE, &limit)
        }
        if target < rlim_t(wanted) {
            say("warning: the open-file limit (\(limit.rlim_max)) is below what --max-sessions needs (\(wanted)); raise it (LimitNOFILE= in the systemd unit)")
        }
    }

    /// `run` for a synchronous caller (the command line): blocks until the trap has stopped.
    public static func runUntilStopped(_ configuration: TrapConfiguration, registry: PrometheusCollectorRegistry?,
                                       say: @escaping @Sendable (String) -> Void) throws {
        let finished = DispatchSemaphore(value: 0)
        var failure: Error?
        Task {
            do { try await run(configuration, registry: registry, say: say) } catch { failure = error }
            finished.signal()
        }
        finished.wait()
        if let failure { throw failure }
    }
}
