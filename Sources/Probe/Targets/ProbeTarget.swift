import BotCensusCore
import Foundation

/// One thing to probe: an address, and optionally the port and module (`ip`, `ip,port`, `ip,port,module`,
/// as zgrab2's and ZMap's target files). Without a port, every selected module probes its default ports.
public struct ProbeTarget: Sendable, Hashable, CustomStringConvertible {
    public var ip: IPAddress
    public var port: Int?
    public var module: String?
    /// When the address sent its first spam (targets from a case), to record how late the probe came.
    public var firstSeen: Timestamp?

    public init(ip: IPAddress, port: Int? = nil, module: String? = nil, firstSeen: Timestamp? = nil) {
        self.ip = ip; self.port = port; self.module = module; self.firstSeen = firstSeen
    }

    public var description: String {
        [ip.description, port.map(String.init), module].compactMap { $0 }.joined(separator: ",")
    }
}

/// Target lists from a file or stdin. A bad line names the file and line and refuses the list (a partly
/// read target list would scan something other than what was asked).
public enum TargetList {
    public struct LineError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func read(path: String) throws -> [ProbeTarget] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw LineError(description: "\(path): cannot read the target list (\(error.localizedDescription))")
            }
        }
        return try parse(String(decoding: data, as: UTF8.self), name: path == "-" ? "stdin" : path)
    }

    public static func parse(_ text: String, name: String) throws -> [ProbeTarget] {
        var targets: [ProbeTarget] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let at = "\(name):\(index + 1)"
            guard fields.count <= 3, let ip = IPAddress(fields[0]) else {
                throw LineError(description: "\(at): '\(TerminalText.escape(line))' is not ip, ip,port or ip,port,module")
            }
            var target = ProbeTarget(ip: ip)
            if fields.count >= 2, !fields[1].isEmpty {
                guard let port = Int(fields[1]), (1...65535).contains(port) else {
                    throw LineError(description: "\(at): port '\(TerminalText.escape(fields[1]))' is not 1-65535")
                }
                target.port = port
            }
            if fields.count == 3, !fields[2].isEmpty {
                guard ProbeModules.named(fields[2]) != nil else {
                    throw LineError(description: "\(at): no module '\(TerminalText.escape(fields[2]))' (modules: \(ProbeModules.names.joined(separator: ", ")))")
                }
                target.module = fields[2]
            }
            targets.append(target)
        }
        return targets
    }
}
