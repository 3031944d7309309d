#!/usr/bin/env python3
"""Validates botcensus output against docs/schema (JSON Schema 2020-12, python-jsonschema).

  validate-contracts.py verdicts FILE.jsonl   # attribute --format jsonl / export verdicts
  validate-contracts.py census FILE.json      # census --format json

Beyond the schema, each verdict row must not contradict itself: device-sent names the exposed device's
class as the sender, the sender class is the most probable class, each host count lies in its interval,
and no address has more senders than devices seen. Prints one line per problem
(FILE:LINE: what), exit 1 when there is any.
"""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parent.parent


def problems_in_verdict(v):
    if v.get("verdict") == "device-sent" and v.get("sender_class") != v.get("naive_class"):
        yield f"device-sent but sender_class {v.get('sender_class')} is not the exposed device's class {v.get('naive_class')}"
    probs = v.get("class_probabilities") or {}
    if probs and v.get("sender_class") != "unknown" and abs(probs.get(v.get("sender_class"), 0) - v.get("confidence", 0)) > 0.0015:
        yield f"confidence {v.get('confidence')} is not the probability of sender_class {v.get('sender_class')} ({probs})"
    if probs and v.get("sender_class") != "unknown":
        top = max(probs.values())
        if probs.get(v.get("sender_class"), 0) + 1e-9 < top:
            yield f"sender_class {v.get('sender_class')} is not the most probable class ({probs})"
    for key in ("hosts_behind_ip", "senders_behind_ip"):
        c = v.get(key) or {}
        if c and not c.get("low", 0) <= c.get("estimate", 0) <= c.get("high", 0):
            yield f"{key}: estimate {c.get('estimate')} outside its interval [{c.get('low')}, {c.get('high')}]"
    senders, hosts = v.get("senders_behind_ip") or {}, v.get("hosts_behind_ip") or {}
    if senders and hosts and senders.get("estimate", 0) > hosts.get("estimate", 0):
        yield f"more senders ({senders.get('estimate')}) than devices seen ({hosts.get('estimate')}) at the address"


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("verdicts", "census"):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    kind, path = sys.argv[1], sys.argv[2]
    schema = json.loads((ROOT / "docs/schema" / ("verdict.schema.json" if kind == "verdicts" else "census.schema.json")).read_text())
    validator = Draft202012Validator(schema)
    bad = 0
    text = pathlib.Path(path).read_text()
    documents = [(i + 1, line) for i, line in enumerate(text.splitlines()) if line.strip()] if kind == "verdicts" else [(1, text)]
    if not documents:
        print(f"{path}: empty", file=sys.stderr)
        return 1
    for number, raw in documents:
        try:
            doc = json.loads(raw)
        except json.JSONDecodeError as e:
            print(f"{path}:{number}: not JSON: {e}")
            bad += 1
            continue
        for error in validator.iter_errors(doc):
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"{path}:{number}: {where or '(top)'}: {error.message}")
            bad += 1
        if kind == "verdicts":
            for problem in problems_in_verdict(doc):
                print(f"{path}:{number}: {problem}")
                bad += 1
    print(f"{path}: {len(documents)} document(s), {bad} problem(s)", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
