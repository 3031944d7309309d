/// tls: the handshake (version, the certificate's subject, issuer, SANs and validity, as zgrab2's
/// `handshake_log`), then http over TLS as the http module does it (under `http`, with `favicon`).
public struct TLSModule: ProbeModule {
    public let name = "tls"
    public let defaultPorts = [443, 8443, 4433, 993, 995]

    public init() {}

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        let connection = try await context.connect()
        let details: TLSDetails
        do {
            details = try await connection.startTLS()
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        var result: [(String, ProbeJSON)] = [("handshake_log", details.handshakeLog)]
        // HTTP behind it, each request on its own TLS connection; a TLS port that is not HTTP keeps its handshake.
        if let http = try? await HTTPModule.walk(context, scheme: "https", open: {
            let c = try await context.connect()
            _ = try await c.startTLS()
            return c
        }) {
            result.append(("http", http.result))
        }
        return ModuleResult(result: .object(result))
    }
}
