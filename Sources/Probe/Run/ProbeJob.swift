import BotCensusCore

/// One probe: a module on an address and port.
public struct ProbeJob: Sendable {
    public var ip: IPAddress
    public var port: Int
    public var module: any ProbeModule
    public var firstSeen: Timestamp?

    /// The jobs of a target: its module on its port when both are named; with only a port, the selected
    /// modules that claim it (when none does: `banner` if selected, else every selected module); with
    /// neither, each selected module on its default ports, or on `ports` (then as with a named port).
    public static func jobs(for target: ProbeTarget, modules: [any ProbeModule], ports: [Int]?) -> [ProbeJob] {
        func job(_ port: Int, _ module: any ProbeModule) -> ProbeJob {
            ProbeJob(ip: target.ip, port: port, module: module, firstSeen: target.firstSeen)
        }
        if let name = target.module, let module = ProbeModules.named(name) {
            return (target.port.map { [$0] } ?? (module.defaultPorts.isEmpty ? ports ?? [] : module.defaultPorts)).map { job($0, module) }
        }
        func onPort(_ port: Int) -> [ProbeJob] {
            let claiming = modules.filter { $0.defaultPorts.contains(port) }
            if !claiming.isEmpty { return claiming.map { job(port, $0) } }
            if let banner = modules.first(where: { $0.name == "banner" }) { return [job(port, banner)] }
            return modules.map { job(port, $0) }
        }
        if let port = target.port { return onPort(port) }
        if let ports { return ports.flatMap(onPort) }
        return modules.flatMap { module in module.defaultPorts.map { job($0, module) } }
    }
}
