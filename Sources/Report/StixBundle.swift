import BotCensusCore
import Foundation

/// `botcensus export stix`: a case's verdicts as one STIX 2.1 bundle (docs/EXPORTS.md). Pure: verdicts in,
/// JSON bytes out. Nothing depends on the clock, so exporting an unchanged case twice gives the same bytes:
/// ids are name-based (`StixIdentifier`), each address's objects are `created` at its first spam event and
/// `modified` at the latest evidence time in the case (a later import can change any verdict, through the
/// prior fitted to the whole case, so every object gets the newer version time).
public enum StixBundle {
    /// The identity's one version: fixed, so it is the same object in every bundle.
    static let identityCreated = "2026-01-01T00:00:00.000Z"

    public struct Result {
        public var json: Data
        public var objectCount: Int
    }

    public static func build(verdicts: [Verdict]) throws -> Result {
        let producer = StixIdentifier.object("identity", name: "botcensus")
        var objects: [StixObject] = [.identity(.init(
            id: producer, created: identityCreated, modified: identityCreated, name: "botcensus",
            description: "botcensus attributes spam-sending addresses to the devices behind them (NAT and address churn included)."))]
        let modified = StixTime.format(try latestEvidence(verdicts))
        for verdict in verdicts.sorted(by: { $0.ip < $1.ip }) {
            objects += try StixAddressObjects(verdict: verdict, producer: producer, modified: modified).objects()
        }
        let bundle = Bundle(id: StixIdentifier.object("bundle", name: verdicts.map(\.ip.description).sorted().joined(separator: ",") + "@" + modified),
                            objects: objects)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        var json = try encoder.encode(bundle)
        json.append(0x0A)
        return Result(json: json, objectCount: objects.count)
    }

    /// The bundle itself (no `spec_version` in 2.1: its objects carry theirs).
    struct Bundle: Encodable {
        let type = "bundle"
        var id: String
        var objects: [StixObject]
    }

    /// The newest time any verdict rests on: last spam events and scan observations.
    static func latestEvidence(_ verdicts: [Verdict]) throws -> Timestamp {
        var latest: Timestamp = 0
        for v in verdicts {
            for text in [v.lastSeen] + v.exposedDevices.map(\.seen) {
                guard let t = StixTime.parse(text) else {
                    throw StixExportError(description: "verdict of \(v.ip): time '\(text)' is not RFC 3339 UTC")
                }
                latest = max(latest, t)
            }
        }
        return latest
    }
}
