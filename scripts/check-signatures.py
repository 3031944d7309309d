#!/usr/bin/env python3
"""Validate botcensus's built-in banner signature database.

Usage: scripts/check-signatures.py [path/to/signatures.json]

Checks (stdlib only):
  * schema: top-level keys, field names, classes, OS families, flags, unique
    kebab-case ids, required keys, no unknown keys, >= 2 examples per signature;
  * every pattern compiles with Python's `re` and avoids constructs that PCRE2
    and Python disagree on (named groups, atomic groups, possessive
    quantifiers, \\h, \\Z, \\z, \\K, \\R, ...), and is ASCII;
  * version templates only reference groups the pattern has;
  * every example is matched by its own signature, by NO earlier signature of
    the same field (the matcher takes the first match in file order), and
    yields the expected vendor / product / version / class;
  * a signature with a version template has an example exercising it;
  * coverage minimums (total, per class, per field).

Prints counts per class and per field; exits 1 on any failure.
"""

import json
import os
import re
import sys
from collections import Counter, OrderedDict

FIELDS = [
    "http.server",
    "http.title",
    "http.www_authenticate",
    "tls.subject",
    "ssh.banner",
    "telnet.banner",
    "ftp.banner",
    "smtp.banner",
]
CLASSES = [
    "router", "camera", "dvr", "tv", "appliance", "nas", "printer", "voip",
    "iot-other", "pc", "server", "mobile",
]
OS_FAMILIES = ["windows", "linux", "embedded-linux", "bsd-macos", "other"]
FLAGS = {"i": re.I, "s": re.S, "is": re.I | re.S, "si": re.I | re.S}

REQUIRED_SIG_KEYS = {"id", "field", "pattern", "class", "vendor", "product",
                     "description", "examples"}
