import BotCensusCore
import Foundation

/// A lab scenario file: the kinds of household and how many households, for `lab up SCENARIO` (docs/LAB.md).
///
///     {"name": "camera-street", "households": 30, "messages_per_phase": 2, "churn_every": 5,
///      "kinds": [{"name": "PC beside a forwarded camera", "router_infected": false, "router_ui": false,
///                 "members": [{"class": "pc", "stack": "windows-like", "infected": true},
///                             {"class": "camera", "stack": "embedded", "ui": true}]}]}
public enum LabScenario {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    struct File: Decodable {
        struct Member: Decodable {
            var `class`: String
            var stack: String
            var infected: Bool?
            var ui: Bool?
        }
        struct Kind: Decodable {
            var name: String
            var router_infected: Bool?
            var router_ui: Bool?
            var members: [Member]
        }
        var name: String
        var households: Int
        var messages_per_phase: Int?
        var churn_every: Int?
        var kinds: [Kind]
    }

    /// The world a scenario file describes; every mistake is one line naming the file and the field.
    public static func load(path: String, seed: UInt64, households override: Int? = nil) throws -> LabWorld {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "\(path): cannot read the lab scenario") }
        let file: File
        do { file = try JSONDecoder().decode(File.self, from: data) } catch {
            throw Failure(description: "\(path): not a lab scenario (\(describe(error)))")
        }
        let households = override ?? file.households
        guard (1...250).contains(households) else { throw Failure(description: "\(path): households must be 1 to 250, not \(households)") }
        guard !file.kinds.isEmpty else { throw Failure(description: "\(path): kinds is empty") }
        let messages = file.messages_per_phase ?? 2
        guard (1...100).contains(messages) else { throw Failure(description: "\(path): messages_per_phase must be 1 to 100") }
        var kinds: [LabWorld.Kind] = []
        for (k, kind) in file.kinds.enumerated() {
            var members: [LabWorld.Kind.Member] = []
            for (m, member) in kind.members.enumerated() {
                let at = "kinds[\(k)].members[\(m)]"
                guard let cls = DeviceClass(rawValue: member.class) else {
                    throw Failure(description: "\(path): \(at).class '\(member.class)' is not a device class (\(DeviceClass.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                guard let stack = LabStack(rawValue: member.stack) else {
                    throw Failure(description: "\(path): \(at).stack '\(member.stack)' is not a lab stack (\(LabStack.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                members.append(.init(cls, stack, infected: member.infected ?? false, ui: member.ui ?? false))
            }
            let uis = members.filter(\.ui).count + ((kind.router_ui ?? false) ? 1 : 0)
            guard uis <= 1 else { throw Failure(description: "\(path): kinds[\(k)] has \(uis) answering UIs; a household has at most one") }
            guard members.count <= 20 else { throw Failure(description: "\(path): kinds[\(k)] has \(members.count) members; at most 20") }
            kinds.append(LabWorld.Kind(name: kind.name, routerInfected: kind.router_infected ?? false, routerUI: kind.router_ui ?? false,
                                       members: members))
        }
        return LabWorld.build(name: file.name, kinds: kinds, households: households, seed: seed, messagesPerPhase: messages,
                              churnEvery: file.churn_every ?? 5)
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "\((context.codingPath + [key]).map(\.stringValue).joined(separator: ".")) missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}
