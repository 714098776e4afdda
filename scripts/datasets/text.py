#!/usr/bin/env python3
"""Writes the texts the character-level language models learn from:

- www/data/text-en.txt: the book of Genesis, King James Version (1611, public domain), from
  Debian's bible-kjv-text, read through the `bible` program of bible-kjv. Chapter headings
  and verse numbers are dropped; one verse per line, a blank line between chapters.
- www/data/text-zh.txt: the poems of Debian's fortunes-zh `tang300` file (Three Hundred Tang
  Poems). Titles, authors and the prose prefaces of the poems marked 并序 are dropped; one
  poem line per line, a blank line between poems.

Both are UTF-8 with "\\n" line ends and end with one newline. Run from the repository root:

    apt-get install -y bible-kjv bible-kjv-text fortunes-zh
    python3 scripts/datasets/text.py
"""

import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "www" / "data"
TANG300 = pathlib.Path("/usr/share/games/fortunes/tang300")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CHAPTER = re.compile(r"^Genesis \d+$")
VERSE = re.compile(r"^\s*\d+ (.*)$")


def package_version(name):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True,
                          check=True).stdout


def genesis():
    # A wide line so that every verse comes out on one line.
    raw = subprocess.run(["bible", "-l", "100000", "gen1:1-50:26"], capture_output=True, text=True,
                         check=True).stdout
    chapters = []
    for line in raw.splitlines():
        if not line.strip():
            continue
        if CHAPTER.match(line):
            chapters.append([])
            continue
        verse = VERSE.match(line)
        if not verse or not chapters:
            raise SystemExit(f"bible output: unexpected line {line!r}")
        chapters[-1].append(verse.group(1).strip())
    if len(chapters) != 50:
        raise SystemExit(f"bible output: {len(chapters)} chapters of Genesis, expected 50")
    return "\n\n".join("\n".join(verses) for verses in chapters) + "\n"


def tang_poems():
    text = TANG300.read_text(encoding="utf-8")
    poems = []
    for entry in text.split("\n%\n"):
        lines = entry.strip("\n%").split("\n")
        if lines == [""]:
            continue  # after the final "%"
        # Each entry: a green title line, a yellow author line, then the poem.
        if len(lines) < 3 or not lines[0].startswith("\x1b[32m") or not lines[1].startswith("\x1b[33m"):
            raise SystemExit(f"{TANG300}: entry does not start with a title and an author: {lines[:2]!r}")
        title = ANSI.sub("", lines[0])
        body = [line.strip() for line in lines[2:]]
        if "并序" in title:
            # The prose preface ends at the first blank line; the poem follows it.
            if "" not in body:
                raise SystemExit(f"{TANG300}: {title} has a preface but no blank line after it")
            body = body[body.index("") + 1:]
        body = [line for line in body if line]
        if any(ANSI.search(line) for line in body):
            raise SystemExit(f"{TANG300}: {title} has a coloured line inside the poem")
        poems.append("\n".join(body))
    return "\n\n".join(poems) + "\n", len(poems)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    english = genesis()
    (OUT / "text-en.txt").write_text(english, encoding="utf-8", newline="\n")
    print(f"text-en.txt: Genesis from bible-kjv-text {package_version('bible-kjv-text')}, "
          f"{len(english.encode())} bytes, {len(english)} chars, vocabulary {len(set(english))}")
    chinese, count = tang_poems()
    (OUT / "text-zh.txt").write_text(chinese, encoding="utf-8", newline="\n")
    print(f"text-zh.txt: {count} poems from fortunes-zh {package_version('fortunes-zh')}, "
          f"{len(chinese.encode())} bytes, {len(chinese)} chars, vocabulary {len(set(chinese))}")


if __name__ == "__main__":
    main()
