#!/usr/bin/env python3
"""Checks a page of `botcensus serve` as headless Chromium left it (`chromium --dump-dom`): attacker text
stayed text (Tests/WebViewTests).

  check-webview-dom.py DOM.html TITLE LITERAL...

The title is TITLE (an injected script would have changed it); the DOM holds no script, iframe, object,
embed, img, svg or math element and no on* event attribute (the pages have none of their own, so any is
injected); and every LITERAL appears in the page's text as written. Prints one line per problem; exit 1
when there is any.
"""
import sys
from html.parser import HTMLParser

FORBIDDEN = {"script", "iframe", "object", "embed", "img", "svg", "math", "frame", "frameset", "base", "link", "meta-refresh"}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.title = ""
        self.text = []
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN:
            self.problems.append(f"injected <{tag}> element: {attrs}")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"event attribute {name}={value!r} on <{tag}>")
            if name.lower() in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL in {name} of <{tag}>")
        if tag not in ("br", "input", "meta", "hr", "wbr"):
            self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop() == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "title":
            self.title += data
        elif not self.stack or self.stack[-1] != "style":
            self.text.append(data)


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path, title, literals = sys.argv[1], sys.argv[2], sys.argv[3:]
    page = Page()
    page.feed(open(path, encoding="utf-8").read())
    problems = list(page.problems)
    if page.title != title:
        problems.append(f"title is {page.title!r}, expected {title!r}")
    text = "".join(page.text)
    for literal in literals:
        if literal not in text:
            problems.append(f"not shown literally: {literal!r}")
    for p in problems:
        print(p)
    print(f"{path}: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
