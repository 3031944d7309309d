/// What every page's footer says: which case, and where the figures came from.
struct CaseFooter: Sendable {
    var casePath: String
    /// The analysis was the case's stored one (else computed for this request's case state, kept in memory).
    var storedAnalysis: Bool
    var analysisMilliseconds: Int
}

/// The frame of every page: head (title, the one inline style sheet), the header with its search form,
/// the page's own body, the footer. No script anywhere: the pages work with JavaScript off, and the
/// Content-Security-Policy (`default-src 'none'`) would refuse one anyway.
enum PageLayout {
    static func render(title: String, footer: CaseFooter?, _ body: (inout PageWriter) -> Void) -> String {
        var w = PageWriter()
        w.markup("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        w.markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        w.element("title", "botcensus — " + title)
        w.markup(style)
        w.markup("</head><body>\n<header>")
        w.link(WebPaths.overview, "botcensus")
        w.link(WebPaths.overview, "Overview")
        w.link(WebPaths.campaignList, "Campaigns")
        w.link(WebPaths.search(query: ""), "Addresses")
        w.open("form", ["method": "get", "action": "/search", "role": "search"])
        w.open("input", ["type": "search", "name": "q", "placeholder": "IP or CIDR", "aria-label": "IP address or CIDR network"])
        w.open("button", ["type": "submit"])
        w.text("Search")
        w.close("button")
        w.close("form")
        w.markup("</header>\n<main>\n")
        body(&w)
        w.markup("</main>\n<footer>")
        if let footer {
            w.text("Case \(footer.casePath), opened read-only. ")
            w.text(footer.storedAnalysis
                   ? "Verdicts and census: the analysis stored in the case for its current state."
                   : "Verdicts and census: computed for the case's current state in \(footer.analysisMilliseconds) ms and kept in memory (the case is never written).")
            w.text(" Each page reads the case when it is requested: reload to see what trap and probe have added.")
        } else {
            w.text("botcensus serve (read-only)")
        }
        w.markup("</footer>\n</body></html>\n")
        return w.html
    }

    private static let style: StaticString = """
        <style>
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{background:#1d2330;padding:.6em 1.5em;display:flex;gap:1.4em;align-items:center;flex-wrap:wrap}
        header a{color:#fff;text-decoration:none;font-weight:600}
        header a:first-child{font-size:1.15em;margin-right:.6em}
        header form{margin-left:auto;display:flex;gap:.4em}
        header input{width:16em;padding:.2em .4em}
        main{padding:.6em 1.5em 1em;max-width:1280px}
        h1{font-size:1.5em;margin:.5em 0}
        h2{font-size:1.15em;margin:1.2em 0 .4em}
        p.note{color:#5b6475;max-width:60em}
        table{border-collapse:collapse;margin:.3em 0 1em;background:#fff}
        th,td{border:1px solid #d5d9e0;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#eceff4;font-weight:600}
        td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        td.t{white-space:nowrap;font-variant-numeric:tabular-nums}
        .bar{display:inline-block;height:.75em;background:#4a7bd0;vertical-align:middle}
        .bar.against{background:#c8553d}
        .bar.naive{background:#a0a7b4}
        .claim{display:flex;gap:1em;flex-wrap:wrap;margin:.4em 0 1em}
        .card{background:#fff;border:1px solid #d5d9e0;padding:.7em 1em;min-width:17em}
        .card .big{font-size:1.9em;font-weight:700}
        .card.naive .big{color:#8a5a00}
        .card.ours .big{color:#1f5fbf}
        .label{color:#5b6475;font-size:.9em}
        .mono,code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em;word-break:break-all}
        .kind{display:inline-block;padding:0 .4em;border-radius:3px;background:#e4e8f0;font-size:.85em}
        .kind.message{background:#fde2c8}.kind.connection{background:#f2e6d0}.kind.syn{background:#d8ecd8}.kind.observation{background:#dbe6f6}
        dl.facts{display:grid;grid-template-columns:max-content auto;gap:.15em 1em;margin:.3em 0 1em}
        dl.facts dt{color:#5b6475}dl.facts dd{margin:0}
        nav.pager{margin:.3em 0}
        footer{color:#5b6475;font-size:.85em;padding:1em 1.5em;border-top:1px solid #d5d9e0}
        </style>
        """
}
