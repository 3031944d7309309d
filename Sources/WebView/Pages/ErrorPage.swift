/// A page that says what went wrong (not found, a bad parameter named, the case unreadable) in one sentence.
struct ErrorPage {
    var title: String
    var message: String
    var footer: CaseFooter?

    func render() -> String {
        PageLayout.render(title: title, footer: footer) { w in
            w.element("h1", title)
            w.element("p", message)
            w.open("p"); w.link(WebPaths.overview, "Back to the overview"); w.close("p")
        }
    }
}
