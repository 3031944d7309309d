/// Which part of a long list a page shows.
struct PageSlice: Sendable, Equatable {
    var offset: Int
    var limit: Int
    var total: Int

    var hasPrevious: Bool { offset > 0 }
    var hasNext: Bool { offset + limit < total }
    var previousOffset: Int { max(0, offset - limit) }
    var nextOffset: Int { offset + limit }
}

extension PageWriter {
    /// `41–80 of 340 · ← previous · next →`, the links made by `href(offset)`.
    mutating func pager(_ slice: PageSlice, what: String, href: (Int) -> String) {
        open("nav", ["class": "pager"])
        if slice.total == 0 {
            text("No \(what).")
        } else {
            let last = min(slice.total, slice.offset + slice.limit)
            text(slice.offset >= slice.total
                 ? "Nothing past \(Format.count(slice.total)) \(what)."
                 : "\(Format.count(slice.offset + 1))–\(Format.count(last)) of \(Format.count(slice.total)) \(what)")
            if slice.hasPrevious { text(" · "); link(href(slice.previousOffset), "← previous") }
            if slice.hasNext { text(" · "); link(href(slice.nextOffset), "next →") }
        }
        close("nav")
        newline()
    }
}
