import BotCensusCore
import Foundation
import Hummingbird
import Logging

/// The outermost middleware: every answer, errors included, carries the strict headers — a
/// Content-Security-Policy that allows no script, no framing and no resource from anywhere (inline style and
/// data: images only), `nosniff`, no caching (the case changes under the pages) — and is logged in one line.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'"
    }

    let requests: RequestCounter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = Date()
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            // No route: the same refusal a route gives, a page or JSON, instead of an empty body.
            let api = request.uri.path.hasPrefix("/api/")
            response = WebResponse.refusal(QueryError(status: .notFound, parameter: nil, message: "No such page: \(request.uri.path)"),
                                           api: api, footer: nil)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        requests.add()
        context.logger.info("\(request.method) \(TerminalText.escape(request.uri.description)) \(response.status.code)",
                            metadata: ["ms": "\(Int(Date().timeIntervalSince(started) * 1000))"])
        return response
    }
}
