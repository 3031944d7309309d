import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `LabPlan`'s steps (iproute2, nftables, sysctl as root) and takes the lab down again. Down deletes
/// every namespace named `bclab-…` after ending the processes the lab started in them, so it is safe to run
/// twice, or after a crash that left a half-built lab.
public enum LabNetwork {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Which namespaces of a lab exist now.
    public static func existingNamespaces() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []
        return names.filter { $0.hasPrefix(LabPlan.prefix) }.sorted()
    }

    public static func requireRoot() throws {
        guard getuid() == 0 else {
            throw Failure(description: "lab: needs root for network namespaces (without root, `lab up --out DIR` builds the reduced lab on loopback)")
        }
        for tool in ["/usr/sbin/ip", "/usr/sbin/nft", "/usr/sbin/sysctl"] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw Failure(description: "lab: \(tool) is missing (scripts/setup.sh installs iproute2, nftables and procps)")
        }
    }

    /// Builds the world's network; on a failed step takes down what was built and says which step failed.
    public static func up(_ world: LabWorld) throws {
        try requireRoot()
        guard existingNamespaces().isEmpty else {
            throw Failure(description: "lab: a lab is up already (\(existingNamespaces().count) bclab- namespaces): run `botcensus lab down` first")
        }
        do {
            try apply(LabPlan.up(world))
        } catch {
            down()
            throw error
        }
    }

    /// Runs the steps as one shell script (a process per step costs ~60 ms through Foundation; the steps
    /// themselves take a few ms), stopping at the first that fails and naming it.
    public static func apply(_ steps: [LabPlan.Step]) throws {
        guard !steps.isEmpty else { return }
        let result = try execute(["bash", "-c", script(steps)], input: nil)
        guard result.status == 0 else {
            throw Failure(description: result.stderr.split(separator: "\n").map(String.init).last { $0.hasPrefix("lab: ") }
                          ?? "lab: a step failed (\(result.status)): \(result.stderr)")
        }
    }

    /// The steps in bash: each argument single-quoted, standard input as a quoted here-document; the first
    /// failure stops the script with one line naming the command and what it said.
    static func script(_ steps: [LabPlan.Step]) -> String {
        func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        var text = "set -u\nexport PATH=/usr/sbin:/usr/bin:/sbin:/bin\nstep() { local out; if ! out=$(\"$@\" 2>&1); then echo \"lab: \\`$*\\` failed: $out\" >&2; exit 1; fi; }\n"
        for step in steps {
            let command = "step " + step.arguments.map(quote).joined(separator: " ")
            if let input = step.input {
                text += command + " <<'LAB_INPUT'\n" + input + (input.hasSuffix("\n") ? "" : "\n") + "LAB_INPUT\n"
            } else {
                text += command + "\n"
            }
        }
        return text
    }

    /// Ends the processes running in lab namespaces (the lab started them), then deletes the namespaces.
    /// Returns how many namespaces it removed.
    @discardableResult
    public static func down() -> Int {
        let names = existingNamespaces()
        // One shell for all namespaces: a process per namespace costs ~60 ms through Foundation (13 s for 121).
        let listing = "for ns in " + names.map { "'\($0)'" }.joined(separator: " ") + "; do ip netns pids \"$ns\" 2>/dev/null; done"
        func pids() -> [pid_t] {
            names.isEmpty ? [] : ((try? execute(["bash", "-c", listing], input: nil))?.stdout ?? "").split(separator: "\n").compactMap { pid_t($0) }
        }
        // SIGTERM first; whatever still runs a second later (a process that blocked the signal) is killed, or it
        // would keep its namespace alive after the name is gone.
        for pid in pids() { kill(pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(1)
        var left = pids()
        while !left.isEmpty && Date() < deadline { usleep(50_000); left = pids() }
        for pid in left { kill(pid, SIGKILL) }
        _ = try? execute(["bash", "-c", names.map { "ip netns del '\($0)' 2>/dev/null" }.joined(separator: "; ")], input: nil)
        return names.count
    }

    /// Runs a program found on PATH (or /usr/sbin) and collects its output; the commands are short-lived.
    static func execute(_ arguments: [String], input: String?) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin:" + (environment["PATH"] ?? "")
        process.environment = environment
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        if let input {
            inPipe.fileHandleForWriting.write(Data(input.utf8))
            try? inPipe.fileHandleForWriting.close()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
