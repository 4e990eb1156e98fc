#!/usr/bin/env bash
# Checks the README's test command the way a newcomer meets it: a fresh Debian 12 with only the .NET
# SDK (no Chromium, redis-server, curl or Node), a clone of this repository at REV, then `bash test.sh`.
# Not part of CI (it needs root, debootstrap and ~15 minutes): run it by hand after changing test.sh.
#   sudo bash .ci/fresh-machine.sh [REV] [WORKDIR]      (defaults: HEAD, /work/fresh)
# The base system is made once with debootstrap and kept pristine; each run copies it. Any extra CA
# certificates of the host (/usr/local/share/ca-certificates: an egress proxy's) go into the base and
# NODE_EXTRA_CA_CERTS points node at them, as on the host; nothing else of the host is copied but the SDK.
set -uo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
rev="$(git -C "$repo" rev-parse --short "${1:-HEAD}")"
work="${2:-/work/fresh}"
base="$work/base" r="$work/run"
if [ ! -d "$base" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && apt-get install -y -qq debootstrap; } || exit 1
  debootstrap --variant=minbase --include=ca-certificates,git,libicu72 bookworm "$base" http://deb.debian.org/debian || exit 1
  cp /usr/local/share/ca-certificates/*.crt "$base/usr/local/share/ca-certificates/" 2>/dev/null && chroot "$base" update-ca-certificates
fi
unmount() { for m in dev/shm dev/pts dev sys proc; do umount -l "$r/$m" 2>/dev/null; done; }
unmount
rm -rf "$r" && cp -a "$base" "$r"
cp -a "$(dirname "$(readlink -f "$(command -v dotnet)")")" "$r/usr/share/dotnet" && ln -sf /usr/share/dotnet/dotnet "$r/usr/bin/dotnet"
cp /etc/resolv.conf "$r/etc/resolv.conf"
mount -t proc proc "$r/proc"; mount --rbind /sys "$r/sys"; mount --bind /dev "$r/dev"; mount --bind /dev/pts "$r/dev/pts"; mount -t tmpfs -o size=2g tmpfs "$r/dev/shm"
trap unmount EXIT
git clone -q "$repo" "$r/root/ssegen" && git -C "$r/root/ssegen" checkout -q "$rev"
echo "fresh Debian $(cat "$r/etc/debian_version") at $rev; already installed of what the tests need: $(chroot "$r" sh -c 'command -v chromium redis-server curl node npm' | tr '\n' ' ')(none expected)"
start=$(date +%s)
chroot "$r" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TERM=dumb \
  NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-online}" NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
  bash -c 'cd /root/ssegen && bash test.sh'
rc=$?
echo "fresh machine: exit $rc in $(( $(date +%s) - start )) s"
exit $rc
