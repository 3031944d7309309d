/// (h) The method in plain words, with links to the project's documents (relative: they resolve when the
/// page sits beside the project's docs folder, and load nothing by themselves).
enum MethodSection {
    static func write(_ input: CaseReportInput, into page: inout HTMLWriter) {
        let docs = input.docsPath
        page.section(id: "method", title: "The method in plain words")
        page.paragraph("The 2014 \"refrigerator botnet\" claim took the addresses that sent spam, scanned them, and called whatever "
            + "answered the sender — one infected device per address. Two things break that. NAT: one public address stands for a "
            + "router and every PC, phone and TV behind it, so a fridge whose web page is forwarded answers while a laptop behind the "
            + "same router sends. Churn: addresses move between households, so a camera seen weeks later may live where the spam did not.")
        page.paragraph("botcensus weighs, for every sending address, the hypothesis \"the device that answered sent it\" against "
            + "\"another host sent it\", with the sender's own traffic as evidence: the operating system its TCP SYN reveals, its hop "
            + "distance, several distinct senders at once, TCP timestamp clocks and IP ID counters that tell hosts apart, and how far in "
            + "time the scan was from the spam. Each verdict lists that evidence with its weight and gives a confidence; a class is only "
            + "named when it is probable enough.")
        page.paragraph("The census then counts hosts, not addresses: TCP timestamp clocks follow a sample of hosts across the addresses "
            + "they move through, which gives the addresses per host, and the estimate carries a 95% interval from resampling. The "
            + "naive figures are shown beside it so the difference is visible. With a simulated or lab world's truth, the same figures are "
            + "scored against what really happened.")
        page.open("ul")
        let links: [(String, String)] = [
            ("README.md", "the project: what it reads, every command"),
            (docs + "ATTRIBUTION.md", "attribution: the model and its evidence"),
            (docs + "CENSUS.md", "census: hosts, classes and intervals"),
            (docs + "EVALUATION.md", "evaluation against a world's truth"),
            (docs + "TRUTH.md", "the truth file of simulated and lab worlds"),
            (docs + "ARCHITECTURE.md", "architecture: the modules and the case store"),
        ]
        for (href, words) in links {
            page.open("li")
            page.element("a", ["href": href], href)
            page.text(" — " + words)
            page.close("li")
        }
        page.close("ul")
        page.element("h3", [:], "This case's census, in its own words")
        page.element("p", ["class": "mono"], input.census.method)
        page.close("section")
    }
}
