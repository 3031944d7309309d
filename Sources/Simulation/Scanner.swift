import BotCensusCore

/// The scan of the sending addresses: at each scan time it visits every address that had sent spam before,
/// in address order at `rate_per_second`, and records what the household holding the address then exposes:
/// the router's own UI, port-forwarded devices, or a directly attached device. CGN and free addresses, and
/// households exposing nothing (most PCs), give no line.
struct Scanner {
    struct Answer {
        var household: Int
        var devices: [(index: Int, cls: DeviceClass)]
    }

    /// What the 2014 method would call the address: a name-brand device beats the router that fronts it.
    static func naiveClass(_ devices: [(index: Int, cls: DeviceClass)]) -> DeviceClass {
        devices.first { $0.cls != .router }?.cls ?? devices.first?.cls ?? .unknown
    }

    static func run(scenario: Scenario, leases: LeaseBook, builder: WorldBuilder, cache: [Int: Household],
                    firstSpam: [UInt32: Int], writer: Zgrab2Writer, answered: (UInt32, Int, Answer) -> Void) {
        let targetsAll = firstSpam.keys.sorted()
        for (s, scan) in scenario.scans.enumerated() {
            let at = Int(scenario.start + scan.atHours * 3600)
            let targets = scan.reactiveMinutes == nil ? targetsAll.filter { firstSpam[$0]! < at } : targetsAll
            for (i, ip) in targets.enumerated() {
                let time: Int
                let holder: Int?
                if let delay = scan.reactiveMinutes {
                    time = firstSpam[ip]! + Int(delay * 60) + i % 60
                    holder = leases.owner(of: ip, at: Double(time))
                } else {
                    time = at + Int(Double(i) / max(scan.ratePerSecond, 0.001))
                    holder = leases.owner(of: ip, snapshot: s)
                }
                guard let owner = holder else { continue }
                let h = cache[owner] ?? builder.household(owner)
                var services: [Zgrab2Writer.Answered] = []
                var devices: [(index: Int, cls: DeviceClass)] = []
                for d in h.devices where !d.exposed.isEmpty {
                    // The device's own stack answers the scanner's SYN, from as far away as its SYNs reach the traps.
                    let synAck = scan.synAcks ? Zgrab2Writer.SynAck(stack: d.stack, distance: h.distance(of: d, cgn: false)) : nil
                    services += d.exposed.map { Zgrab2Writer.Answered(service: $0, synAck: synAck) }
                    devices.append((d.index, d.cls))
                }
                guard !services.isEmpty else { continue }
                writer.write(ip: ip, time: time, services: services)
                answered(ip, time, Answer(household: owner, devices: devices))
            }
        }
    }
}
