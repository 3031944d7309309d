import Foundation

/// A device's web UI for tests that probe one: Python's http.server on a loopback address and a port the
/// kernel picks, answering every GET with `Server: server` and a page titled `title`; it ends by itself.
public final class LoopbackWebServer {
    public let process: BackgroundProcess
    public let port: Int

    public init(address: String, server: String, title: String, in folder: URL) throws {
        precondition(address.hasPrefix("127."), "test servers listen on loopback only")
        process = try BackgroundProcess(try tool("python3"), ["-c", """
            import http.server, socketserver, sys, threading
            address, server, title = sys.argv[1:4]
            class H(http.server.BaseHTTPRequestHandler):
                server_version = server
                sys_version = ""
                def do_GET(self):
                    body = ("<html><head><title>%s</title></head></html>" % title).encode()
                    self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
                def log_message(self, *a): pass
            s = socketserver.ThreadingTCPServer((address, 0), H)
            print(s.server_address[1], flush=True)
            threading.Timer(120, s.shutdown).start()
            s.serve_forever()
            """, address, server, title], in: folder)
        let started = process
        try started.wait(until: { !started.stdout.isEmpty }, seconds: 20, what: "the web server's port")
        port = Int(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }
}
