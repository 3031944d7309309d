import BotCensusCore

/// Turns an nmap match into botcensus's `BannerMatch`: nmap's own fields kept raw in `params`, and an
/// identity in DESIGN.md's classes.
enum NmapIdentity {
    static func bannerMatch(_ result: NmapMatchResult, line: Int, probe: String, field: BannerField) -> BannerMatch {
        var params = ["service": result.service, "probe": probe, "kind": result.isSoft ? "softmatch" : "match"]
        params["p"] = result.product
        params["v"] = result.version
        params["i"] = result.info
        params["h"] = result.hostname
        params["o"] = result.os
        params["d"] = result.deviceType
        if !result.cpe.isEmpty { params["cpe"] = result.cpe.joined(separator: " ") }

        // The class comes from d/ only. Without it nmap has named a service, not a device, so the class stays
        // unknown rather than being guessed from the service or the OS.
        let deviceClass = result.deviceType.flatMap(DeviceClassMapping.deviceClass(forDeviceType:)) ?? .unknown
        let os = result.os.map(DeviceClassMapping.osFamily(forOSName:)) ?? .unknown
        let identity = DeviceIdentity(deviceClass: deviceClass, vendor: hardwareVendor(result.cpe), product: result.product,
                                      version: result.version, os: os, signature: signature(line: line),
                                      database: "nmap", field: field.rawValue)
        return BannerMatch(database: "nmap", signature: signature(line: line), params: params, identity: identity)
    }

    static func signature(line: Int) -> String { "nmap-service-probes:\(line)" }

    /// The vendor of a `cpe:/h:vendor:…` (hardware) CPE. Application and OS CPEs name the software's
    /// vendor (openbsd for OpenSSH), not the device's, so they are not used.
    static func hardwareVendor(_ cpes: [String]) -> String? {
        guard let hardware = cpes.first(where: { $0.hasPrefix("cpe:/h:") }) else { return nil }
        let vendor = hardware.dropFirst(7).prefix(while: { $0 != ":" })
        return vendor.isEmpty ? nil : String(vendor)
    }
}
