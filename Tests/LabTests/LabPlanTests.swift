import BotCensusTesting
import Foundation
import Testing
@testable import Lab

/// The plan apart from root: what the built-in world holds and the commands that build it.
@Suite struct LabPlanTests {
    @Test func everyKindOfHouseholdAppearsAndChurnSwapsAddresses() {
        let world = LabWorld.builtIn(households: 12)
        #expect(world.households.count == 12)
        let infected = world.infectedHosts
        #expect(Set(infected.map(\.stack)) == Set(LabStack.allCases.filter { $0 != .linuxPC }))
        #expect(infected.contains { $0.isRouter } && infected.contains { $0.cls == .dvr } && infected.contains { $0.cls == .mobile })
        #expect(infected.contains { $0.starttls } && infected.contains { $0.pipelining })
        // Household 1 and 2 trade addresses for phase 2; household 3 keeps its own.
        #expect(world.wanAddress(household: 1, phase: 1) == "198.18.1.1" && world.wanAddress(household: 1, phase: 2) == "198.18.1.2")
        #expect(world.wanAddress(household: 2, phase: 2) == "198.18.1.1" && world.wanAddress(household: 3, phase: 2) == "198.18.1.3")
        // Namespace names are unique and all carry the prefix `lab down` removes.
        let names = LabPlan.namespaces(world)
        #expect(Set(names).count == names.count && names.allSatisfy { $0.hasPrefix(LabPlan.prefix) })
    }

    @Test func routersMasqueradeAndClampWhereTheWorldSays() {
        let world = LabWorld.builtIn(households: 10)
        let clamped = world.households.first { $0.clampMSS != nil }!
        #expect(LabPlan.routerRules(clamped).contains("masquerade") && LabPlan.routerRules(clamped).contains("maxseg size set 1452"))
        #expect(!LabPlan.routerRules(world.households[0]).contains("maxseg"))
        let steps = LabPlan.up(world)
        // A Windows-like host's namespace gets TTL 128 and no timestamps.
        let windows = world.households[0].hosts[1]
        #expect(windows.stack == .windowsLike)
        #expect(steps.contains { $0.arguments.starts(with: ["ip", "netns", "exec", LabPlan.namespace(of: windows), "sysctl", "-qw"])
                && $0.arguments.contains("net.ipv4.ip_default_ttl=128") && $0.arguments.contains("net.ipv4.tcp_timestamps=0") })
        #expect(LabPlan.churn(world, phase: 2).last?.arguments == ["ip", "-n", LabPlan.internet, "neigh", "flush", "all"])
    }
}

/// Lab scenario files: kinds of household as data, every mistake one line naming the file and the field.
@Suite struct LabScenarioTests {
    @Test func theCameraStreetScenarioBuildsItsKindsInTurn() throws {
        let world = try LabScenario.load(path: packageRoot.appendingPathComponent("scenarios/lab/camera-street.json").path, seed: 1)
        #expect(world.name == "camera-street" && world.households.count == 30)
        #expect(world.households[3].hosts[1].cls == .dvr && world.households[3].hosts[1].stack == .windowsLike)
        #expect(world.households[4].router.infected && world.households[4].answering?.isRouter == true)
        #expect(world.churnPairs.first! == (1, 2) && world.churnPairs.count == 8)
        #expect(try LabScenario.load(path: packageRoot.appendingPathComponent("scenarios/lab/camera-street.json").path, seed: 1,
                                     households: 5).households.count == 5)
    }

    @Test(arguments: [
        (#"{"name": "x", "households": 3}"#, "kinds missing"),
        (#"{"name": "x", "households": 0, "kinds": []}"#, "households must be 1 to 250"),
        (#"{"name": "x", "households": 2, "kinds": [{"name": "k", "members": [{"class": "fridge", "stack": "embedded"}]}]}"#,
         "kinds[0].members[0].class 'fridge' is not a device class"),
        (#"{"name": "x", "households": 2, "kinds": [{"name": "k", "members": [{"class": "pc", "stack": "amiga"}]}]}"#,
         "kinds[0].members[0].stack 'amiga' is not a lab stack"),
        (#"{"name": "x", "households": 2, "kinds": [{"name": "k", "router_ui": true, "members": [{"class": "camera", "stack": "embedded", "ui": true}]}]}"#,
         "kinds[0] has 2 answering UIs"),
    ])
    func mistakesAreOneLineNamingTheField(text: String, says: String) throws {
        let path = try temporaryFile(text, name: "lab.json")
        #expect(throws: LabScenario.Failure.self) { _ = try LabScenario.load(path: path, seed: 1) }
        do { _ = try LabScenario.load(path: path, seed: 1) } catch {
            #expect("\(error)".hasPrefix(path + ": ") && "\(error)".contains(says) && !"\(error)".contains("\n"), "\(error)")
        }
    }
}
