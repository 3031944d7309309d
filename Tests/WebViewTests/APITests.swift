import BotCensusCore
import Foundation
import Testing
@testable import WebView

/// The JSON API: paged verdicts that are the contract exactly as `export verdicts` writes it (validated by
/// python-jsonschema against docs/schema), the census contract, an address's verdict and timeline, each
/// answer valid against the OpenAPI document, which is itself valid OpenAPI; bad parameters are 400 naming them.
@Suite(.serialized) struct APITests {
    /// Every verdict by paging through `/api/verdicts` with `limit`; checks the paging keys on the way.
    func allVerdicts(_ serve: RunningServe, limit: Int, query: String = "") throws -> (lines: [String], pages: [[UInt8]]) {
        var lines: [String] = [], pages: [[UInt8]] = [], offset = 0
        while true {
            let answer = try serve.get("/api/verdicts?limit=\(limit)&offset=\(offset)\(query)")
            guard answer.status == 200, answer.headers["content-type"] == "application/json" else {
                throw TestFailure("/api/verdicts: \(answer.status) \(answer.text.prefix(300))")
            }
            pages.append(answer.body)
            let page = try JSONSerialization.jsonObject(with: Data(answer.body)) as! [String: Any]
            let items = page["items"] as! [Any]
            #expect(page["offset"] as? Int == offset && page["limit"] as? Int == limit)
            #expect(items.count <= limit)
            // Each item re-serialised with sorted keys, as the CLI's lines are below: compared as JSON values.
            lines += try items.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self) }
            guard let next = page["next_offset"] as? Int else { #expect(lines.count == page["total"] as? Int); break }
            #expect(next == offset + limit)
            offset = next
        }
        return (lines, pages)
    }

    func normalised(_ jsonLines: String) throws -> [String] {
        try jsonLines.split(separator: "\n").map {
            String(decoding: try JSONSerialization.data(withJSONObject: try JSONSerialization.jsonObject(with: Data($0.utf8)),
                                                        options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        }
    }

    func checkCase(_ casePath: String, limit: Int, storedFirst: Bool, in dir: URL) throws {
        if storedFirst { _ = try botcensus(["attribute", "--case", casePath, "--format", "jsonl"]) }
        let serve = try RunningServe(case: casePath, in: dir)
        let (served, pages) = try allVerdicts(serve, limit: limit)
        // After serving (the server computed its own when the stored analysis was stale): what the CLI prints.
        let exported = try botcensus(["attribute", "--case", casePath, "--format", "jsonl"])
        #expect(exported.status == 0)
        #expect(served == (try normalised(exported.stdout)), "the API's verdicts are not those `attribute`/`export verdicts` give")
        if storedFirst {
            // The stored analysis is current: each item is the very text `export verdicts` prints.
            let pagesText = pages.map { String(decoding: $0, as: UTF8.self) }.joined()
            let stored = try botcensus(["export", "verdicts", "--case", casePath]).stdout.split(separator: "\n")
            #expect(!stored.isEmpty && stored.allSatisfy { pagesText.contains($0) }, "an item differs from `export verdicts`'s line")
        }
        let jsonl = try PythonCheck.file(Array(served.joined(separator: "\n").utf8) + [10], "served-verdicts.jsonl", in: dir)
        let contract = try PythonCheck.script("validate-contracts.py", ["verdicts", jsonl])
        #expect(contract.status == 0, "\(contract.stdout)\(contract.stderr)")

        let spec = try serve.get("/api/openapi.json")
        #expect(spec.status == 200 && spec.headers["content-type"] == "application/json")
        let specPath = try PythonCheck.file(spec.body, "openapi.json", in: dir)
        let specCheck = try PythonCheck.script("validate-webview-api.py", ["spec", specPath])
        #expect(specCheck.status == 0, "\(specCheck.stdout)\(specCheck.stderr)")
        for (i, page) in pages.prefix(3).enumerated() {
            let r = try PythonCheck.script("validate-webview-api.py", ["answer", specPath, "VerdictPage", try PythonCheck.file(page, "page-\(i).json", in: dir)])
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        }

        let census = try serve.get("/api/census")
        let cli = try botcensus(["census", "--case", casePath, "--format", "json"])
        #expect(census.text == cli.stdout, "the API's census is not `census --format json`")
        let censusPath = try PythonCheck.file(census.body, "census.json", in: dir)
        for r in [try PythonCheck.script("validate-contracts.py", ["census", censusPath]),
                  try PythonCheck.script("validate-webview-api.py", ["answer", specPath, "Census", censusPath])] {
            #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        }

        // Addresses: the first three senders' verdict and timeline, valid against the document.
        for line in served.prefix(3) {
            let ip = (try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any])["ip"] as! String
            let answer = try serve.get("/api/addresses/\(ip)?limit=50")
            #expect(answer.status == 200)
            let object = try JSONSerialization.jsonObject(with: Data(answer.body)) as! [String: Any]
            let verdict = String(decoding: try JSONSerialization.data(withJSONObject: object["verdict"]!, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
            #expect(verdict == line)
            let timeline = object["timeline"] as! [String: Any]
            #expect((timeline["entries"] as! [Any]).count == min(50, timeline["total"] as! Int))
            let r = try PythonCheck.script("validate-webview-api.py", ["answer", specPath, "AddressDetail", try PythonCheck.file(answer.body, "address.json", in: dir)])
            #expect(r.status == 0, "\(ip): \(r.stdout)\(r.stderr)")
        }
        try serve.stop()
    }

    @Test(.enabled(if: PythonCheck.testsRun, "jsonschema and openapi-spec-validator (scripts/setup.sh) are not installed"))
    func demoCaseAnswersMatchTheContracts() throws {
        let dir = temporaryDirectory("webview-api-demo")
        try checkCase(try WebViewCases.demo(in: dir), limit: 7, storedFirst: true, in: dir)
    }

    /// A simulated world whose analysis was never stored: the server computes it in memory, and it must be
    /// the one `attribute` then computes and stores.
    @Test(.enabled(if: PythonCheck.testsRun, "jsonschema and openapi-spec-validator (scripts/setup.sh) are not installed"))
    func simulatedWorldAnswersMatchTheContracts() throws {
        let dir = temporaryDirectory("webview-api-world")
        try checkCase(try WebViewCases.world(in: dir), limit: 250, storedFirst: false, in: dir)
    }

    /// The API checker itself finds what it must: a drifted contract in the document, an answer without a
    /// required key, an item that is not a verdict.
    @Test(.enabled(if: PythonCheck.testsRun, "jsonschema and openapi-spec-validator (scripts/setup.sh) are not installed"))
    func apiCheckerRejectsDriftAndBadAnswers() throws {
        let dir = temporaryDirectory("webview-apicheck")
        let spec = OpenAPIDocument.json
        let specPath = try PythonCheck.file(Array(spec.utf8), "openapi.json", in: dir)
        #expect(try PythonCheck.script("validate-webview-api.py", ["spec", specPath]).status == 0)
        // The verdict contract in the document no longer allows null where docs/schema does.
        let drifted = spec.replacingOccurrences(of: "\"p_exposed_device_sent\": {\n            \"type\": [\n              \"number\",\n              \"null\"\n            ],",
                                                with: "\"p_exposed_device_sent\": {\n            \"type\": \"number\",")
        #expect(drifted != spec)
        let r = try PythonCheck.script("validate-webview-api.py", ["spec", try PythonCheck.file(Array(drifted.utf8), "drifted.json", in: dir)])
        #expect(r.status == 1 && r.stdout.contains("components/schemas/Verdict differs"), "\(r.stdout)\(r.stderr)")
        let notOpenAPI = try PythonCheck.script("validate-webview-api.py", ["spec", try PythonCheck.file(Array(#"{"openapi":"3.1.0"}"#.utf8), "bare.json", in: dir)])
        #expect(notOpenAPI.status == 1 && notOpenAPI.stdout.contains("not valid OpenAPI"), "\(notOpenAPI.stdout)")
        for (answer, schema) in [(#"{"items":[],"limit":5,"offset":0,"total":0}"#, "VerdictPage"),
                                 (#"{"items":[{"ip":"192.0.2.1"}],"limit":5,"next_offset":null,"offset":0,"total":1}"#, "VerdictPage"),
                                 (#"{"ip":"192.0.2.1","timeline":{"entries":[{"type":"syn"}],"limit":1,"next_offset":null,"offset":0,"total":1},"verdict":null}"#, "AddressDetail")] {
            let bad = try PythonCheck.script("validate-webview-api.py", ["answer", specPath, schema, try PythonCheck.file(Array(answer.utf8), "bad.json", in: dir)])
            #expect(bad.status == 1, "\(answer): \(bad.stdout)\(bad.stderr)")
        }
    }

    @Test func filtersSelectAndBadParametersAreNamed() throws {
        let dir = temporaryDirectory("webview-api-filters")
        let casePath = try WebViewCases.demo(in: dir)
        let serve = try RunningServe(case: casePath, in: dir)
        func items(_ query: String) throws -> [[String: Any]] {
            let answer = try serve.get("/api/verdicts?limit=1000&\(query)")
            #expect(answer.status == 200, "\(query): \(answer.text)")
            let page = try JSONSerialization.jsonObject(with: Data(answer.body)) as! [String: Any]
            #expect(page["total"] as? Int == (page["items"] as! [Any]).count)
            return page["items"] as! [[String: Any]]
        }
        let all = try items("")
        let pcs = try items("class=pc")
        #expect(!pcs.isEmpty && pcs.allSatisfy { $0["sender_class"] as? String == "pc" })
        #expect(pcs.count == all.filter { $0["sender_class"] as? String == "pc" }.count)
        let nat = try items("verdict=other-host-behind-nat")
        #expect(nat.count == all.filter { $0["verdict"] as? String == "other-host-behind-nat" }.count && !nat.isEmpty)
        let sure = try items("min_confidence=0.9&class=&verdict=")
        #expect(sure.count == all.filter { ($0["confidence"] as! Double) >= 0.9 }.count)
        #expect(try items("class=pc&verdict=stale&min_confidence=1").allSatisfy { $0["verdict"] as? String == "stale" })

        for (query, parameter) in [("limit=0", "limit"), ("limit=1001", "limit"), ("limit=ten", "limit"), ("offset=-3", "offset"),
                                   ("min_confidence=1.5", "min_confidence"), ("min_confidence=nan", "min_confidence"),
                                   ("class=fridge", "class"), ("verdict=guilty", "verdict"), ("colour=red", "colour"),
                                   ("limit=5&limit=6", "limit")] {
            let answer = try serve.get("/api/verdicts?\(query)")
            #expect(answer.status == 400 && answer.headers["content-type"] == "application/json", "\(query): \(answer.status)")
            let error = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
            #expect(error?["parameter"] as? String == parameter, "\(query): \(answer.text)")
            #expect((error?["error"] as? String)?.hasPrefix("\(parameter): ") == true, "\(query): \(answer.text)")
        }
        let census = try serve.get("/api/census?limit=3")
        #expect(census.status == 400 && census.text.contains("\"parameter\":\"limit\""))
        let badIP = try serve.get("/api/addresses/300.1.2.3")
        #expect(badIP.status == 400 && badIP.text.contains("\"parameter\":\"ip\""))
        let unknown = try serve.get("/api/addresses/192.0.2.250")
        #expect(unknown.status == 404 && unknown.text.contains("\"parameter\":null"))
        let timelineLimit = try serve.get("/api/addresses/\(WebViewCases.fridgeAddress)?limit=0")
        #expect(timelineLimit.status == 400 && timelineLimit.text.contains("\"parameter\":\"limit\""))
        let noRoute = try serve.get("/api/verdict")
        #expect(noRoute.status == 404 && noRoute.headers["content-type"] == "application/json")
        try serve.stop()
    }
}
