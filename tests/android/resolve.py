#!/usr/bin/env python3
"""Resolves the AndroidX + Compose graph the Android app compiles against, as Gradle would (the
highest version asked for wins; `[1.7.6]` ranges read as their version; Kotlin Multiplatform roots
point at their `-android` artifact), from the POMs Maven Central serves, and writes the result to
`android/deps.lock`: one `group:artifact:version:packaging` per line.

Run by hand when the roots change:  python3 tests/android/resolve.py > android/deps.lock
`tests/toolchains/android.sh` only downloads what the lock file lists.
"""
import sys
import urllib.request
import xml.etree.ElementTree as ET

CENTRAL = "https://repo1.maven.org/maven2"
ROOTS = [
    "androidx.activity:activity-compose:1.9.3",
    "androidx.compose.material3:material3-android:1.3.1",
    "androidx.compose.material:material-icons-core-android:1.7.6",
    "androidx.compose.ui:ui-android:1.7.6",
    "androidx.compose.foundation:foundation-android:1.7.6",
    "androidx.lifecycle:lifecycle-viewmodel-compose-android:2.8.7",
    "androidx.lifecycle:lifecycle-runtime-compose-android:2.8.7",
    "androidx.compose.ui:ui-test-junit4-android:1.7.6",
    "androidx.compose.ui:ui-test-manifest:1.7.6",
    "org.jetbrains.kotlinx:kotlinx-coroutines-android:1.8.1",
    # Runs read from Health Connect (docs/android.md, "Runs from Health Connect").
    "androidx.health.connect:connect-client:1.1.0",
    # The JVM test runner: Robolectric, JUnit 4.
    "org.robolectric:robolectric:4.16.1",
    "junit:junit:4.13.2",
    "org.json:json:20250517",
    "net.java.dev.jna:jna:5.17.0",
]
# Provided by the Kotlin compiler's own runtime (a newer stdlib than any of these ask for), or by
# android.jar, or test-only and not needed on the JVM.
SKIP_GROUPS = {"org.jetbrains.kotlin"}
SKIP = {"androidx.test:monitor-internal"}
NS = {"m": "http://maven.apache.org/POM/4.0.0"}

poms = {}


def fetch(path):
    with urllib.request.urlopen(f"{CENTRAL}/{path}", timeout=60) as r:
        return r.read()


def pom(group, artifact, version):
    key = (group, artifact, version)
    if key not in poms:
        path = f"{group.replace('.', '/')}/{artifact}/{version}/{artifact}-{version}.pom"
        try:
            poms[key] = ET.fromstring(fetch(path))
        except Exception:
            poms[key] = None
    return poms[key]


def text(node, tag):
    found = node.find(f"m:{tag}", NS)
    return found.text.strip() if found is not None and found.text else None


def version_of(v):
    v = v.strip()
    if v.startswith("[") and v.endswith("]"):
        return v[1:-1].split(",")[0]
    return v


def key(v):
    parts = []
    for p in v.replace("-", ".").split("."):
        parts.append((0, int(p), "") if p.isdigit() else (1, 0, p))
    return parts


def base(artifact):
    """`ui-geometry-android` and `ui-geometry` are one module (Kotlin Multiplatform)."""
    for suffix in ("-android", "-jvm"):
        if artifact.endswith(suffix):
            return artifact[: -len(suffix)]
    return artifact


def variant(group, artifact, version):
    """A Kotlin Multiplatform module is used through its `-android` (else `-jvm`) artifact."""
    for suffix in ("-android", "-jvm"):
        if pom(group, artifact + suffix, version) is not None:
            return artifact + suffix
    return artifact


def properties(p):
    """A POM's properties, its parents' first (a child's own win)."""
    props = {}
    parent = p.find("m:parent", NS)
    if parent is not None:
        up = pom(text(parent, "groupId"), text(parent, "artifactId"), text(parent, "version"))
        if up is not None:
            props.update(properties(up))
    for prop in p.findall("m:properties/*", NS):
        props[prop.tag.split("}")[-1]] = (prop.text or "").strip()
    return props


def deps(group, artifact, version):
    p = pom(group, artifact, version)
    if p is None:
        sys.exit(f"not on Maven Central: {group}:{artifact}:{version}")
    packaging = text(p, "packaging") or "jar"
    props = properties(p)
    props["project.version"] = version

    def interpolate(value):
        for name, replacement in props.items():
            value = value.replace("${" + name + "}", replacement)
        return value

    out = []
    block = p.find("m:dependencies", NS)
    for d in [] if block is None else block.findall("m:dependency", NS):
        scope = text(d, "scope") or "compile"
        if scope not in ("compile", "runtime") or text(d, "optional") == "true":
            continue
        g, a, v = text(d, "groupId"), text(d, "artifactId"), text(d, "version")
        v = interpolate(v) if v else v
        if v is None or g in SKIP_GROUPS or f"{g}:{a}" in SKIP:
            continue
        out.append((g, a, version_of(v)))
    return packaging, out


def bom(coordinate):
    """The versions a BOM pins (Gradle applies them as constraints: they raise, never lower)."""
    g, a, v = coordinate.split(":")
    p = pom(g, a, v)
    pins = {}
    for d in p.findall("m:dependencyManagement/m:dependencies/m:dependency", NS):
        pins[(text(d, "groupId"), text(d, "artifactId"))] = version_of(text(d, "version"))
    return pins


BOM = "androidx.compose:compose-bom:2024.12.01"


def main():
    pins = bom(BOM)
    chosen = {}
    queue = [tuple(r.split(":")) for r in ROOTS]
    while queue:
        g, a, v = queue.pop(0)
        a = base(a)
        pinned = pins.get((g, a)) or pins.get((g, a + "-android"))
        if pinned and key(pinned) > key(v):
            v = pinned
        ga = (g, a)
        if ga in chosen and key(chosen[ga][0]) >= key(v):
            continue
        artifact = variant(g, a, v)
        kind, children = deps(g, artifact, v)
        chosen[ga] = (v, artifact, kind)
        queue.extend(children)
    for (g, _), (v, artifact, kind) in sorted(chosen.items()):
        print(f"{g}:{artifact}:{v}:{kind}")


main()
