import Foundation

/// Headless Chromium (Debian's, installed by scripts/setup.sh) loading a page as a person's browser would:
/// the DOM after load (`--dump-dom`) or a screenshot. Each run gets its own profile folder and a deadline,
/// and is ended by its own PID if it overstays. A developer without Chromium sees these tests skipped; in CI
/// (`CI=true`) they run and a missing Chromium fails them.
enum Chromium {
    static let installed = (try? tool("chromium")) != nil
    static var testsRun: Bool { installed || TestEnvironment.inCI }

    /// The DOM of `url` after load, as text.
    static func dumpDOM(_ url: String, in dir: URL) throws -> String {
        let run = try start(["--dump-dom", url], in: dir)
        let status = try run.waitForExit(seconds: 90)
        guard status == 0, run.stdout.contains("</html>") else { throw TestFailure("chromium --dump-dom \(url): exit \(status): \(run.stderr.suffix(2000))") }
        return run.stdout
    }

    /// A PNG of `url` at `width`×`height` into `path`.
    static func screenshot(_ url: String, to path: String, width: Int = 1280, height: Int = 1400, in dir: URL) throws {
        let run = try start(["--hide-scrollbars", "--window-size=\(width),\(height)", "--screenshot=\(path)", url], in: dir)
        let status = try run.waitForExit(seconds: 90)
        guard status == 0, FileManager.default.fileExists(atPath: path) else {
            throw TestFailure("chromium --screenshot \(url): exit \(status): \(run.stderr.suffix(2000))")
        }
    }

    private static func start(_ arguments: [String], in dir: URL) throws -> BackgroundProcess {
        let profile = dir.appendingPathComponent("chromium-profile-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        return try BackgroundProcess(try tool("chromium"), ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                                            "--user-data-dir=\(profile.path)"] + arguments, in: dir)
    }
}

/// The Python checkers of scripts/ under the `python3` on PATH (where scripts/setup.sh's pip installs
/// jsonschema and openapi-spec-validator). Missing modules skip these tests on a developer's machine and fail
/// them in CI, where the checker's exit 3 says which module is missing.
enum PythonCheck {
    static let installed: Bool = (try? run(URL(fileURLWithPath: "/usr/bin/env"),
                                           ["python3", "-c", "import jsonschema, openapi_spec_validator"]).status == 0) ?? false
    static var testsRun: Bool { installed || TestEnvironment.inCI }

    static func script(_ name: String, _ arguments: [String]) throws -> CommandResult {
        try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", packageRoot.appendingPathComponent("scripts/\(name)").path] + arguments)
    }

    /// Writes `bytes` into `dir` and returns the path (the checkers read files).
    static func file(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }
}
