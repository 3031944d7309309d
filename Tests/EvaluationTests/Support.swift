import Analysis
import BotCensusCore
import Foundation
@_exported import BotCensusTesting

func ip(_ text: String) -> IPAddress { IPAddress(text)! }

func verdict(_ address: String, said: DeviceClass, confidence: Double, probabilities: [String: Double], syn: Bool,
             naive: DeviceClass, hosts: (Int, Int, Int)) -> Verdict {
    Verdict(ip: ip(address), firstSeen: "2026-01-06T00:00:00Z", lastSeen: "2026-01-06T01:00:00Z", messages: 3, connections: 3,
            verdict: .ambiguous, naiveClass: naive, senderClass: said, confidence: confidence, classProbabilities: probabilities,
            exposedDeviceSentProbability: nil,
            hostsBehindIP: Verdict.HostCount(estimate: hosts.0, low: hosts.1, high: hosts.2, method: "test", senders: syn ? hosts.0 : nil),
            exposedDevices: [], senderOS: syn ? Verdict.SenderOS(family: .windows, label: nil, quality: "exact") : nil, evidence: [])
}

func truthAddress(_ address: String, _ cls: DeviceClass, hosts: Int, answering: DeviceClass = .unknown) -> TruthWorld.Address {
    TruthWorld.Address(ip: ip(address), messages: 3, senderClass: cls, senders: ["\(address)/h"], hostsBehindIP: hosts,
                       nat: hosts > 1, answeringClass: answering)
}


/// Six matched addresses with hand-computed answers, one address only in the case, one only in the truth.
///
///      truth   said       conf  probabilities                 SYN  naive      hosts truth / est [low, high]
///   .1 pc      pc         0.95  pc .95 router .03 unknown .02  yes  appliance  2 / 2 [2,3]
///   .2 pc      appliance  0.55  appliance .55 pc .45           no   appliance  1 / 1 [1,2]
///   .3 router  router     0.85  router .85 pc .15              yes  router     1 / 1 [1,1]
///   .4 server  server     0.65  server .65 unknown .35         yes  server     1 / 2 [2,2]
///   .5 camera  pc         0.72  pc .72 camera .28              no   unknown    3 / 1 [1,4]
///   .6 pc      pc         0.91  pc .91 unknown .09             yes  unknown    1 / 1 [1,1]
enum Fixture {
    static let verdicts: [Verdict] = [
        verdict("192.0.2.1", said: .pc, confidence: 0.95, probabilities: ["pc": 0.95, "router": 0.03, "unknown": 0.02], syn: true,
                naive: .appliance, hosts: (2, 2, 3)),
        verdict("192.0.2.2", said: .appliance, confidence: 0.55, probabilities: ["appliance": 0.55, "pc": 0.45], syn: false,
                naive: .appliance, hosts: (1, 1, 2)),
        verdict("192.0.2.3", said: .router, confidence: 0.85, probabilities: ["router": 0.85, "pc": 0.15], syn: true,
                naive: .router, hosts: (1, 1, 1)),
        verdict("192.0.2.4", said: .server, confidence: 0.65, probabilities: ["server": 0.65, "unknown": 0.35], syn: true,
                naive: .server, hosts: (2, 2, 2)),
        verdict("192.0.2.5", said: .pc, confidence: 0.72, probabilities: ["pc": 0.72, "camera": 0.28], syn: false,
                naive: .unknown, hosts: (1, 1, 4)),
        verdict("192.0.2.6", said: .pc, confidence: 0.91, probabilities: ["pc": 0.91, "unknown": 0.09], syn: true,
                naive: .unknown, hosts: (1, 1, 1)),
        verdict("192.0.2.9", said: .pc, confidence: 0.99, probabilities: ["pc": 0.99], syn: true, naive: .unknown, hosts: (1, 1, 1)),
    ]

    static let addresses: [TruthWorld.Address] = [
        truthAddress("192.0.2.8", .camera, hosts: 1),
        truthAddress("192.0.2.1", .pc, hosts: 2, answering: .appliance),
        truthAddress("192.0.2.2", .pc, hosts: 1),
        truthAddress("192.0.2.3", .router, hosts: 1),
        truthAddress("192.0.2.4", .server, hosts: 1),
        truthAddress("192.0.2.5", .camera, hosts: 3),
        truthAddress("192.0.2.6", .pc, hosts: 1),
    ]

    static var pairs: [Evaluation.Pair] { Evaluation.match(verdicts, addresses).pairs }
}
