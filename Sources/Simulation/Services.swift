import BotCensusCore

/// One service a device answers with, as a zgrab2 module result. Banners are examples of botcensus's own
/// signature database (Sources/Fingerprint/Resources/signatures.json), so the pipeline recognises them.
public struct Service: Sendable {
    public enum Kind: Sendable {
        case http(status: Int, server: String?, title: String?, wwwAuthenticate: String?, path: String)
        case ssh(String)
        case telnet(String)
        case ftp(String)
        case tls(subject: String)
    }
    public var port: Int
    public var kind: Kind

    var protocolName: String {
        switch kind {
        case .http: return "http"
        case .ssh: return "ssh"
        case .telnet: return "telnet"
        case .ftp: return "ftp"
        case .tls: return "tls"
        }
    }
    /// The same service on another (forwarded) port.
    func on(_ port: Int) -> Service { Service(port: port, kind: kind) }
}

/// What each class of device answers with: a few profiles per class, one drawn per device.
public enum ServiceProfiles {
    static func http(_ port: Int, _ status: Int = 200, server: String? = nil, title: String? = nil, auth: String? = nil, path: String = "/") -> Service {
        Service(port: port, kind: .http(status: status, server: server, title: title, wwwAuthenticate: auth, path: path))
    }

    public static let byClass: [DeviceClass: [[Service]]] = [
        .router: [
            [http(80, 401, title: "401 Unauthorized", auth: "Basic realm=\"TP-LINK Wireless N Router WR841N\""),
             Service(port: 23, kind: .telnet("TD-W8960N 5.0 DSL Modem Router\r\nLogin: "))],
            [http(80, title: "FRITZ!Box"), Service(port: 21, kind: .ftp("220 FRITZ!Box7490 FTP server ready.\r\n"))],
            [http(80, 401, auth: "Basic realm=\"NETGEAR R7000\"")],
            [http(80, title: "ASUS Wireless Router RT-AC68U - Login"), Service(port: 23, kind: .telnet("RT-AC68U login: "))],
            [http(80, 401, auth: "Digest realm=\"HuaweiHomeGateway\", nonce=\"a1b2c3d4e5f6\", qop=\"auth\", algorithm=\"MD5\""),
             Service(port: 23, kind: .telnet("Welcome Visiting Huawei Home Gateway\r\nCopyright by Huawei Technologies Co., Ltd.\r\n\r\nLogin:"))],
            [http(80, 401, auth: "Basic realm=\"ZXHN H108L\""), Service(port: 23, kind: .telnet("ZXHN H108N\r\nLogin: "))],
            [http(80, title: "RouterOS router configuration page"), Service(port: 22, kind: .ssh("SSH-2.0-ROSSSH"))],
        ],
        .camera: [
            [http(80, server: "App-webs/", title: "")],
            [http(80, 401, auth: "Digest realm=\"Login to 4L02A7APAZ12345\", qop=\"auth\", nonce=\"123456789\", opaque=\"abc\"")],
            [http(80, 401, auth: "Basic realm=\"TP-LINK IP-Camera\"")],
            [http(80, server: "Hipcam", title: "")],
            [http(80, 401, auth: "Basic realm=\"DS-2CD2032-I\""), Service(port: 23, kind: .telnet("192.0.0.64 login: "))],
        ],
        .dvr: [
            [http(80, server: "uc-httpd 1.0.0", title: "NETSurveillance WEB"), Service(port: 23, kind: .telnet("\r\nLocalHost login: "))],
            [http(80, 401, server: "DNVRS-Webs", auth: "Basic realm=\"DVR\"")],
            [http(80, server: "JAWS/1.0", title: "")],
        ],
        .tv: [
            [http(9197, server: "SHP, UPnP/1.0, Samsung UPnP SDK/1.0", title: "", path: "/dmr")],
            [http(1400, server: "Linux UPnP/1.0 Sonos/57.3-77280 (ZPS9)", title: "")],
            [http(8060, server: "Roku/9.4.0 UPnP/1.0 Roku/9.4.0", title: "")],
            [http(8080, title: "Kodi")],
        ],
        .appliance: [
            [http(80, title: "Samsung Smart Fridge")],
            [http(80, title: "LG ThinQ")],
            [http(80, title: "Nest Learning Thermostat")],
            [http(80, server: "Linux/3.14.0 UPnP/1.0 IpBridge/1.26.0", title: "hue personal wireless lighting")],
        ],
        .nas: [
            [http(5000, server: "nginx", title: "Synology DiskStation"), Service(port: 443, kind: .tls(subject: "C=US, ST=California, O=Synology Inc., CN=synology"))],
            [http(8080, title: "QNAP Turbo NAS")],
        ],
        .server: [
            [http(80, server: "Apache/2.4.52 (Ubuntu)", title: "Apache2 Ubuntu Default Page: It works"),
             Service(port: 22, kind: .ssh("SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"))],
        ],
        .printer: [],
        .voip: [],
        .iotOther: [],
        .pc: [], .mobile: [], .unknown: [],
    ]
}
