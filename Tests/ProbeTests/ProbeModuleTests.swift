import BotCensusTesting
import Foundation
import Testing

/// Every module against real servers on loopback: the device emulators (scripts/device-emulators.py, banners
/// from our signature examples: cameras, routers, NAS, printers, TVs over http, tls, telnet, ftp, smtp, rtsp,
/// upnp and raw banners). Every service answers, and each result names the vendor the emulated device is.
@Suite(.serialized) struct ProbeModuleTests {
    @Test(.timeLimit(.minutes(3))) func everyModuleReadsAndNamesTheEmulatedDevices() throws {
        let folder = temporaryDirectory("probe-modules")
        let manifestPath = folder.appendingPathComponent("manifest.json").path
        let emulators = try BackgroundProcess(try tool("python3"), [
            packageRoot.appendingPathComponent("scripts/device-emulators.py").path, "--manifest", manifestPath,
            "--devices", "12", "--first-host", "127.0.3.1", "--port-base", "31000", "--duration", "300",
        ], in: folder)
        try emulators.wait(until: { FileManager.default.fileExists(atPath: manifestPath) }, seconds: 60, what: "the emulators' manifest")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath))) as? [[String: Any]] ?? []
        let modules = Set(manifest.compactMap { $0["module"] as? String })
        #expect(manifest.count >= 60 && modules.isSuperset(of: ["http", "tls", "telnet", "ftp", "smtp", "rtsp", "upnp", "banner"]), "\(modules)")
        let targets = folder.appendingPathComponent("targets.txt").path
        try manifest.map { "\($0["ip"]!),\($0["port"]!),\($0["module"]!)" }.joined(separator: "\n").write(toFile: targets, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("scan.jsonl").path, metadata = folder.appendingPathComponent("meta.json").path
        let probe = try botcensus(["probe", "--targets", targets, "--scope", "127.0.0.0/8", "--output", output, "--metadata", metadata])
        #expect(probe.status == 0, "\(probe.stderr)")

        var expected: [String: [String: Any]] = [:]
        for service in manifest { expected["\(service["ip"]!):\(service["port"]!)"] = service }
        let records = lines(of: output)
        #expect(records.count == manifest.count)
        var named = 0
        for line in records {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let key = "\(object["ip"]!):\(object["port"]!)"
            let service = try #require(expected[key])
            let name = service["module"] as! String
            let module = try #require((object["data"] as? [String: Any])?[name] as? [String: Any], "\(line.prefix(200))")
            #expect(module["status"] as? String == "success", "\(name) \(key): \(module["error"] ?? "")")
            let result = module["result"] as? [String: Any] ?? [:]
            switch name {
            case "http": #expect((result["response"] as? [String: Any])?["status_code"] is Int, "\(key)")
            case "tls":
                let parsed = ((((result["handshake_log"] as? [String: Any])?["server_certificates"] as? [String: Any])?["certificate"] as? [String: Any])?["parsed"] as? [String: Any])
                #expect(parsed?["subject_dn"] is String, "\(key): no certificate subject")
            case "telnet":
                // The option negotiation answered and taken out, the rest exactly what the device says.
                #expect(result["banner"] as? String == service["example"] as? String, "\(key): \(result["banner"] ?? "")")
                #expect((result["do"] as? [Any])?.isEmpty == false || (result["will"] as? [Any])?.isEmpty == false, "\(key): no negotiation seen")
            case "rtsp": #expect((result["methods"] as? [Any])?.isEmpty == false, "\(key)")
            case "upnp": #expect((result["device"] as? [String: Any])?["manufacturer"] is String, "\(key): \(result)")
            case "ftp", "smtp", "banner": #expect(result["banner"] is String, "\(key)")
            default: break
            }
            let identity = module["identity"] as? [String: Any]
            let vendor = (identity?["vendor"] as? String ?? "").lowercased(), want = (service["vendor"] as? String ?? "").lowercased()
            if !want.isEmpty && (vendor.hasPrefix(want) || want.hasPrefix(vendor)) && !vendor.isEmpty { named += 1 } else {
                Issue.record("\(name) \(key): named \(vendor.isEmpty ? "nothing" : vendor), the device is \(want) (\(service["example"] ?? ""))")
            }
        }
        print("probe modules: \(records.count) services, \(named) named as the emulated device")
        // Redirects were followed and favicons hashed where the devices have them.
        #expect(records.contains { $0.contains("\"redirect_response_chain\"") })
        #expect(records.contains { $0.contains("\"favicon\":{\"hash\"") })
        // The metadata counts what the lines say.
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: metadata))) as? [String: Any]
        let statuses = meta?["statuses"] as? [String: [String: Any]] ?? [:]
        #expect(statuses.values.reduce(0) { $0 + ($1["successes"] as? Int ?? 0) } == manifest.count)
        // `import` reads the output as any zgrab2 file: one observation per service, identified alike.
        let casePath = folder.appendingPathComponent("case.db").path
        let imported = try botcensus(["import", "--case", casePath, output])
        #expect(imported.status == 0 && imported.stdout.contains("\(manifest.count) records"), "\(imported.stdout) \(imported.stderr)")
    }
}
