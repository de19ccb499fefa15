#!/usr/bin/env bash
# Installs (on first use) what the Android app needs to compile and run its tests on the JVM,
# without Gradle or the Android SDK, and prints the environment:
#   ANDROID_JAR        android-all for SDK 35 (the platform's classes to compile against; not on
#                      the test classpath: Robolectric loads its instrumented build itself)
#   ANDROID_CLASSPATH  the AndroidX + Compose classes, Robolectric, JUnit and JNA that
#                      android/deps.lock pins (resolved by tests/android/resolve.py), plus the
#                      R classes generated from each AAR's R.txt
#   ROBOLECTRIC_DEPS   the folder Robolectric reads the platform jar from (offline mode)
#   AAPT, FRAMEWORK_RES  Debian's aapt (v1) and the platform's framework-res.apk (API 29), which
#                      package the app's res/ for the tests (installed with apt-get when missing)
# Usage: eval "$(tests/toolchains/android.sh)"
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cache="${FASCIA_TOOLCHAINS:-$HOME/.cache/fascia-toolchains}/android"
central="https://repo1.maven.org/maven2"
platform="15-robolectric-13954326-i7"
mkdir -p "$cache/m2" "$cache/classes" "$cache/r"
if ! command -v aapt >/dev/null 2>&1 || [ ! -s /usr/share/android-framework-res/framework-res.apk ]; then
  echo "installing aapt and android-framework-res (Debian)" >&2
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq aapt android-framework-res; } >&2
fi

fetch() { # URL FILE
  [ -s "$2" ] && return 0
  curl -sS -fL --retry 3 -o "$2.part" "$1" && mv "$2.part" "$2"
}

jar="$cache/android-all-instrumented-$platform.jar"
compile_jar="$cache/android-all-${platform%-i*}.jar"
if [ ! -s "$jar" ] || [ ! -s "$compile_jar" ]; then
  echo "installing android-all $platform from Maven Central (2 x 190 MB)" >&2
  fetch "$central/org/robolectric/android-all-instrumented/$platform/android-all-instrumented-$platform.jar" "$jar"
  fetch "$central/org/robolectric/android-all/${platform%-i*}/android-all-${platform%-i*}.jar" "$compile_jar"
fi

# Every pinned artifact, four at a time.
export -f fetch
export central cache
grep -v '^#' "$root/android/deps.lock" | grep . | xargs -P 4 -I{} bash -c '
  IFS=: read -r g a v kind <<<"{}"
  ext=jar; [ "$kind" = aar ] && ext=aar
  file="$cache/m2/$g-$a-$v.$ext"
  fetch "$central/${g//.//}/$a/$v/$a-$v.$ext" "$file" || { echo "could not fetch {}" >&2; exit 1; }
'

# AARs: their classes.jar (and libs/*.jar), and R classes from R.txt under the AAR's package.
classpath=""
for file in "$cache"/m2/*; do
  name=$(basename "$file")
  case "$file" in
    *.jar) classpath="$classpath${classpath:+:}$file" ;;
    *.aar)
      out="$cache/classes/${name%.aar}"
      if [ ! -d "$out" ]; then
        mkdir -p "$out.tmp"
        (cd "$out.tmp" && unzip -qo "$file" 'classes.jar' 'R.txt' 'AndroidManifest.xml' 'libs/*' 2>/dev/null || true)
        mv "$out.tmp" "$out"
      fi
      [ -s "$out/classes.jar" ] && classpath="$classpath:$out/classes.jar"
      for lib in "$out"/libs/*.jar; do [ -s "$lib" ] && classpath="$classpath:$lib"; done
      ;;
  esac
done

# Keyed by the generator, so that a change to it makes them again.
rdir="$cache/r/$(sha256sum "$root/tests/android/r_classes.py" | cut -c1-12)"
rjar="$rdir/R.jar"
if [ ! -s "$rjar" ]; then
  echo "generating R classes for the AARs" >&2
  mkdir -p "$rdir"
  python3 "$root/tests/android/r_classes.py" "$cache/classes" "$rdir/src"
  rm -rf "$rdir/out" && mkdir -p "$rdir/out"
  find "$rdir/src" -name '*.java' > "$rdir/sources.txt"
  javac -nowarn -d "$rdir/out" @"$rdir/sources.txt" >&2
  (cd "$rdir/out" && jar cf "$rjar.part" .) && mv "$rjar.part" "$rjar"
fi
classpath="$classpath:$rjar"

mkdir -p "$cache/robolectric"
ln -sf "$jar" "$cache/robolectric/android-all-instrumented-$platform.jar"
echo "export ANDROID_JAR='$compile_jar'"
echo "export ANDROID_CLASSPATH='$classpath'"
echo "export ROBOLECTRIC_DEPS='$cache/robolectric'"
echo "export AAPT='$(command -v aapt)'"
echo "export FRAMEWORK_RES='/usr/share/android-framework-res/framework-res.apk'"
