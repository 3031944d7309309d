import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `make bench-probe`: `botcensus probe` beside `nmap -sV` on the same loopback services (the device emulators
/// of scripts/device-emulators.py: cameras, routers, NAS, printers, TVs speaking http, tls, telnet, ftp, smtp,
/// rtsp and banner protocols, with banners from our signature examples), each timed end to end as users run
/// it. Counted: services answered, and services named (botcensus: an identity with a vendor or product;
/// nmap: a service with a product or device type).
enum ProbeBench {
    static func main(_ arguments: [String]) throws {
        let dir = arguments.first ?? "/tmp/botcensus-bench"
        let devices = Int(arguments.dropFirst().first ?? "") ?? 24
        let work = dir + "/probe-bench"
        try? FileManager.default.removeItem(atPath: work)
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        guard let nmap = which("nmap") else { throw BenchError("nmap not found (apt-get install nmap; scripts/setup.sh does)") }
        let botcensus = try siblingBinary("botcensus", builtBy: "bench-probe")
        let manifestPath = work + "/manifest.json"
        let emulators = Process()
        emulators.executableURL = URL(fileURLWithPath: which("python3") ?? "/usr/bin/python3")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/device-emulators.py").path
        emulators.arguments = [script, "--manifest", manifestPath, "--devices", "\(devices)", "--duration", "900",
                               "--first-host", "127.0.2.1", "--port-base", "30000"]
        emulators.standardOutput = FileHandle.nullDevice
        try emulators.run()
        defer { kill(emulators.processIdentifier, SIGTERM); emulators.waitUntilExit() }
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: manifestPath) {
            guard Date() < deadline, emulators.isRunning else { throw BenchError("device-emulators.py did not start") }
            usleep(100_000)
        }
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [[String: Any]] ?? []
        // TCP services (nmap -sV without -sU: UDP service detection needs root and minutes).
        let services = manifest.filter { ($0["transport"] as? String) == "tcp" }
        let hosts = Set(services.compactMap { $0["ip"] as? String }).sorted { $0.split(separator: ".").last.flatMap { Int($0) } ?? 0 < $1.split(separator: ".").last.flatMap { Int($0) } ?? 0 }
        let ports = Set(services.compactMap { $0["port"] as? Int }).sorted()
        let targets = services.map { "\($0["ip"]!),\($0["port"]!),\($0["module"]!)" }.joined(separator: "\n") + "\n"
        try targets.write(toFile: work + "/targets.txt", atomically: true, encoding: .utf8)
        benchNote("\(services.count) TCP services on \(hosts.count) addresses")

        benchNote("botcensus probe")
        let ours = try TimedChild.run(botcensus, ["probe", "--targets", work + "/targets.txt", "--scope", "127.0.0.0/8",
                                                  "--output", work + "/scan.jsonl", "--retries", "0"], dir: work)
        guard ours.status == 0 else { throw BenchError("botcensus probe failed: \(ours.stderr)") }
        var oursAnswered = 0, oursNamed = 0
        for line in try String(contentsOfFile: work + "/scan.jsonl", encoding: .utf8).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard let data = object?["data"] as? [String: Any], let module = data.values.first as? [String: Any] else { continue }
            if module["status"] as? String == "success" { oursAnswered += 1 }
            if let identity = module["identity"] as? [String: Any], identity["vendor"] is String || identity["product"] is String { oursNamed += 1 }
        }

        // The rate limit: the same targets at --rate 40, the achieved start rate read from the records' times.
        benchNote("botcensus probe --rate 40")
        let limited = try TimedChild.run(botcensus, ["probe", "--targets", work + "/targets.txt", "--scope", "127.0.0.0/8",
                                                     "--output", work + "/rate.jsonl", "--retries", "0", "--rate", "40"], dir: work)
        guard limited.status == 0 else { throw BenchError("botcensus probe --rate failed: \(limited.stderr)") }
        var starts: [Double] = []
        for line in try String(contentsOfFile: work + "/rate.jsonl", encoding: .utf8).split(separator: "\n") {
            guard let range = line.range(of: "\"timestamp\":\""), let end = line[range.upperBound...].firstIndex(of: "\"") else { continue }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: String(line[range.upperBound..<end])) { starts.append(date.timeIntervalSince1970) }
        }
        starts.sort()
        let achieved = Double(starts.count - 1) / ((starts.last ?? 0) - (starts.first ?? 0))

        benchNote("nmap -sV")
        let xml = work + "/nmap.xml"
        let theirs = try TimedChild.run(nmap, ["-sV", "-Pn", "-n", "-T4", "-oX", xml, "-p", ports.map(String.init).joined(separator: ",")] + hosts, dir: work)
        guard theirs.status == 0 else { throw BenchError("nmap failed: \(theirs.stderr)") }
        let (theirsAnswered, theirsNamed) = try countNmap(xml, services: Set(services.map { "\($0["ip"]!):\($0["port"]!)" }))

        print("Probing \(services.count) TCP services on \(hosts.count) loopback addresses (device emulators), \(ProcessInfo.processInfo.activeProcessorCount) cores\n")
        let rate = { (n: Int, s: Double) in String(format: "%.1f", Double(n) / s) }
        var table = [["tool", "wall", "services/s", "answered", "named (product or device)"]]
        table.append(["botcensus probe", String(format: "%.2f s", ours.seconds), rate(services.count, ours.seconds), "\(oursAnswered)", "\(oursNamed)"])
        table.append(["nmap -sV", String(format: "%.2f s", theirs.seconds), rate(services.count, theirs.seconds), "\(theirsAnswered)", "\(theirsNamed)"])
        print(BenchTable.text(table))
        print(String(format: "\nbotcensus probe at %.1fx nmap -sV's rate (target: at least 100x), naming %d services to nmap's %d",
                     theirs.seconds / ours.seconds, oursNamed, theirsNamed))
        print(String(format: "--rate 40: probes started at %.2f/s (%+.1f%%)", achieved, (achieved / 40 - 1) * 100))
        print("(nmap is given the \(hosts.count) addresses and the union of the \(ports.count) ports, as its users would run it: the ports an address does not serve answer with a RST at once)")
    }

    /// nmap's XML: open ports among the services, and those with a product or device type.
    static func countNmap(_ path: String, services: Set<String>) throws -> (answered: Int, named: Int) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var answered = 0, named = 0
        for host in text.components(separatedBy: "<host ").dropFirst() {
            guard let addrRange = host.range(of: "<address addr=\""), let end = host[addrRange.upperBound...].firstIndex(of: "\"") else { continue }
            let ip = String(host[addrRange.upperBound..<end])
            for port in host.components(separatedBy: "<port protocol=\"tcp\" portid=\"").dropFirst() {
                let number = String(port.prefix { $0.isNumber })
                guard services.contains("\(ip):\(number)"), port.contains("state=\"open\"") else { continue }
                answered += 1
                let service = port.components(separatedBy: "</port>").first ?? port
                if service.contains(" product=\"") || service.contains(" devicetype=\"") { named += 1 }
            }
        }
        return (answered, named)
    }
}
