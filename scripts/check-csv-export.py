#!/usr/bin/env python3
"""Checks `botcensus export TABLE --format csv` against the same table's JSON Lines, with Python's csv module.

  check-csv-export.py FILE.jsonl FILE.csv [--expect COLUMN VALUE]...

The CSV must be RFC 4180 with CRLF record ends, a header of the JSON keys in the lines' order and one record
per JSON line, each field equal to its JSON value: a string exactly, null empty, a number or boolean as its
JSON text, an array or object as JSON text that decodes to the same value. --expect: some record holds VALUE
in COLUMN, as the field itself or as a string anywhere inside the field's JSON. Prints one line per problem
and a last line `rows N`; exit 1 when there is any problem.
"""
import csv
import json
import sys


def crlf_problems(data):
    """Outside quoted fields every record ends in CRLF: no bare CR or LF."""
    quoted = False
    for i, byte in enumerate(data):
        if byte == 0x22:
            quoted = not quoted   # a doubled quote toggles twice
        elif not quoted and byte == 0x0A and (i == 0 or data[i - 1] != 0x0D):
            yield f"byte {i}: LF without CR ends a record"
        elif not quoted and byte == 0x0D and data[i + 1:i + 2] != b"\n":
            yield f"byte {i}: CR without LF"
    if data and not data.endswith(b"\r\n"):
        yield "the last record does not end in CRLF"


def field_problem(field, value):
    if value is None:
        return None if field == "" else f"null written as {field!r}"
    if isinstance(value, str):
        return None if field == value else f"string {value!r} written as {field!r}"
    if isinstance(value, bool):
        return None if field == ("true" if value else "false") else f"boolean {value} written as {field!r}"
    if isinstance(value, int):
        return None if field == str(value) else f"integer {value} written as {field!r}"
    if isinstance(value, float):
        try:
            return None if float(field) == value else f"number {value} written as {field!r}"
        except ValueError:
            return f"number {value} written as {field!r}"
    try:
        return None if json.loads(field) == value else f"{type(value).__name__} written as JSON that differs: {field!r}"
    except json.JSONDecodeError as e:
        return f"{type(value).__name__} written as text that is not JSON ({e}): {field!r}"


def holds(field, wanted):
    if field == wanted:
        return True
    try:
        stack = [json.loads(field)]
    except json.JSONDecodeError:
        return False
    while stack:
        v = stack.pop()
        if v == wanted:
            return True
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


def main():
    args = sys.argv[1:]
    if len(args) < 2 or (len(args) - 2) % 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    jsonl_path, csv_path = args[0], args[1]
    expects = [(args[i + 1], args[i + 2]) for i in range(2, len(args), 3) if args[i] == "--expect"]
    lines = [json.loads(line) for line in open(jsonl_path, encoding="utf-8", errors="surrogateescape") if line.strip()]
    with open(csv_path, "rb") as f:
        data = f.read()
    problems = list(crlf_problems(data))
    with open(csv_path, newline="", encoding="utf-8", errors="surrogateescape") as f:
        records = list(csv.reader(f, strict=True))
    if not records:
        problems.append("no header record")
        records = [[]]
    header, rows = records[0], records[1:]
    for number, obj in enumerate(lines, 1):
        if list(obj.keys()) != header:
            problems.append(f"line {number}: JSON keys {list(obj.keys())} are not the header {header}")
            break
    if len(rows) != len(lines):
        problems.append(f"{len(rows)} records for {len(lines)} JSON lines")
    for number, (row, obj) in enumerate(zip(rows, lines), 1):
        if len(row) != len(header):
            problems.append(f"record {number}: {len(row)} fields for {len(header)} columns")
            continue
        for column, field in zip(header, row):
            problem = field_problem(field, obj.get(column))
            if problem:
                problems.append(f"record {number} {column}: {problem}")
    for column, wanted in expects:
        if column not in header:
            problems.append(f"--expect: no column {column}")
        elif not any(holds(row[header.index(column)], wanted) for row in rows if len(row) == len(header)):
            problems.append(f"--expect: no record holds {wanted!r} in {column}")
    for p in problems[:50]:
        print(p)
    print(f"rows {len(rows)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
