#!/usr/bin/env bash
# Installs the Debian packages MailSim needs, and only those that are missing.
# Quick when everything is there: one dpkg query, no apt-get call.
set -euo pipefail
pkgs=(build-essential cmake pkg-config
      libimgui-dev libglfw3-dev libsdl2-dev libstb-dev nlohmann-json3-dev catch2
      xvfb xauth fonts-noto-cjk python3 curl swaks tshark fetchmail mutt
      chromium chromium-driver
      libmbedtls-dev isync neomutt msmtp tmux)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "mailsim: installing missing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "mailsim: need root or sudo to install: ${missing[*]}" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
