import Foundation

/// telnet: answers the server's option negotiation as a dumb terminal does (refuses every option: DO → WONT,
/// WILL → DONT), so the server goes on to its banner and login prompt, and keeps what it offered (zgrab2's
/// `will`, `do`, `wont`, `dont`) beside the banner text with the IAC sequences taken out.
public struct TelnetModule: ProbeModule {
    public let name = "telnet"
    public let defaultPorts = [23, 2323]

    static let iac: UInt8 = 255, dont: UInt8 = 254, doOption: UInt8 = 253, wont: UInt8 = 252, will: UInt8 = 251, sb: UInt8 = 250, se: UInt8 = 240

    public init() {}

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        let connection = try await context.connect()
        defer { Task { await connection.close() } }
        var text: [UInt8] = []
        var offered: [UInt8: [UInt8]] = [:]
        // A few rounds: negotiation, then the banner, until a prompt shows or the server goes quiet.
        for round in 0..<6 {
            let bytes: [UInt8]
            do {
                bytes = try await connection.read(timeout: round == 0 ? nil : .milliseconds(700))
            } catch let error as ProbeError where round > 0 && error.status == .ioTimeout {
                break
            }
            await connection.consume(bytes.count)
            var replies: [UInt8] = []
            text += Self.strip(bytes, offered: &offered, replies: &replies)
            if !replies.isEmpty { try? await connection.send(replies) }
            if Self.looksLikePrompt(text) { break }
        }
        let banner = String(decoding: text, as: UTF8.self)
        func options(_ verb: UInt8) -> ProbeJSON { .array((offered[verb] ?? []).map { .object([("value", .int(Int($0)))]) }) }
        return ModuleResult(result: .object([("banner", .string(banner)), ("will", options(Self.will)), ("do", options(Self.doOption)),
                                             ("wont", options(Self.wont)), ("dont", options(Self.dont))]))
    }

    /// The text without IAC sequences; each offer is recorded and refused.
    static func strip(_ bytes: [UInt8], offered: inout [UInt8: [UInt8]], replies: inout [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], i = 0
        while i < bytes.count {
            let b = bytes[i]
            guard b == iac, i + 1 < bytes.count else { if b != 0 { out.append(b) }; i += 1; continue }
            let verb = bytes[i + 1]
            switch verb {
            case will, wont, doOption, dont:
                guard i + 2 < bytes.count else { i = bytes.count; continue }
                let option = bytes[i + 2]
                offered[verb, default: []].append(option)
                if verb == doOption { replies += [iac, wont, option] }
                if verb == will { replies += [iac, dont, option] }
                i += 3
            case sb:
                // Subnegotiation up to IAC SE.
                var j = i + 2
                while j + 1 < bytes.count, !(bytes[j] == iac && bytes[j + 1] == se) { j += 1 }
                i = j + 2
            case iac:
                out.append(iac); i += 2
            default:
                i += 2
            }
        }
        return out
    }

    static func looksLikePrompt(_ text: [UInt8]) -> Bool {
        let tail = String(decoding: text.suffix(40), as: UTF8.self).lowercased().trimmingCharacters(in: .whitespaces)
        return tail.hasSuffix("login:") || tail.hasSuffix("username:") || tail.hasSuffix("password:") || tail.hasSuffix("#")
            || tail.hasSuffix(">") || tail.hasSuffix("$") || tail.hasSuffix("user:")
    }
}
