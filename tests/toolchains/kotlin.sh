#!/usr/bin/env bash
# Installs (on first use) and prints the environment for the Kotlin suite:
#   KOTLIN_HOME  the kotlinc distribution from the npm package `kotlin-compiler`
#   KOTLIN_TEST_CLASSPATH  JNA (>= 5.16, as Android needs for 16 KB pages) and JUnit 4, from Maven Central
# Usage: eval "$(tests/toolchains/kotlin.sh)"
set -euo pipefail
cache="${FASCIA_TOOLCHAINS:-$HOME/.cache/fascia-toolchains}"
kotlin_version="${FASCIA_KOTLIN_VERSION:-2.4}"
jna_version="5.17.0"
mkdir -p "$cache/kotlin" "$cache/jars"

kotlinc=$(find "$cache/kotlin/node_modules/kotlin-compiler" -path '*/bin/kotlinc' -type f 2>/dev/null | head -n 1 || true)
if [ -z "$kotlinc" ]; then
  echo "installing kotlin-compiler@$kotlin_version from npm into $cache/kotlin" >&2
  npm install --silent --no-audit --no-fund --prefix "$cache/kotlin" "kotlin-compiler@$kotlin_version" >&2
  kotlinc=$(find "$cache/kotlin/node_modules/kotlin-compiler" -path '*/bin/kotlinc' -type f | head -n 1)
fi
chmod +x "$(dirname "$kotlinc")"/* 2>/dev/null || true
kotlin_home=$(cd "$(dirname "$kotlinc")/.." && pwd)

# JNA, JUnit and org.json (to read the shared vectors) come from Maven Central through Maven itself (the ordinary client here).
jars=(
  "net.java.dev.jna:jna:$jna_version"
  "junit:junit:4.13.2"
  "org.hamcrest:hamcrest-core:1.3"
  "org.json:json:20250517"
)
classpath=""
for coordinate in "${jars[@]}"; do
  IFS=: read -r group artifact version <<<"$coordinate"
  jar="$cache/jars/$artifact-$version.jar"
  if [ ! -s "$jar" ]; then
    echo "installing $coordinate from Maven Central" >&2
    mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="$coordinate" -DoutputDirectory="$cache/jars" >&2
  fi
  classpath="$classpath${classpath:+:}$jar"
done

echo "export KOTLIN_HOME='$kotlin_home'"
echo "export KOTLIN_TEST_CLASSPATH='$classpath'"
