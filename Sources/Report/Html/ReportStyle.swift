/// The page's one stylesheet, inline (the Content-Security-Policy allows inline styles and nothing else to
/// load): system fonts only, and a print layout that drops navigation, keeps figures whole and prints the
/// table order that is open.
enum ReportStyle {
    static let css = """
        :root { --ink: #1d232b; --muted: #5b6573; --line: #d5dbe3; --soft: #f4f6f9; --accent: #1f5fa8; --warn: #a3470b; }
        * { box-sizing: border-box; }
        body { margin: 0; background: var(--soft); color: var(--ink);
               font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 1120px; margin: 0 auto; padding: 28px 36px 48px; background: #fff; }
        header.top { border-bottom: 3px solid var(--accent); margin-bottom: 18px; padding-bottom: 10px; }
        h1 { font-size: 26px; margin: 0 0 4px; }
        h2 { font-size: 20px; margin: 34px 0 8px; padding-top: 6px; border-top: 1px solid var(--line); }
        h3 { font-size: 16px; margin: 20px 0 6px; }
        p { margin: 6px 0 10px; max-width: 78ch; }
        .meta, .note, figcaption { color: var(--muted); font-size: 13px; }
        .lead { font-size: 17px; max-width: 80ch; }
        nav.toc { font-size: 13px; margin: 8px 0 0; }
        nav.toc a { margin-right: 12px; white-space: nowrap; }
        a { color: var(--accent); }
        table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
        th, td { padding: 4px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        th { background: var(--soft); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.claim td, table.claim th { font-size: 15px; padding: 6px 14px; }
        table.claim td.big { font-size: 19px; font-weight: 600; }
        .naive { color: var(--warn); }
        td.seen { white-space: nowrap; }
        .mono, td.addr { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12.5px; }
        .hostile { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px;
                   overflow-wrap: anywhere; color: #3d2b1f; }
        table.addresses { font-size: 12.5px; width: 100%; }
        table.addresses td { padding: 3px 6px; }
        figure { margin: 10px 0 18px; }
        svg.chart { max-width: 100%; height: auto; display: block; font-family: inherit; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: baseline; }
        details { margin: 6px 0; }
        details > summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
        details.figures > summary { font-weight: normal; color: var(--muted); font-size: 13px; }
        .pill { display: inline-block; padding: 0 6px; border-radius: 8px; background: var(--soft); font-size: 12px; }
        footer { margin-top: 36px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
        @media print {
          @page { size: A4; margin: 14mm 12mm; }
          body { background: #fff; font-size: 11pt; }
          main { max-width: none; padding: 0; }
          nav.toc, details.figures { display: none; }
          h2 { break-after: avoid; page-break-after: avoid; }
          figure, table.claim, .keep { break-inside: avoid; page-break-inside: avoid; }
          tr { break-inside: avoid; page-break-inside: avoid; }
          table.addresses { font-size: 8pt; }
          details:not([open]) { display: none; }
          a { color: inherit; text-decoration: none; }
          svg.chart { max-width: 100%; }
        }
        """
}
