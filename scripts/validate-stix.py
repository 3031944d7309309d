#!/usr/bin/env python3
"""Validates `botcensus export stix` with the OASIS libraries stix2 and stix2-patterns (scripts/setup.sh).

  validate-stix.py BUNDLE.json VERDICTS.jsonl   # VERDICTS: `export verdicts` of the same case

stix2.parse must accept the bundle and every object in it with allow_custom=False; every indicator pattern
must pass the stix2-patterns validator. Beyond the spec: one identity, and per verdict an address object
(with the spec's own deterministic id), observed-data, indicator, sighting and note with botcensus' name-based
ids; every reference resolves to an object of the right type; the confidence, counts and times match the
verdict; every timestamp is UTC with milliseconds. Prints one line per problem and `ok N objects` when
there is none; exit 1 on a problem, 3 when the libraries are missing.
"""
import json
import math
import re
import sys
import uuid
from datetime import datetime, timezone

try:
    import stix2
    from stix2patterns.validator import validate as validate_pattern
except ImportError as e:
    print(f"validate-stix: {e} (scripts/setup.sh installs stix2 and stix2-patterns)", file=sys.stderr)
    sys.exit(3)

BOTCENSUS_NAMESPACE = uuid.UUID("7598f7d7-0fb5-4939-87be-32fb787a184c")
MILLIS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
# STIX 2.1 required properties beyond the common ones (sections 4-6); SCOs need only type, id and value.
REQUIRED = {"identity": ("name",), "indicator": ("pattern", "pattern_type", "valid_from"),
            "observed-data": ("first_observed", "last_observed", "number_observed", "object_refs"),
            "sighting": ("sighting_of_ref",), "note": ("content", "object_refs"), "ipv4-addr": ("value",), "ipv6-addr": ("value",)}
COMMON_REQUIRED = {"ipv4-addr": ("type", "id"), "ipv6-addr": ("type", "id")}
TIME_KEYS = ("created", "modified", "valid_from", "first_seen", "last_seen", "first_observed", "last_observed")


