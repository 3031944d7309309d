import Hummingbird

/// The answers the routes give, each with its content type; the security headers are added for all of them
/// by `SecurityHeadersMiddleware`.
enum WebResponse {
    static func html(_ page: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func text(_ status: HTTPResponse.Status, _ message: String, extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message)))
    }

    /// 303 to a path this module built.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// A refused request: JSON for the API, a page for a browser.
    static func refusal(_ error: QueryError, api: Bool, footer: CaseFooter?) -> Response {
        let status: HTTPResponse.Status = error.status == .notFound ? .notFound : .badRequest
        if api { return json(error.json, status: status) }
        let title = error.status == .notFound ? "Not found" : "Bad request"
        return html(ErrorPage(title: title, message: error.message, footer: footer).render(), status: status)
    }
}
