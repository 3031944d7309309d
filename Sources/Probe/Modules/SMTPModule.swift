/// smtp: the greeting, then `EHLO` and its capability lines (falling back to `HELO` if EHLO is refused),
/// then `QUIT`. zgrab2's `smtp` result: `banner`, `ehlo` (or `helo`), `quit`.
public struct SMTPModule: ProbeModule {
    public let name = "smtp"
    public let defaultPorts = [25, 587, 2525]

    public init() {}

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        let connection = try await context.connect()
        defer { Task { await connection.close() } }
        let greeting = try await ReplyReading.read(connection)
        guard (200...299).contains(greeting.code) || greeting.code == 554 || greeting.code == 421 else {
            throw ProbeError(.protocolError, "not an SMTP greeting")
        }
        var result: [(String, ProbeJSON)] = [("banner", .string(greeting.text))]
        try await connection.send("EHLO botcensus-probe.invalid\r\n")
        let ehlo = try await ReplyReading.read(connection)
        if ehlo.code == 250 {
            result.append(("ehlo", .string(ehlo.text)))
        } else {
            try await connection.send("HELO botcensus-probe.invalid\r\n")
            result.append(("helo", .string(try await ReplyReading.read(connection).text)))
        }
        try? await connection.send("QUIT\r\n")
        if let quit = try? await ReplyReading.read(connection) { result.append(("quit", .string(quit.text))) }
        return ModuleResult(result: .object(result))
    }
}
