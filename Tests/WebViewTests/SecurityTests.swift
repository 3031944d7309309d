import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What `serve` refuses: to listen beyond loopback without a token, requests without it when it has one,
/// requests addressed to another name, and any method but GET and HEAD — and the case file is the same,
/// byte for byte, after a server has answered every page and refused every write.
@Suite(.serialized) struct SecurityTests {
    static let token = "s3cret-token-for-the-tests-0123456789"

    @Test func beyondLoopbackWithoutATokenItRefusesToStart() throws {
        let dir = temporaryDirectory("webview-refuse")
        let casePath = try WebViewCases.demo(in: dir, withCampaigns: false)
        for listen in ["0.0.0.0:0", "[::]:0", "192.0.2.1:8080"] {
            let started = Date()
            let r = try botcensus(["serve", "--case", casePath, "--listen", listen])
            #expect(r.status == 2, "\(listen): \(r.status)")
            #expect(Date().timeIntervalSince(started) < 20)
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("--listen \(listen) is not a loopback address") && lines[0].contains("--token"),
                    "\(r.stderr)")
            #expect(!r.stdout.contains("serving"))
        }
        let short = try botcensus(["serve", "--case", casePath, "--listen", "0.0.0.0:0", "--token", "short"])
        #expect(short.status == 2 && short.stderr.contains("at least 16 characters"), "\(short.stderr)")
        let name = try botcensus(["serve", "--case", casePath, "--listen", "example.org:8080"])
        #expect(name.status == 2 && name.stderr.contains("expected ADDR:PORT"), "\(name.stderr)")
        let missing = try botcensus(["serve", "--case", dir.appendingPathComponent("none.db").path, "--listen", "127.0.0.1:0"])
        #expect(missing.status == 1 && missing.stderr.contains("no such case"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("none.db").path))
    }

    @Test func withATokenEveryRequestMustCarryIt() throws {
        let dir = temporaryDirectory("webview-token")
        let serve = try RunningServe(case: try WebViewCases.demo(in: dir, withCampaigns: false), extra: ["--token", SecurityTests.token], in: dir)
        #expect(serve.background.stdout.contains("Bearer token required"))
        for target in ["/", "/api/census", "/api/openapi.json", "/nothing"] {
            let none = try serve.get(target)
            #expect(none.status == 401 && none.headers["www-authenticate"] == "Bearer realm=\"botcensus\"", "\(target): \(none.status)")
            #expect(none.text.hasPrefix("401 Unauthorized"), "\(target): \(none.text.prefix(200))")
            let wrong = try serve.get(target, headers: ["Authorization": "Bearer " + SecurityTests.token.dropLast() + "X"])
            #expect(wrong.status == 401, "\(target)")
            let longer = try serve.get(target, headers: ["Authorization": "Bearer \(SecurityTests.token)0"])
            #expect(longer.status == 401, "\(target)")
            let basic = try serve.get(target, headers: ["Authorization": "Basic \(SecurityTests.token)"])
            #expect(basic.status == 401, "\(target)")
        }
        #expect(try serve.get("/", headers: ["Authorization": "Bearer \(SecurityTests.token)"]).status == 200)
        #expect(try serve.get("/api/census", headers: ["Authorization": "bearer \(SecurityTests.token)"]).status == 200)
        // With the token the Host may be any name (a reverse proxy's): the token is the guard.
        let proxied = try LoopbackHTTP.request(port: serve.port, "GET", "/", headers: ["Authorization": "Bearer \(SecurityTests.token)"],
                                               host: "botcensus.example")
        #expect(proxied.status == 200)
        let post = try LoopbackHTTP.request(port: serve.port, "POST", "/", headers: ["Authorization": "Bearer \(SecurityTests.token)"], body: "x")
        #expect(post.status == 405)
        try serve.stop()
    }

    /// DNS rebinding: without a token, a request naming another host is refused.
    @Test func withoutATokenOnlyLoopbackNamesAreAnswered() throws {
        let dir = temporaryDirectory("webview-host")
        let serve = try RunningServe(case: try WebViewCases.demo(in: dir, withCampaigns: false), in: dir)
        for host in ["127.0.0.1:\(serve.port)", "localhost:\(serve.port)", "127.0.0.1", "[::1]:\(serve.port)", "LOCALHOST"] {
            #expect(try LoopbackHTTP.request(port: serve.port, "GET", "/api/census", host: host).status == 200, "\(host)")
        }
        for host in ["attacker.example", "attacker.example:\(serve.port)", "127.0.0.1.attacker.example", "10.0.0.1:\(serve.port)"] {
            #expect(try LoopbackHTTP.request(port: serve.port, "GET", "/api/census", host: host).status == 421, "\(host)")
        }
        try serve.stop()
    }

    @Test func onlyGetAndHeadAndTheCaseStaysByteIdentical() throws {
        let dir = temporaryDirectory("webview-readonly")
        let casePath = try WebViewCases.demo(in: dir)
        _ = try botcensus(["attribute", "--case", casePath, "--format", "jsonl"])
        let before = try WebViewCases.digest(casePath)
        let serve = try RunningServe(case: casePath, in: dir)
        let targets = ["/", "/search?q=203.0.113.0/24", "/addresses/\(WebViewCases.fridgeAddress)", "/campaigns",
                       "/campaigns/\(WebViewCases.parcelCampaign)", "/api/verdicts", "/api/census",
                       "/api/addresses/\(WebViewCases.fridgeAddress)", "/api/openapi.json"]
        for target in targets {
            let get = try serve.get(target)
            #expect(get.status == 200, "GET \(target)")
            let head = try LoopbackHTTP.request(port: serve.port, "HEAD", target)
            #expect(head.status == 200 && head.body.isEmpty, "HEAD \(target)")
            for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
                let refused = try LoopbackHTTP.request(port: serve.port, method, target, body: method == "OPTIONS" ? nil : "{\"verdict\":\"device-sent\"}")
                #expect(refused.status == 405 && refused.headers["allow"] == "GET, HEAD", "\(method) \(target): \(refused.status)")
                #expect(refused.headers["content-security-policy"] != nil)
            }
        }
        let stopped = try serve.stop()
        #expect(stopped.status == 0, "\(stopped)")
        #expect(try WebViewCases.digest(casePath) == before, "the case file changed while served")
        // Still the same case for the command line.
        #expect(try botcensus(["census", "--case", casePath]).status == 0)
    }
}
