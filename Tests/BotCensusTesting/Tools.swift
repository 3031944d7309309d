import Foundation

/// The full path of a program from Debian (tests name it once here, so a missing install fails clearly).
public func tool(_ name: String) throws -> URL {
    for folder in ["/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin"] {
        let path = folder + "/" + name
        if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
    }
    throw TestFailure("\(name) is not installed (scripts/setup.sh installs it)")
}

/// Python scripts of scripts/, run by python3.
public func script(_ name: String, _ arguments: [String]) throws -> CommandResult {
    try run(try tool("python3"), [packageRoot.appendingPathComponent("scripts/\(name)").path] + arguments)
}
