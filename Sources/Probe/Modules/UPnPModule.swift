import BotCensusCore
import Foundation
import NIOCore

/// upnp: a unicast SSDP `M-SEARCH` to the address (UDP 1900; never multicast), then the device description
/// its `LOCATION` names — fetched only when that URL is on the probed address — for manufacturer, model and
/// friendly name: what media devices, printers and routers say they are.
public struct UPnPModule: ProbeModule {
    public let name = "upnp"
    public let defaultPorts = [1900]

    public init() {}

    public func probe(_ context: ProbeContext) async throws -> ModuleResult {
        let search = "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: upnp:rootdevice\r\n"
            + "USER-AGENT: \(HTTPExchange.userAgent) UPnP/1.1\r\n\r\n"
        let answers = try await context.exchangeDatagram(Array(search.utf8), wait: .milliseconds(1500))
        guard let answer = answers.first else { throw ProbeError(.ioTimeout, "no SSDP answer") }
        let response = try HTTPExchange.parseHead(answer)
        var result: [(String, ProbeJSON)] = [("ssdp", .object(response.headers.map { ($0.0, .string($0.1.first ?? "")) }))]
        var fields: [String: String] = [:]
        if let server = response.header("server") { fields["upnp.server"] = server }
        if let location = response.header("location"), let url = URL(string: location), let host = url.host,
           IPAddress(host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))) == context.ip, url.scheme == "http" {
            let port = url.port ?? 80
            let connection = try await context.connect(port: port)
            defer { Task { await connection.close() } }
            let path = url.path.isEmpty ? "/" : url.path
            let authority = context.ip.isV6 ? "[\(context.ip)]:\(port)" : "\(context.ip):\(port)"
            let description = try await HTTPExchange.fetch(connection, path: path, authority: authority)
            var device: [(String, ProbeJSON)] = [("location", .string(location))]
            let xml = String(decoding: description.body, as: UTF8.self)
            for tag in ["deviceType", "friendlyName", "manufacturer", "manufacturerURL", "modelName", "modelNumber", "modelDescription", "serialNumber", "UDN"] {
                if let value = Self.element(tag, in: xml) {
                    device.append((tag, .string(value)))
                    fields["upnp.\(tag)"] = value
                }
            }
            result.append(("device", .object(device)))
        }
        return ModuleResult(result: .object(result), fields: fields)
    }

    /// The text of the first `<tag>…</tag>` (descriptions are flat enough; entities decoded).
    static func element(_ tag: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(tag)>"), let close = xml.range(of: "</\(tag)>", range: open.upperBound..<xml.endIndex) else { return nil }
        let raw = xml[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        let decoded = raw.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
        return decoded.isEmpty ? nil : decoded
    }
}
