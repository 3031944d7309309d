import BotCensusCore

/// The cells of P(SYN family | class) that the model sets at "almost never" (at most 1%: a PC sending an
/// embedded-Linux SYN, a router sending a Windows one). No case can fit them: nothing in the evidence says
/// which class a silent sender was, so a case explained by "rare class, its usual stack" is also explained by
/// "common class, its rare stack". Yet where a rare class competes with a common one they decide how the mass
/// splits. On ThingBot P(embedded-Linux | PC) = 0.005 puts 18% of each silent embedded-Linux address on PCs,
/// against a 95% PC prior, and with it the IoT share.
///
/// The census spans them instead of trusting them. Each such cell may be anywhere from 0 to `almostNever`.
/// The two settings that favour IoT least and most bound the class shares:
/// - IoT-low: every IoT class's rare cells at 0, every other class's at 1%;
/// - IoT-high: the reverse.
/// An address's probabilities are rescaled class by class by the cell's ratio to its current value, for the
/// family of the SYNs they came from. That is exact for the "another host sent" hypotheses and close for an
/// answering device's own (docs/CENSUS.md).
public struct FamilyHedges: Sendable {
    public static let almostNever = 0.01

    /// Per setting, the factor of each (class, family) cell, flat by class then family ordinal.
    let iotLow: [Double]
    let iotHigh: [Double]

    public init(model: AttributionModel) {
        let families = OSFamily.ordered
        var low: [Double] = [], high: [Double] = []
        for c in DeviceClass.ordered {
            for f in families {
                let value = c == .unknown || f == .unknown ? 1 : model.os(f, given: c)
                guard value > 0, value <= Self.almostNever else {
                    low.append(1); high.append(1); continue
                }
                let up = Self.almostNever / value
                low.append(c.isIoT ? 0 : up)
                high.append(c.isIoT ? up : 0)
            }
        }
        iotLow = low
        iotHigh = high
    }

    /// `probabilities` (by class ordinal, summing to 1) as they would be had the rare cells of `family` been
    /// those of the setting; unchanged when the family is unknown or every class would drop to 0.
    func rescaled(_ probabilities: [Double], family: OSFamily?, iotHigh high: Bool) -> [Double] {
        guard let family, family != .unknown else { return probabilities }
        let table = high ? iotHigh : iotLow
        let n = OSFamily.ordered.count
        var out = probabilities
        var total = 0.0
        for c in out.indices where out[c] > 0 {
            out[c] *= table[c * n + family.ordinal]
            total += out[c]
        }
        guard total > 0 else { return probabilities }
        return out.map { $0 / total }
    }
}
