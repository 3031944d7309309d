import BotCensusCore
import Hummingbird
import Logging
import NIOPosix

/// The routes: pages (`/`, `/search`, `/addresses/{ip}`, `/campaigns`, `/campaigns/{key}`) and the JSON API
/// (`/api/…`). Each handler parses its parameters (a bad one is a 400 naming it), asks the `CaseReader` on the
/// thread pool (SQLite blocks), and answers with what the pure renderers made.
enum WebRoutes {
    static func router(reader: CaseReader, token: String?, requests: RequestCounter) -> Router<BasicRequestContext> {
        let router = Router(options: .autoGenerateHeadEndpoints)
        // Middleware first: Hummingbird wraps each route in the middleware present when it is added.
        router.add(middleware: SecurityHeadersMiddleware(requests: requests))
        if let token {
            router.add(middleware: BearerTokenMiddleware(token: token))
        } else {
            router.add(middleware: LoopbackHostMiddleware())
        }
        router.add(middleware: ReadOnlyMethodsMiddleware())

        router.get("/") { _, _ in
            try await page(reader, api: false) { .html(try reader.overview()) }
        }
        router.get("/search") { request, _ in
            try await page(reader, api: false) {
                let query = try SearchQuery(pairs(request))
                switch try reader.search(query) {
                case .page(let html): return .html(html)
                case .address(let ip): return .redirect(WebPaths.address(ip.description))
                }
            }
        }
        router.get("/addresses/:ip") { request, context in
            try await page(reader, api: false) {
                let ip = try address(context)
                let offset = try QueryParameters(pairs(request), allowed: ["offset"]).int("offset", default: 0, in: 0...Int.max)
                guard let html = try reader.addressPage(ip, offset: offset) else {
                    throw QueryError(status: .notFound, parameter: nil, message: "The case holds nothing about \(ip).")
                }
                return .html(html)
            }
        }
        router.get("/campaigns") { request, _ in
            try await page(reader, api: false) {
                let offset = try QueryParameters(pairs(request), allowed: ["offset"]).int("offset", default: 0, in: 0...Int.max)
                return .html(try reader.campaignList(offset: offset))
            }
        }
        router.get("/campaigns/:key") { request, context in
            try await page(reader, api: false) {
                let key = WebPaths.decode(context.parameters.get("key") ?? "")
                let offset = try QueryParameters(pairs(request), allowed: ["offset"]).int("offset", default: 0, in: 0...Int.max)
                guard let html = try reader.campaignPage(key, offset: offset) else {
                    throw QueryError(status: .notFound, parameter: nil, message: "No event of the case carries the campaign key '\(key)'.")
                }
                return .html(html)
            }
        }

        router.get("/api/verdicts") { request, _ in
            try await page(reader, api: true) { .json(try reader.verdictsJSON(try VerdictQuery(pairs(request)))) }
        }
        router.get("/api/census") { request, _ in
            try await page(reader, api: true) {
                _ = try QueryParameters(pairs(request), allowed: [])
                return .json(try reader.censusJSON())
            }
        }
        router.get("/api/addresses/:ip") { request, context in
            try await page(reader, api: true) {
                let ip = try address(context)
                let q = try QueryParameters(pairs(request), allowed: AddressJSON.parameters)
                let limit = try q.int("limit", default: AddressJSON.defaultLimit, in: 1...AddressJSON.maxLimit)
                let offset = try q.int("offset", default: 0, in: 0...Int.max)
                guard let json = try reader.addressJSON(ip, limit: limit, offset: offset) else {
                    throw QueryError(status: .notFound, parameter: nil, message: "The case holds nothing about \(ip).")
                }
                return .json(json)
            }
        }
        router.get("/api/openapi.json") { _, _ in
            WebResponse.json(Array(OpenAPIDocument.json.utf8))
        }
        return router
    }

    /// What a handler answers, built on the thread pool.
    enum Answer: Sendable {
        case html(String)
        case json([UInt8])
        case redirect(String)
    }

    /// Runs `body` (which reads the case) on NIO's thread pool and turns its answer, or its refusal, into a
    /// response; a case that cannot be read is a 500 saying why.
    private static func page(_ reader: CaseReader, api: Bool, _ body: @escaping @Sendable () throws -> Answer) async throws -> Response {
        let outcome: Result<Answer, any Error> = try await NIOThreadPool.singleton.runIfActive {
            do { return .success(try body()) } catch { return .failure(error) }
        }
        switch outcome {
        case .success(.html(let html)): return WebResponse.html(html)
        case .success(.json(let bytes)): return WebResponse.json(bytes)
        case .success(.redirect(let location)): return WebResponse.redirect(location)
        case .failure(let refusal as QueryError):
            return WebResponse.refusal(refusal, api: api, footer: nil)
        case .failure(let error):
            let problem = QueryError(status: .badRequest, parameter: nil, message: "The case could not be read: \(error)")
            if api {
                return WebResponse.json(problem.json, status: .internalServerError)
            }
            return WebResponse.html(ErrorPage(title: "The case could not be read", message: problem.message, footer: nil).render(),
                                    status: .internalServerError)
        }
    }

    /// The request's query parameters as (name, value) pairs, values percent-decoded.
    private static func pairs(_ request: Request) -> [(String, String)] {
        request.uri.queryParameters.map { (String($0.key), String($0.value)) }
    }

    /// The `{ip}` of the path, or a 400 naming it.
    private static func address(_ context: BasicRequestContext) throws(QueryError) -> IPAddress {
        let text = WebPaths.decode(context.parameters.get("ip") ?? "")
        guard let ip = IPAddress(text) else { throw QueryError.bad("ip", "'\(text)' is not an IPv4 or IPv6 address") }
        return ip
    }
}