OPTIONAL_SIG_KEYS = {"flags", "version", "os"}
EXAMPLE_KEYS = {"input", "vendor", "product", "version", "class"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

MIN_TOTAL = 300
MIN_PER_CLASS = {
    "router": 15, "camera": 12, "dvr": 8, "tv": 8, "appliance": 8, "nas": 6,
    "printer": 6, "voip": 5, "iot-other": 3, "pc": 6, "server": 8, "mobile": 2,
}
MIN_PER_FIELD = 3

# Escapes that PCRE2 and Python `re` treat differently or that one rejects.
BAD_ESCAPES = set("hHvVuUNZzRXKgkGCeoQEpP")


def lint_pattern(p):
    """Return a list of portability problems in regex source `p`."""
    problems = []
    try:
        p.encode("ascii")
    except UnicodeEncodeError:
        problems.append("pattern is not ASCII")
    i, n, in_class = 0, len(p), False
    prev_quant = False
    while i < n:
        c = p[i]
        if c == "\\":
            if i + 1 >= n:
                problems.append("trailing backslash")
                break
            e = p[i + 1]
            if e in BAD_ESCAPES:
                problems.append("non-portable escape \\%s" % e)
            if e.isdigit() and e != "0" and not in_class:
                problems.append("backreference \\%s (avoid)" % e)
            i += 2
            prev_quant = False
            continue
        if in_class:
            if c == "]":
                in_class = False
            i += 1
            continue
        if c == "[":
            in_class = True
            # a leading ']' or '^]' is literal
            j = i + 1
            if j < n and p[j] == "^":
                j += 1
            if j < n and p[j] == "]":
                j += 1
            i = j
            prev_quant = False
            continue
        if c == "(" and i + 1 < n and p[i + 1] == "?":
            rest = p[i + 2:i + 4]
            if rest.startswith("P") or (rest.startswith("<") and rest[1:2] not in ("=", "!")) \
                    or rest.startswith("'"):
                problems.append("named group")
            elif rest.startswith(">"):
                problems.append("atomic group")
            elif rest.startswith("|"):
                problems.append("branch-reset group")
            elif rest.startswith("#"):
                problems.append("comment group")
            elif rest[:1] not in (":", "=", "!", "<") and not rest[:1].isalpha():
                problems.append("unusual group syntax (?%s" % rest)
            elif rest[:1].isalpha():
                problems.append("inline flags (use the flags key)")
        if c == "+" and prev_quant:
            problems.append("possessive quantifier")
        # '?' right after '(' starts a group, it is not a quantifier.
        prev_quant = c in "*+}" or (c == "?" and i > 0 and p[i - 1] != "(")
        i += 1
    return problems


def render_version(template, m):
    def sub(mm):
        k = int(mm.group(1))
        if k > (m.re.groups or 0):
            raise ValueError("template references $%d but pattern has %d groups"
                             % (k, m.re.groups))
        return m.group(k) or ""
    return re.sub(r"\$([1-9])", sub, template).strip()


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "Sources", "Fingerprint", "Resources",
                           "signatures.json")
    path = argv[1] if len(argv) > 1 else default
    errors = []

    def err(msg):
        errors.append(msg)

    try:
        with open(path, "rb") as f:
            raw = f.read()
        doc = json.loads(raw.decode("utf-8"), object_pairs_hook=OrderedDict)
    except Exception as e:  # noqa: BLE001
        print("FAIL: cannot load %s: %s" % (path, e))
        return 1

    if not isinstance(doc, dict):
        print("FAIL: top level is not an object")
        return 1
    if set(doc.keys()) != {"version", "signatures"}:
        err("top-level keys must be exactly version, signatures (got %s)"
            % sorted(doc.keys()))
    if doc.get("version") != 1:
        err("version must be 1")
    sigs = doc.get("signatures")
    if not isinstance(sigs, list):
        print("FAIL: signatures is not a list")
        return 1

    compiled = []  # (sig, regex) in file order
    seen_ids = set()
    for idx, s in enumerate(sigs):
        where = "signature #%d" % idx
        if not isinstance(s, dict):
            err("%s: not an object" % where)
            compiled.append((None, None))
            continue
        sid = s.get("id")
        where = "signature %r" % sid if sid else where
        missing = REQUIRED_SIG_KEYS - set(s)
        if missing:
            err("%s: missing keys %s" % (where, sorted(missing)))
        unknown = set(s) - REQUIRED_SIG_KEYS - OPTIONAL_SIG_KEYS
        if unknown:
            err("%s: unknown keys %s" % (where, sorted(unknown)))
        if not isinstance(sid, str) or not ID_RE.match(sid):
            err("%s: id must be kebab-case" % where)
        elif sid in seen_ids:
            err("%s: duplicate id" % where)
        seen_ids.add(sid)
        if s.get("field") not in FIELDS:
            err("%s: bad field %r" % (where, s.get("field")))
        if s.get("class") not in CLASSES:
            err("%s: bad class %r" % (where, s.get("class")))
        if "os" in s and s["os"] not in OS_FAMILIES:
            err("%s: bad os %r" % (where, s["os"]))
        for k in ("vendor", "product", "description"):
            if k in s and (not isinstance(s[k], str) or not s[k].strip()):
                err("%s: %s must be a non-empty string" % (where, k))
        if "version" in s and (not isinstance(s["version"], str) or not s["version"]):
            err("%s: version template must be a non-empty string" % where)
        flags = 0
        if "flags" in s:
            if s["flags"] not in FLAGS:
                err("%s: bad flags %r (use i, s or is; omit when none)"
                    % (where, s["flags"]))
            else:
                flags = FLAGS[s["flags"]]
        rx = None
        pat = s.get("pattern")
        if not isinstance(pat, str) or not pat:
            err("%s: pattern must be a non-empty string" % where)
        else:
            for prob in lint_pattern(pat):
                err("%s: pattern: %s" % (where, prob))
            try:
                rx = re.compile(pat, flags)
            except re.error as e:
                err("%s: pattern does not compile: %s" % (where, e))
        if rx is not None and "version" in s and isinstance(s["version"], str):
            for k in re.findall(r"\$([0-9])", s["version"]):
                if k == "0" or int(k) > rx.groups:
                    err("%s: version template uses $%s, pattern has %d groups"
                        % (where, k, rx.groups))
        compiled.append((s, rx))

    # Examples.
    for idx, (s, rx) in enumerate(compiled):
        if s is None:
            continue
        where = "signature %r" % s.get("id")
        exs = s.get("examples")
        if not isinstance(exs, list) or len(exs) < 2:
            err("%s: needs at least 2 examples" % where)
            continue
        exercised_version = False
        for j, ex in enumerate(exs):
            ew = "%s example %d" % (where, j)
            if not isinstance(ex, dict) or not isinstance(ex.get("input"), str):
                err("%s: must be an object with a string input" % ew)
                continue
            unknown = set(ex) - EXAMPLE_KEYS
            if unknown:
                err("%s: unknown keys %s" % (ew, sorted(unknown)))
            if "product" not in ex and "version" not in ex:
                err("%s: give at least product or version" % ew)
            if rx is None:
                continue
            inp = ex["input"]
            # First matching signature of the same field must be this one.
            for k in range(idx):
                s2, rx2 = compiled[k]
                if s2 is None or rx2 is None or s2.get("field") != s.get("field"):
                    continue
                if rx2.search(inp):
                    err("%s: input %r is shadowed by earlier signature %r"
                        % (ew, inp, s2.get("id")))
                    break
            m = rx.search(inp)
            if not m:
                err("%s: pattern does not match input %r" % (ew, inp))
                continue
            got = {"vendor": s.get("vendor"), "product": s.get("product"),
                   "class": s.get("class"), "version": None}
            if "version" in s:
                try:
                    v = render_version(s["version"], m)
                except ValueError as e:
                    err("%s: %s" % (ew, e))
                    continue
                got["version"] = v or None
            for key in ("vendor", "product", "class"):
                if key in ex and ex[key] != got[key]:
                    err("%s: expected %s %r, got %r" % (ew, key, ex[key], got[key]))
            if "version" in ex:
                want = (ex["version"] or "").strip() or None
                if want != got["version"]:
                    err("%s: expected version %r, got %r" % (ew, want, got["version"]))
                if want is not None:
                    exercised_version = True
        if "version" in s and not exercised_version:
            err("%s: has a version template but no example expects a version"
                % where)

    # Coverage.
    valid = [s for s, _ in compiled if s is not None]
    by_class = Counter(s.get("class") for s in valid)
    by_field = Counter(s.get("field") for s in valid)
    if len(valid) < MIN_TOTAL:
        err("only %d signatures (need >= %d)" % (len(valid), MIN_TOTAL))
    for c, need in MIN_PER_CLASS.items():
        if by_class[c] < need:
            err("class %s has %d signatures (need >= %d)" % (c, by_class[c], need))
    for f in FIELDS:
        if by_field[f] < MIN_PER_FIELD:
            err("field %s has %d signatures (need >= %d)"
                % (f, by_field[f], MIN_PER_FIELD))

    n_examples = sum(len(s.get("examples") or []) for s in valid)
    print("signatures: %d   examples: %d" % (len(valid), n_examples))
    print("per class:")
    for c in CLASSES:
        print("  %-10s %3d" % (c, by_class[c]))
    print("per field:")
    for f in FIELDS:
        print("  %-22s %3d" % (f, by_field[f]))

    if errors:
        print("\nFAIL: %d problem(s):" % len(errors))
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
