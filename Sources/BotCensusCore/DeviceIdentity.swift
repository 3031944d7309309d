/// What a fingerprint says answered on a port.
public struct DeviceIdentity: Hashable, Sendable, Codable {
    public var deviceClass: DeviceClass
    public var vendor: String?
    public var product: String?
    public var version: String?
    /// OS family of the identified device itself (not of the spam sender).
    public var os: OSFamily
    /// Id of the signature that matched, and the database it came from.
    public var signature: String
    public var database: String
    /// The banner field the signature matched.
    public var field: String

    public init(deviceClass: DeviceClass, vendor: String?, product: String?, version: String?, os: OSFamily,
                signature: String, database: String, field: String) {
        self.deviceClass = deviceClass; self.vendor = vendor; self.product = product; self.version = version
        self.os = os; self.signature = signature; self.database = database; self.field = field
    }
}
