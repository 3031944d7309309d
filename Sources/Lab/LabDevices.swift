import BotCensusCore
import Fingerprint
import Foundation

/// The devices' web UIs: each answering device runs `lab-device.py` in its own namespace, its page titled
/// with an example of one of our signatures for its class (what that device family's UI says on the
/// Internet), so the prober names it as it would a real one. The servers stop by themselves after a while,
/// and `lab down` ends them before.
public enum LabDevices {
    /// The page title per answering host: the class's title signatures taken in turn over the households.
    public static func titles(_ world: LabWorld, database: SignatureDatabase) -> [String: String] {
        var byClass: [DeviceClass: [String]] = [:]
        for signature in database.signatures where signature.field == .httpTitle {
            if let example = signature.examples.first { byClass[signature.deviceClass, default: []].append(example.input) }
        }
        var titles: [String: String] = [:]
        for household in world.households {
            guard let device = household.answering, let choices = byClass[device.cls], !choices.isEmpty else { continue }
            titles[device.id] = choices[household.index % choices.count]
        }
        return titles
    }

    static let script: String = {
        guard let url = Bundle.module.url(forResource: "lab-device", withExtension: "py"),
              let text = try? String(contentsOf: url, encoding: .utf8) else { fatalError("lab-device.py is missing from the Lab bundle") }
        return text
    }()

    /// Starts every answering device's UI and waits until each listens (ready files in `folder`).
    public static func start(_ world: LabWorld, titles: [String: String], folder: String, duration: Int = 900) throws {
        let ready = folder + "/devices"
        try? FileManager.default.removeItem(atPath: ready)
        try FileManager.default.createDirectory(atPath: ready, withIntermediateDirectories: true)
        var expected: [String] = []
        for household in world.households {
            guard let device = household.answering, let title = titles[device.id] else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
            let path = ready + "/\(device.id).ready"
            process.arguments = ["netns", "exec", LabPlan.namespace(of: device), "python3", "-c", script,
                                 "--bind", device.isRouter ? "0.0.0.0" : device.lanAddress, "--port", "80",
                                 "--title", title, "--server", server(device), "--ready", path, "--duration", "\(duration)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            expected.append(path)
        }
        let deadline = Date().addingTimeInterval(20)
        while !expected.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            guard Date() < deadline else {
                let missing = expected.filter { !FileManager.default.fileExists(atPath: $0) }.map { ($0 as NSString).lastPathComponent }
                throw LabNetwork.Failure(description: "lab: device UIs did not start within 20 s: \(missing.joined(separator: ", "))")
            }
            usleep(20_000)
        }
    }

    /// Embedded web servers as such devices carry them.
    static func server(_ device: LabWorld.Host) -> String {
        switch device.cls {
        case .router: return "lighttpd/1.4.35"
        case .camera: return "thttpd/2.25b 29dec2003"
        default: return "uc-httpd 1.0.0"
        }
    }
}
