import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Debian's `chromium`, headless, on local files only: each run gets its own profile folder, resolves no
/// host name (nothing can leave for the network whatever a page asked), ends within a deadline, and on
/// overstaying is killed by its own process id — never any other browser on the machine (its helper
/// processes end with it).
/// Not installed, it fails the test with the fix (scripts/setup.sh installs it): never a silent skip.
struct HeadlessChromium {
    let program: URL
    let scratch: URL

    init() throws {
        program = try tool("chromium")
        scratch = temporaryDirectory("chromium")
    }

    /// The DOM after load, serialised (`--dump-dom`).
    func dumpDOM(_ page: URL, seconds: Double = 60) throws -> String {
        let out = try run(["--dump-dom", page.absoluteString], seconds: seconds)
        return String(decoding: out, as: UTF8.self)
    }

    /// A PNG of the page as a `width`×`height` window shows it.
    func screenshot(_ page: URL, to png: URL, width: Int = 1280, height: Int = 2400, seconds: Double = 60) throws {
        try? FileManager.default.removeItem(at: png)
        _ = try run(["--screenshot=\(png.path)", "--window-size=\(width),\(height)", "--hide-scrollbars", page.absoluteString],
                    seconds: seconds)
    }

    private func run(_ arguments: [String], seconds: Double) throws -> Data {
        let profile = scratch.appendingPathComponent("profile-\(UUID().uuidString)")
        let outURL = scratch.appendingPathComponent("out-\(UUID().uuidString)")
        let errURL = scratch.appendingPathComponent("err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        // Debian's /usr/bin/chromium is a shell script that execs the browser: the process id stays the browser's.
        process.executableURL = program
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                             "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                             "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                             "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let pid = process.processIdentifier
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning {
            if Date() > deadline {
                kill(pid, SIGKILL)
                process.waitUntilExit()
                throw TestFailure("chromium did not finish within \(seconds) s: \(String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self).suffix(2000))")
            }
            usleep(50_000)
        }
        let out = (try? Data(contentsOf: outURL)) ?? Data()
        guard process.terminationStatus == 0 else {
            let err = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
            throw TestFailure("chromium exited with \(process.terminationStatus): \(err.suffix(2000))")
        }
        return out
    }
}
