import BotCensusCore

/// Spam over the campaign: counts per time bucket and sender class (the verdict's class of each address).
public struct SpamTimeline: Sendable, Equatable {
    /// Start of the first bucket (UTC seconds).
    public var start: Timestamp
    public var bucketSeconds: Double
    /// One entry per bucket, in time order.
    public var buckets: [[DeviceClass: Int]]
    /// What is counted: "messages", or "connections" when the evidence holds no message events.
    public var unit: String

    public init(start: Timestamp, bucketSeconds: Double, buckets: [[DeviceClass: Int]], unit: String) {
        self.start = start; self.bucketSeconds = bucketSeconds; self.buckets = buckets; self.unit = unit
    }

    public static let empty = SpamTimeline(start: 0, bucketSeconds: 3600, buckets: [], unit: "messages")

    /// A round bucket width giving at most `maxBuckets` buckets over `span` seconds: hours to weeks.
    public static func bucketWidth(span: Double, maxBuckets: Int = 48) -> Double {
        let hour = 3600.0
        let widths = [1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 168, 336, 720].map { Double($0) * hour }
        for w in widths where (span / w).rounded(.down) + 1 <= Double(maxBuckets) { return w }
        let month = widths.last!
        return (span / Double(maxBuckets) / month).rounded(.up) * month
    }

    /// Buckets start at a multiple of the width from the epoch (UTC midnight for a day or less).
    public static func origin(first: Timestamp, width: Double) -> Timestamp {
        (first / width).rounded(.down) * width
    }
}
