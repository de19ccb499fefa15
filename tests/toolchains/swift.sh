#!/usr/bin/env bash
# The Swift toolchain for the Swift suite: Debian trixie's `swiftlang` in a debootstrap folder,
# used through chroot (this machine's Debian release has no Swift package).
#
#   tests/toolchains/swift.sh install          create the folder on first use (about a minute), print it
#   tests/toolchains/swift.sh run DIR CMD...   run CMD inside it, with DIR bind-mounted at /fascia
#
# The folder is cached in $FASCIA_TOOLCHAINS (default ~/.cache/fascia-toolchains). /proc, /dev and
# DIR are mounted only while CMD runs and unmounted on every exit path, including failures and
# signals.
set -euo pipefail
cache="${FASCIA_TOOLCHAINS:-$HOME/.cache/fascia-toolchains}"
root="$cache/swift-trixie"
packages="swiftlang libc6-dev libstdc++-14-dev"

# The Debian mirror this machine already uses.
mirror() {
  local uri
  uri=$(grep -hoE '^(URIs:|deb) +[a-z]+://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | head -n 1 | awk '{print $2}' || true)
  [ -n "$uri" ] || { echo "swift.sh: no Debian mirror found in /etc/apt sources" >&2; exit 1; }
  echo "$uri"
}

install() {
  [ -f "$root/.fascia-ready" ] && return 0
  if ! command -v debootstrap >/dev/null 2>&1; then
    echo "installing debootstrap" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
  fi
  rm -rf "$root"
  mkdir -p "$cache"
  echo "creating a Debian trixie folder for Swift in $root" >&2
  debootstrap --variant=minbase trixie "$root" "$(mirror)" >&2
  with_mounts "$root/tmp" chroot "$root" /bin/sh -c \
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $packages" >&2
  touch "$root/.fascia-ready"
}

mounted=()
unmount_all() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  mounted=()
}

# with_mounts DIR CMD...: runs CMD with /proc, /dev and DIR (at /fascia) mounted in the folder.
# One run at a time: a second test run on the machine waits here instead of mounting its own
# package over the first one's /fascia (and unmounting /proc under it).
with_mounts() {
  local dir=$1
  shift
  exec 9>"$cache/swift-trixie.lock"
  if ! flock -n 9; then
    echo "another Swift run holds the toolchain folder; waiting for it" >&2
    flock 9
  fi
  trap unmount_all EXIT
  trap 'unmount_all; exit 130' INT TERM
  mkdir -p "$root/proc" "$root/dev" "$root/fascia"
  mount -t proc proc "$root/proc" && mounted+=("$root/proc")
  mount --bind /dev "$root/dev" && mounted+=("$root/dev")
  mount --bind "$dir" "$root/fascia" && mounted+=("$root/fascia")
  cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  local status=0
  "$@" || status=$?
  unmount_all
  trap - EXIT INT TERM
  return "$status"
}

case "${1:-}" in
  install)
    install
    echo "$root"
    ;;
  run)
    [ $# -ge 3 ] || { echo "usage: $0 run DIR CMD..." >&2; exit 2; }
    install
    dir=$(cd "$2" && pwd)
    shift 2
    with_mounts "$dir" chroot "$root" /usr/bin/env \
      LD_LIBRARY_PATH=/usr/libexec/swift/lib/swift/linux:/fascia/lib \
      PATH=/usr/libexec/swift/bin:/usr/local/bin:/usr/bin:/bin HOME=/root "$@"
    ;;
  *)
    echo "usage: $0 install | run DIR CMD..." >&2
    exit 2
    ;;
esac
