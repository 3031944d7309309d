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

    static func identity(_ r: [String: String], signature: String) -> DeviceIdentity {
        let device = r["hw.device"].flatMap(deviceClass) ?? r["os.device"].flatMap(deviceClass)
        let osName = [r["os.family"], r["os.product"]].compactMap { $0 }.joined(separator: " ")
        var os = DeviceClassMapping.osFamily(forOSName: osName)
        // An OS on a named embedded device class (a router running "Linux") is an embedded stack.
        if os == .linux, let device, device.isIoT { os = .embeddedLinux }
        let vendor = r["hw.vendor"] ?? r["os.vendor"] ?? r["service.vendor"]
        let product = r["hw.product"] ?? r["os.product"] ?? r["service.product"]
        let version = r["hw.version"] ?? r["os.version"] ?? r["service.version"]
        return DeviceIdentity(deviceClass: device ?? .unknown, vendor: vendor, product: product, version: version, os: os,
                              signature: signature, database: "recog", field: r["fingerprint_db"] ?? "")
    }
}