def when(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def same_millisecond(stix_time, contract_time):
    return abs((when(stix_time) - when(contract_time)).total_seconds()) <= 0.0005


def check(bundle_text, verdicts):
    try:
        parsed = stix2.parse(bundle_text, allow_custom=False)
        if parsed.type != "bundle":
            yield f"parsed as {parsed.type}, not a bundle"
    except Exception as e:  # the library's errors name the object and property
        yield f"bundle: {e}"
    bundle = json.loads(bundle_text)
    objects = bundle["objects"]
    for o in objects:
        try:
            stix2.parse(o, allow_custom=False, version="2.1")
        except Exception as e:
            yield f"{o.get('id')}: {e}"
        # stix2 fills some required properties with defaults (valid_from: now): the spec's list, checked as written.
        for key in COMMON_REQUIRED.get(o.get("type"), ("type", "spec_version", "id", "created", "modified")) + REQUIRED.get(o.get("type"), ()):
            if key not in o:
                yield f"{o.get('id')}: required property {key} is missing"
        for key in TIME_KEYS:
            if key in o and not MILLIS.match(o[key]):
                yield f"{o['id']} {key}: {o[key]!r} is not UTC with milliseconds"
    by_id = {o["id"]: o for o in objects}
    if len(by_id) != len(objects):
        yield "ids repeat"
    identities = [o for o in objects if o["type"] == "identity"]
    if len(identities) != 1:
        yield f"{len(identities)} identities, not 1"
        return
    producer = identities[0]["id"]
    for o in objects:
        if o["type"] not in ("identity", "ipv4-addr", "ipv6-addr") and o.get("created_by_ref") != producer:
            yield f"{o['id']}: created_by_ref is not botcensus' identity"

    def ref(o, key, kind):
        target = by_id.get(o.get(key))
        if target is None or target["type"] != kind:
            yield f"{o['id']} {key}: {o.get(key)!r} is no {kind} in the bundle"

    counts = {}
    for o in objects:
        counts[o["type"]] = counts.get(o["type"], 0) + 1
    for kind in ("observed-data", "indicator", "sighting", "note"):
        if counts.get(kind, 0) != len(verdicts):
            yield f"{counts.get(kind, 0)} {kind} objects for {len(verdicts)} verdicts"
    for v in verdicts:
        ip = v["ip"]
        sco_type = "ipv6-addr" if ":" in ip else "ipv4-addr"
        sco = (stix2.IPv6Address if sco_type == "ipv6-addr" else stix2.IPv4Address)(value=ip)
        ids = {kind: f"{kind}--{uuid.uuid5(BOTCENSUS_NAMESPACE, f'{kind}|{ip}')}" for kind in ("observed-data", "indicator", "sighting", "note")}
        missing = [i for i in [sco.id, *ids.values()] if i not in by_id]
        if missing:
            yield f"{ip}: no object with id {missing}"
            continue
        if by_id[sco.id]["value"] != ip:
            yield f"{sco.id}: value {by_id[sco.id]['value']!r}, not {ip}"
        observed, indicator, sighting, note = (by_id[ids[k]] for k in ("observed-data", "indicator", "sighting", "note"))
        if any(key not in o for o, keys in ((observed, REQUIRED["observed-data"]), (indicator, REQUIRED["indicator"] + ("confidence", "description")),
                                            (sighting, ("first_seen", "last_seen", "count")), (note, REQUIRED["note"])) for key in keys):
            continue   # named above, or a property botcensus always writes is gone
        if observed["object_refs"] != [sco.id]:
            yield f"{observed['id']}: object_refs {observed['object_refs']} is not the address"
        pattern = indicator["pattern"]
        valid, errors = validate_pattern(pattern, ret_errs=True, stix_version="2.1")
        if not valid:
            yield f"{indicator['id']}: pattern {pattern!r}: {errors}"
        if pattern != f"[{sco_type}:value = '{ip}']":
            yield f"{indicator['id']}: pattern {pattern!r} does not name {ip}"
        if indicator["confidence"] != math.floor(v["confidence"] * 100 + 0.5):
            yield f"{indicator['id']}: confidence {indicator['confidence']} for verdict confidence {v['confidence']}"
        for text in (v["verdict"], v["sender_class"]):
            if text not in indicator["description"] or text not in note["content"]:
                yield f"{ip}: {text!r} missing from the indicator's description or the note"
        yield from ref(sighting, "sighting_of_ref", "indicator")
        for key, kind in (("observed_data_refs", "observed-data"), ("where_sighted_refs", "identity")):
            if [by_id.get(r, {}).get("type") for r in sighting.get(key, [])] != [kind]:
                yield f"{sighting['id']} {key}: {sighting.get(key)} is not one {kind}"
        if note["object_refs"] != [indicator["id"]]:
            yield f"{note['id']}: object_refs {note['object_refs']} is not the indicator"
        if sighting["count"] != max(v["messages"], v["connections"]):
            yield f"{sighting['id']}: count {sighting['count']}, not the larger of messages and connections"
        for stix_time, contract in ((sighting["first_seen"], v["first_seen"]), (sighting["last_seen"], v["last_seen"]),
                                    (indicator["valid_from"], v["first_seen"]), (observed["last_observed"], v["last_seen"])):
            if not same_millisecond(stix_time, contract):
                yield f"{ip}: {stix_time} is not the verdict's {contract}"


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    bundle_text = open(sys.argv[1], encoding="utf-8").read()
    verdicts = [json.loads(line) for line in open(sys.argv[2], encoding="utf-8") if line.strip()]
    problems = list(check(bundle_text, verdicts))
    for p in problems[:50]:
        print(p)
    if problems:
        return 1
    print(f"ok {len(json.loads(bundle_text)['objects'])} objects")
    return 0


if __name__ == "__main__":
    sys.exit(main())
