#!/usr/bin/env bash
# Set up everything the generator and its tests need, on a fresh Debian machine or an
# existing one: the system packages the PDF needs (a CJK font and HarfBuzz's subsetter),
# poppler and LibreOffice for the tests, and a virtual environment with the package.
# Safe to run again: what is already there is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pango and fontconfig are what WeasyPrint lays text out with (a minimal Debian has
# neither); the rest are named in README.md.
SYSTEM_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-noto-cjk
                 fonts-arphic-gkai00mp libharfbuzz-subset0 poppler-utils
                 libreoffice-writer-nogui)
# python3-venv is only needed when this Python cannot make a virtual environment with pip.
python3 -m venv --help >/dev/null 2>&1 && python3 -m ensurepip --version >/dev/null 2>&1 \
  || SYSTEM_PACKAGES+=(python3-venv python3-pip)

missing=()
for pkg in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
    "${missing[@]}" >/dev/null
fi

# A real 仿宋 for the PDF's body text (GB/T 9704): Debian has no 仿宋 package, but
# texlive-lang-chinese ships the free Fandol fonts (GPL with the font exception). Take
# them out of the package without installing TeX: download, unpack, copy the OpenType
# files into the system font folder, refresh fontconfig.
FANDOL_DIR=/usr/local/share/fonts/fandol
if ! fc-list : family | grep -q '^FandolFang'; then
  echo "Installing the Fandol fonts (FandolFang 仿宋) from texlive-lang-chinese"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  work=$(mktemp -d)
  chmod 755 "$work"  # apt's sandbox user must be able to write the download here
  ( cd "$work" && apt-get download -qq texlive-lang-chinese 2>/dev/null \
      || { $SUDO apt-get update -qq && apt-get download -qq texlive-lang-chinese; } )
  dpkg -x "$work"/texlive-lang-chinese_*.deb "$work/unpacked"
  $SUDO mkdir -p "$FANDOL_DIR"
  $SUDO cp "$work"/unpacked/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol{Fang,Hei,Kai,Song}-*.otf \
    "$work"/unpacked/usr/share/doc/texlive-doc/fonts/fandol/{README,COPYING.gz} "$FANDOL_DIR"/
  rm -rf "$work"
  $SUDO fc-cache -f "$FANDOL_DIR" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  rm -f .venv/.installed-*; touch "$stamp"
fi
