#!/usr/bin/env python3
"""Assembles the seed corpora of the fuzz harnesses (docs/fuzzing.md) into OUT/<harness>/, from the
files the project already has: rules/, rules/phrasings/, transcripts/, test fixtures and the plan
example in docs/plan-format.md. Rebuilt on every run, never committed."""
import glob, hashlib, os, re, shutil, sys

out = sys.argv[1]
harnesses = ["rules", "phrasings", "plan", "transcript", "tasks", "coach"]
shutil.rmtree(out, ignore_errors=True)
for name in harnesses:
    os.makedirs(os.path.join(out, name))

def seed(harness, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(out, harness, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

def read(path):
    with open(path, "rb") as f:
        return f.read()

for path in sorted(glob.glob("rules/*.yml")):
    seed("rules", read(path))

# Phrasing files run to hundreds of lines; seeds of 30 rows (after the header) keep inputs small.
for path in sorted(glob.glob("rules/phrasings/*.tsv")) + ["Tests/MomentumAppTests/Fixtures/heldout.tsv"]:
    lines = read(path).decode().splitlines(keepends=True)
    header = [lines[0]] if lines and lines[0].startswith("field") else []
    rows = lines[len(header):]
    for start in range(0, len(rows), 30):
        seed("phrasings", "".join(header + rows[start:start + 30]))

seed("plan", read("transcripts/fixtures/billing-plan.json"))
for block in re.findall(r"```json\n(.*?)```", read("docs/plan-format.md").decode(), re.S):
    seed("plan", block)
    seed("plan", "[" + block + "]")

# The tasks harness reads its first byte as the format: 0 Taskwarrior, 1 todo.txt, 2 Markdown.
for kind, path in enumerate(["transcripts/fixtures/garden-task-export.json",
                             "transcripts/fixtures/podcast-todo.txt",
                             "transcripts/fixtures/launch-checklist.md"]):
    seed("tasks", bytes([kind]) + read(path))

# The coach harness reads its first byte as the flow, then one typed line per line: each flow a
# transcript starts, with the lines typed in it, is a seed.
flows = {"new": 0, "add": 1, "edit": 2, "done": 4, "skip": 5, "unstick": 6}
prompt = re.compile(r"^([a-z-]+)> ?(.*)$")
for path in sorted(glob.glob("transcripts/*.md")):
    text = read(path)
    seed("transcript", text)
    kind, typed = None, []
    for line in text.decode().splitlines() + ["momentum> end"]:
        match = prompt.match(line)
        if not match:
            continue
        if match.group(1) == "momentum":
            if kind is not None:
                seed("coach", bytes([kind]) + "\n".join(typed).encode())
            kind, typed = flows.get(match.group(2).split(" ")[0]), []
        elif kind is not None:
            typed.append(match.group(2))

for name in harnesses:
    print(f"{name}: {len(os.listdir(os.path.join(out, name)))} seeds")
