import BotCensusCore

/// Recog result fields → our identity. The class comes from `hw.device`, else `os.device`, through
/// Recog's own device vocabulary below (falling back to the shared mapping); vendor, product and version
/// prefer the hardware, then the OS, then the service.
enum RecogIdentity {
    static let classes: [String: DeviceClass] = {
        var table: [String: DeviceClass] = [:]
        func put(_ c: DeviceClass, _ names: [String]) { for n in names { table[n.lowercased()] = c } }
        put(.router, ["Router", "Broadband Router", "WAP", "Firewall", "Cable Modem", "DSL Modem", "ADSL Modem", "ADSL Router",
                      "DOCSIS Cable Modem", "ATM DSL Unit", "WLAN Repeater", "Powerline", "VPN", "Switch", "Wireless Controller",
                      "Security Appliance", "SD-WAN Appliance", "Web Proxy", "Load Balancer", "IPS", "IDS", "NAC", "DSLAM",
                      "Multiplexer", "WAN Accelerator", "Remote Access Server", "Frame Relay", "DSU/CSU", "Network Appliance",
                      "Hub", "Network"])
        put(.camera, ["IP Camera", "Web Cam", "Video Encoder", "Video Decoder", "Video Conferencing", "ViewStation"])
        put(.dvr, ["DVR", "Cloud Network Video Recorder"])
        put(.tv, ["Smart TV", "Media Player", "Media Server", "Media Receiver", "IPTV", "AV Receiver", "Network Audio",
                  "Audio Encoder", "Display Controller", "Wireless Presenter", "Whiteboard"])
        put(.appliance, ["Power Device", "UPS", "PDU", "Power Meter", "Power Relay", "Relay Controller", "Light Bulb",
                         "Building Automation", "Environment Control", "Alarm Panel", "Access Control", "Appliance"])
        put(.nas, ["NAS", "Storage", "Storage Appliance", "Tape Library"])
        put(.printer, ["Printer", "Multifunction Device", "Print Server", "Scanner", "Copier", "Fax Server", "Network Scanner",
                       "Check Scanner", "Handheld Scanner"])
        put(.voip, ["VoIP", "SIP Gateway", "SIP Device", "VoIP Gateway", "VoIP Switch", "VoIP Server", "Media Gateway",
                    "Voice Appliance", "Telecom"])
        put(.mobile, ["Mobile Phone", "Tablet", "Mobile"])
        put(.pc, ["Laptop", "Desktop", "Thin Client"])
        put(.server, ["Hypervisor", "Lights Out Management", "Management Processor", "Onboard Administrator", "Mainframe"])
        put(.iotOther, ["Device Server", "Network Management Device", "Device", "Test Instrument", "Monitoring", "PLC", "KVM",
                        "Ethernet Adapter", "Support Appliance", "HMI Controller", "Sensor", "Point of Sale", "Medical",
                        "JTAG Adapter", "Industrial Control", "Device Hub", "USB Server", "Remote Terminal", "Data Terminal"])
        return table
    }()

    static func deviceClass(_ name: String) -> DeviceClass? {
        classes[name.lowercased()] ?? DeviceClassMapping.deviceClass(forDeviceType: name)
    }

    /// The result fields the identity reads.
    enum Field: Int, CaseIterable {
        case hwDevice, osDevice, osFamily, osProduct, hwVendor, osVendor, serviceVendor, hwProduct, serviceProduct
        case hwVersion, osVersion, serviceVersion

        static let names = ["hw.device", "os.device", "os.family", "os.product", "hw.vendor", "os.vendor", "service.vendor",
                            "hw.product", "service.product", "hw.version", "os.version", "service.version"]
        private static let byName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Field(rawValue: $0)!) })

        init?(name: String) {
            guard let f = Field.byName[name] else { return nil }
            self = f
        }

        var name: String { Field.names[rawValue] }
        var index: Int { rawValue }
    }

    static func identity(_ r: [String: String], signature: String) -> DeviceIdentity {
        identity(signature: signature, key: r["fingerprint_db"] ?? "") { r[$0.name] }
    }

    /// The identity from a match's result fields as `value` gives them (a dictionary or a fingerprint's plan).
    static func identity(signature: String, key: String, _ value: (Field) -> String?) -> DeviceIdentity {
        let device = value(.hwDevice).flatMap(deviceClass) ?? value(.osDevice).flatMap(deviceClass)
        let osName = [value(.osFamily), value(.osProduct)].compactMap { $0 }.joined(separator: " ")
        var os = DeviceClassMapping.osFamily(forOSName: osName)
        // An OS on a named embedded device class (a router running "Linux") is an embedded stack.
        if os == .linux, let device, device.isIoT { os = .embeddedLinux }
        let vendor = value(.hwVendor) ?? value(.osVendor) ?? value(.serviceVendor)
        let product = value(.hwProduct) ?? value(.osProduct) ?? value(.serviceProduct)
        let version = value(.hwVersion) ?? value(.osVersion) ?? value(.serviceVersion)
        return DeviceIdentity(deviceClass: device ?? .unknown, vendor: vendor, product: product, version: version, os: os,
                              signature: signature, database: "recog", field: key)
    }
}
