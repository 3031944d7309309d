import BotCensusCore
import Fingerprint
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The devices' web UIs: each answering device runs `lab-device.py` in its own namespace, its page titled
/// with an example of one of our signatures for its class (what that device family's UI says on the
/// Internet), so the prober names it as it would a real one. The servers stop by themselves after a while,
/// and `lab down` ends them before.
public enum LabDevices {
    /// What an answering host's UIs say: its web page's title and, on routers and DVRs (Mirai's targets),
    /// a telnet banner. Examples of one field's signatures for the device's class, taken in turn over the
    /// households.
    public struct Texts: Sendable {
        public var title: String
        /// The `Server` header: an example of the class's http.server signatures, where there is one.
        public var server: String?
        public var telnetBanner: String?
        /// RTSP's `Server` on cameras and DVRs (no signature names RTSP servers: a common embedded one).
        public var rtspServer: String?
        /// The UPnP description of a router: the title's vendor and product.
        public var upnp: (manufacturer: String, model: String)?
    }

    public static func texts(_ world: LabWorld, database: SignatureDatabase) -> [String: Texts] {
        func examples(_ field: BannerField) -> [DeviceClass: [(vendor: String?, product: String?, text: String)]] {
            var byClass: [DeviceClass: [(vendor: String?, product: String?, text: String)]] = [:]
            for signature in database.signatures where signature.field == field {
                if let example = signature.examples.first {
                    byClass[signature.deviceClass, default: []].append((signature.vendor, signature.product, example.input))
                }
            }
            return byClass
        }
        let titles = examples(.httpTitle), banners = examples(.telnetBanner), servers = examples(.httpServer)
        var texts: [String: Texts] = [:]
        for household in world.households {
            guard let device = household.answering, let choices = titles[device.cls], !choices.isEmpty else { continue }
            let title = choices[household.index % choices.count]
            // A Server header and a telnet banner of the title's own vendor, so one device tells one story.
            let server = servers[device.cls]?.first { $0.vendor != nil && $0.vendor == title.vendor }?.text
            let telnet = device.cls == .camera ? nil : banners[device.cls].map { choices in
                (choices.first { $0.vendor != nil && $0.vendor == title.vendor } ?? choices[household.index % choices.count]).text
            }
            texts[device.id] = Texts(title: title.text, server: server, telnetBanner: telnet,
                                     rtspServer: device.cls == .camera || device.cls == .dvr ? "Rtsp Server/3.0" : nil,
                                     upnp: device.isRouter ? (title.vendor ?? "Router", title.product ?? title.text) : nil)
        }
        return texts
    }

    static var script: String { LabScripts.device }

    /// Starts every answering device's UI and waits until each listens (ready files in `folder`).
    public static func start(_ world: LabWorld, texts all: [String: Texts], folder: String, duration: Int = 900) throws {
        let ready = folder + "/devices"
        try? FileManager.default.removeItem(atPath: ready)
        try FileManager.default.createDirectory(atPath: ready, withIntermediateDirectories: true)
        var expected: [String] = []
        var launched: [Process] = []
        for household in world.households {
            guard let device = household.answering, let texts = all[device.id] else { continue }
            let process = Process()
            let path = ready + "/\(device.id).ready"
            var arguments = ["python3", "-c", script, "--title", texts.title, "--server", texts.server ?? server(device), "--ready", path,
                             "--duration", "\(duration)"] + (texts.telnetBanner.map { ["--telnet-banner", $0] } ?? [])
                + (texts.rtspServer.map { ["--rtsp-server", $0] } ?? [])
            if let upnp = texts.upnp {
                // Its description is found at the public address the scan will probe (after the last phase).
                arguments += ["--upnp-public", world.wanAddress(household: household.index, phase: world.phases),
                              "--upnp-manufacturer", upnp.manufacturer, "--upnp-model", upnp.model]
            }
            if world.loopback {
                // On the address the household holds when the scan comes (after the last phase).
                arguments += ["--bind", world.wanAddress(household: household.index, phase: world.phases),
                              "--port", "\(LabLoopback.webPort)", "--telnet-port", "\(LabLoopback.telnetPort)",
                              "--rtsp-port", "\(LabLoopback.rtspPort)"]
            } else {
                arguments += ["--bind", device.isRouter ? "0.0.0.0" : device.lanAddress, "--port", "80"]
            }
            let command = LabPlan.command(arguments, as: device, in: world)
            process.executableURL = URL(fileURLWithPath: command.executable)
            process.arguments = command.arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            launched.append(process)
            expected.append(path)
        }
        let deadline = Date().addingTimeInterval(60)
        while !expected.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            guard Date() < deadline else {
                for process in launched where process.isRunning { kill(process.processIdentifier, SIGKILL) }
                let missing = expected.filter { !FileManager.default.fileExists(atPath: $0) }.map { ($0 as NSString).lastPathComponent }
                throw LabNetwork.Failure(description: "lab: device UIs did not start within 60 s: \(missing.joined(separator: ", "))")
            }
            usleep(20_000)
        }
    }

    /// Embedded web servers as such devices carry them, for a class without a Server signature of its own.
    static func server(_ device: LabWorld.Host) -> String {
        switch device.cls {
        case .router: return "lighttpd/1.4.35"
        case .camera: return "thttpd/2.25b 29dec2003"
        default: return "uc-httpd 1.0.0"
        }
    }
}

extension LabDevices {
    /// Ends the device UIs a reduced lab started (their PIDs are in the ready files), checking each PID is
    /// still one of them. Returns how many it ended.
    @discardableResult
    public static func stop(folder: String) -> Int {
        let ready = folder + "/devices"
        var ended = 0
        for name in (try? FileManager.default.contentsOfDirectory(atPath: ready)) ?? [] where name.hasSuffix(".ready") {
            guard let text = try? String(contentsOfFile: ready + "/" + name, encoding: .utf8),
                  let pid = Int32(text.split(separator: " ").first ?? ""),
                  let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                  String(decoding: cmdline, as: UTF8.self).contains(ready + "/" + name) else { continue }
            if kill(pid, SIGTERM) == 0 { ended += 1 }
            // One that blocked the signal is killed after a second (it is ours: its command line names its file).
            let deadline = Date().addingTimeInterval(1)
            while kill(pid, 0) == 0 && Date() < deadline { usleep(20_000) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        return ended
    }
}
