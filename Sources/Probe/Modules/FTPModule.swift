/// ftp: the greeting (zgrab2's `banner`), then `QUIT`. No login: the greeting names the server.
public struct FTPModule: ProbeModule {
    public let name = "ftp"
    public let defaultPorts = [21, 2121]

    public init() {}

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        let connection = try await context.connect()
        defer { Task { await connection.close() } }
        let greeting = try await ReplyReading.read(connection)
        guard (100...599).contains(greeting.code) else { throw ProbeError(.protocolError, "not an FTP greeting") }
        try? await connection.send("QUIT\r\n")
        return ModuleResult(result: .object([("banner", .string(greeting.text)), ("status_code", .int(greeting.code))]))
    }
}
