import BotCensusCore

/// The HTML report of a case: one self-contained page (inline CSS and SVG, no script, nothing loaded from
/// anywhere) telling the case's story from the claim check to the addresses. Pure: input in, bytes out.
public enum ReportPage {
    /// Only inline styles may apply and only data: images may load; no script runs, no form posts, no base
    /// URL changes. Escaping keeps hostile text out of the markup; this is the second line.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    public static func render(_ input: CaseReportInput) -> [UInt8] { Array(html(input).utf8) }

    public static func html(_ input: CaseReportInput) -> String {
        var page = HTMLWriter(capacity: 64 * 1024 + min(input.verdicts.count, input.rowCap) * 3 * 1400)
        page.markup("<!DOCTYPE html>\n")
        page.open("html", ["lang": "en"])
        page.open("head")
        page.open("meta", ["charset": "utf-8"])
        page.open("meta", ["http-equiv": "Content-Security-Policy", "content": contentSecurityPolicy])
        page.open("meta", ["name": "referrer", "content": "no-referrer"])
        page.open("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        page.element("title", [:], "botcensus report: \(input.caseName)")
        page.open("style"); page.markup(ReportStyle.css); page.close("style")
        page.close("head")
        page.newline()
        page.open("body")
        page.open("main")
        header(input, into: &page)
        ClaimSection.write(input, into: &page)
        ClassSharesSection.write(input, into: &page)
        HostsPerAddressSection.write(input, into: &page)
        TimelineSection.write(input, into: &page)
        ConfidenceSection.write(input, into: &page)
        EvidenceSection.write(input, into: &page)
        AddressTableSection.write(input, into: &page)
        MethodSection.write(input, into: &page)
        page.open("footer")
        page.prose("A self-contained page: no script, nothing loaded from the network. Text from the evidence (banners, HELO names, "
            + "subjects) is shown as text; control characters appear as escapes such as \\x1b and \\x00.")
        page.text(" Made by botcensus \(input.version) at \(input.generated).")
        page.close("footer")
        page.close("main")
        page.close("body")
        page.close("html")
        page.newline()
        return page.html
    }

    static func header(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let c = input.census
        page.open("header", ["class": "top"])
        page.element("h1", [:], "Which devices really sent this spam?")
        page.open("p", ["class": "meta"])
        page.text("Case \(input.caseName): \(ReportNumbers.count(c.addresses)) sending addresses, \(ReportNumbers.count(c.messages)) messages"
            + (input.truth.map { "; scored against the truth of '\($0.scenario)'" } ?? "")
            + ". Report made \(input.generated) by botcensus \(input.version).")
        page.close("p")
        page.open("nav", ["class": "toc"])
        for (id, title) in [("claim", "Claim check"), ("classes", "Sender classes"), ("hosts", "Hosts per address"), ("timeline", "Over time"),
                            ("confidence", "How sure"), ("evidence", "Evidence"), ("addresses", "Addresses"), ("method", "Method")] {
            page.element("a", ["href": "#" + id], title)
        }
        page.close("nav")
        page.close("header")
    }
}
