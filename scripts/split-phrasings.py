#!/usr/bin/env python3
"""Merge labelled phrasing files and split them, once, into a part the rules may learn from and a
held-out third nobody tunes on.

    scripts/split-phrasings.py IN.tsv... --train rules/phrasings/real.tsv \
        --heldout Tests/MomentumAppTests/Fixtures/heldout.tsv

A row is held out when the SHA-1 of its field, a tab and its lowercased text, read as a number, is
divisible by 3: the split depends on the row alone, so adding rows later never moves old ones
between the parts. Rows repeated (same field and text, any case) are kept once; a repeat with the
other label is reported and dropped, since a phrasing cannot teach both ways.
"""
import argparse
import hashlib
import sys

COLUMNS = ["field", "label", "text", "goal", "source"]


def read(path):
    rows = []
    with open(path, encoding="utf-8") as handle:
        header = None
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if header is None and cells[0].lower() == "field":
                header = [cell.lower() for cell in cells]
                continue
            names = header or COLUMNS
            if len(cells) < 3 or len(cells) > len(names):
                sys.exit(f"{path}:{number}:1: error: expected 3 to {len(names)} tab-separated columns, found {len(cells)}")
            row = dict(zip(names, cells))
            row = {name: row.get(name, "").strip() for name in COLUMNS}
            if row["label"] not in ("flag", "ok"):
                sys.exit(f"{path}:{number}:1: error: label '{row['label']}' is not flag or ok")
            rows.append(row)
    return rows


def held_out(row):
    key = (row["field"] + "\t" + row["text"].lower()).encode("utf-8")
    return int(hashlib.sha1(key).hexdigest(), 16) % 3 == 0


def write(path, rows, note):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"# {note}\n")
        handle.write("\t".join(COLUMNS) + "\n")
        for row in rows:
            handle.write("\t".join(row[name].replace("\t", " ") for name in COLUMNS) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--train", required=True)
    parser.add_argument("--heldout", required=True)
    arguments = parser.parse_args()
    seen = {}
    merged = []
    for path in arguments.inputs:
        for row in read(path):
            key = (row["field"], row["text"].lower())
            if key in seen:
                if seen[key]["label"] != row["label"]:
                    print(f"dropped, labelled both ways: {row['field']}: {row['text']}", file=sys.stderr)
                    seen[key]["label"] = "conflict"
                continue
            seen[key] = row
            merged.append(row)
    merged = [row for row in merged if row["label"] != "conflict"]
    train = [row for row in merged if not held_out(row)]
    heldout = [row for row in merged if held_out(row)]
    write(arguments.train, train, "Real phrasings from public sources, labelled before any rule saw them: the part the meaning rules vote with (scripts/split-phrasings.py).")
    write(arguments.heldout, heldout, "Real phrasings from public sources, labelled before any rule saw them: the held-out third, never tuned on (scripts/split-phrasings.py).")
    print(f"{len(merged)} phrasings: {len(train)} to learn from, {len(heldout)} held out")


if __name__ == "__main__":
    main()
