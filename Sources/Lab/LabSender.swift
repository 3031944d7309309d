import Foundation

/// Makes the infected hosts send their spam, phase by phase (the churn between phases applied first): each
/// host runs Python's smtplib inside its own namespace (`lab-sender.py`), so the SYNs the trap sees come
/// from that namespace's kernel, through its router's NAT.
public enum LabSender {
    /// One message the trap accepted, as the sender saw it.
    public struct Sent: Sendable {
        public var time: Double
        public var phase: Int
        public var wan: String
        public var host: LabWorld.Host
        public var queueID: String
    }

    public struct Outcome: Sendable {
        public var sent: [Sent]
        /// One line per message that was not accepted (the sender's own words).
        public var failures: [String]
    }

    static var script: String { LabScripts.sender }

    /// `trap`: ADDRESS:PORT in the Internet namespace. At most `parallel` hosts send at once.
    public static func run(_ world: LabWorld, trap: String, parallel: Int = 8, progress: (String) -> Void = { _ in }) throws -> Outcome {
        var outcome = Outcome(sent: [], failures: [])
        for phase in 1...world.phases {
            if phase > 1 && !world.loopback { try LabNetwork.apply(LabPlan.churn(world, phase: phase)) }
            let hosts = world.infectedHosts
            progress("phase \(phase): \(hosts.count) infected hosts send \(world.messagesPerPhase) messages each to \(trap)")
            var start = 0
            while start < hosts.count {
                let batch = Array(hosts[start..<min(hosts.count, start + parallel)])
                start += batch.count
                let running = try batch.map { host in (host, try launch(host, world: world, trap: trap, phase: phase)) }
                for (host, child) in running {
                    let (status, out, err) = child.finish()
                    let now = Date().timeIntervalSince1970
                    for line in out.split(separator: "\n") {
                        let fields = line.split(separator: " ")
                        guard fields.count == 2, fields[0] == host.id else { continue }
                        outcome.sent.append(Sent(time: now, phase: phase, wan: world.wanAddress(household: host.household, phase: phase),
                                                 host: host, queueID: String(fields[1])))
                    }
                    if status != 0 {
                        outcome.failures += err.split(separator: "\n").map { "\(host.id): \($0)" }
                        if err.isEmpty { outcome.failures.append("\(host.id): lab-sender exited \(status)") }
                    }
                }
            }
        }
        return outcome
    }

    final class Child {
        let process = Process()
        let out = Pipe(), err = Pipe()
        func finish() -> (Int32, String, String) {
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        }
    }

    static func launch(_ host: LabWorld.Host, world: LabWorld, trap: String, phase: Int) throws -> Child {
        let child = Child()
        var arguments = ["timeout", "60", "python3", "-c", script,
                         "--to", trap, "--count", "\(world.messagesPerPhase)", "--helo", helo(host),
                         "--sender", "\(host.id)@\(helo(host))", "--id", host.id, "--campaign", "lab-p\(phase)"]
        if world.loopback {
            // The household's address of this phase, and what a socket can set of the host's stack.
            let options = LabLoopback.socketOptions(host.stack)
            arguments += ["--bind", world.wanAddress(household: host.household, phase: phase), "--ttl", "\(options.ttl)"]
            if let mss = options.mss { arguments += ["--mss", "\(mss)"] }
            if let buffer = options.receiveBuffer { arguments += ["--rcvbuf", "\(buffer)"] }
        }
        if host.starttls { arguments.append("--starttls") }
        if host.pipelining { arguments.append("--pipelining") }
        let command = LabPlan.command(arguments, as: host, in: world)
        child.process.executableURL = URL(fileURLWithPath: command.executable)
        child.process.arguments = command.arguments
        child.process.standardOutput = child.out
        child.process.standardError = child.err
        child.process.standardInput = FileHandle.nullDevice
        try child.process.run()
        return child
    }

    /// What the bot says in HELO: Windows bots a PC name, embedded ones their model, phones a random word.
    static func helo(_ host: LabWorld.Host) -> String {
        switch host.stack {
        case .windowsLike: return "DESKTOP-\(host.household)X\(host.index)"
        case .linuxPC: return "pc\(host.household)-\(host.index).home"
        case .phone: return "android-\(host.household)\(host.index)"
        case .embedded: return "\(host.cls.rawValue)-\(host.household)"
        }
    }
}
