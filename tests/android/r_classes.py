#!/usr/bin/env python3
"""Writes an R.java for each unpacked AAR (DIR/<aar>/R.txt, package from its manifest), as the
Android build would: `int` and `int[]` fields, not final (library R classes never are).

A library's R.txt holds placeholder ids (0x0); the app build gives each (type, name) one id shared
by every package. This does the same: ids 0x7eTT0000 + n, in a stable order. Package 0x7e, not the
app's 0x7f: the app's own resources (android/app/src/main/res, packaged by aapt in
tests/android/run) are loaded, and a library id must never name one of them; the libraries'
resources themselves are not packaged here, so a lookup of one fails as it always did."""
import os
import re
import sys

src, out = sys.argv[1], sys.argv[2]
ids = {}
types = {}


def id_for(kind, name):
    if (kind, name) not in ids:
        t = types.setdefault(kind, len(types) + 1)
        n = sum(1 for k in ids if k[0] == kind)
        ids[(kind, name)] = 0x7E000000 | (t << 16) | (n + 1)
    return ids[(kind, name)]


for aar in sorted(os.listdir(src)):
    base = os.path.join(src, aar)
    r_txt, manifest = os.path.join(base, "R.txt"), os.path.join(base, "AndroidManifest.xml")
    if not (os.path.isfile(r_txt) and os.path.isfile(manifest)) or os.path.getsize(r_txt) == 0:
        continue
    package = re.search(r'package="([^"]+)"', open(manifest, encoding="utf-8").read()).group(1)
    classes = {}
    for line in open(r_txt, encoding="utf-8"):
        parts = line.split(None, 3)
        if len(parts) < 4:
            continue
        kind, cls, name, value = parts
        if kind == "int[]":
            count = value.count(",") + 1 if value.strip("{} \n") else 0
            values = ", ".join(hex(id_for("attr", f"{name}#{i}")) for i in range(count))
            classes.setdefault(cls, []).append(f"public static int[] {name} = {{ {values} }};")
        elif cls == "styleable":
            # The index of an attribute in its styleable array stays as R.txt gives it.
            classes.setdefault(cls, []).append(f"public static int {name} = {value.strip()};")
        else:
            classes.setdefault(cls, []).append(f"public static int {name} = {hex(id_for(cls, name))};")
    folder = os.path.join(out, *package.split("."))
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "R.java"), "w", encoding="utf-8") as f:
        f.write(f"package {package};\npublic final class R {{\n")
        for cls, fields in sorted(classes.items()):
            f.write(f"  public static final class {cls} {{\n")
            for field in fields:
                f.write(f"    {field}\n")
            f.write("  }\n")
        f.write("}\n")
