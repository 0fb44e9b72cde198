#!/usr/bin/env bash
# Sets up and runs every test: unit and command tests (Surefire), then the assembled
# ImageJ 1.x application with real macros, the SHAP and stage explorers in real windows under Xvfb
# and the stage gallery in a headless browser (Failsafe). Needs only a JDK >= 21 and Maven (and Xvfb
# and Chromium's headless shell, installed here when running as root).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
if ! command -v mvn >/dev/null; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven
	else
		echo "Maven is needed: install it (Debian: apt-get install maven)." >&2; exit 2
	fi
fi
# Xvfb gives the window tests (SHAP explorer, stage explorer) a display, and Chromium's headless shell renders the
# stage gallery; each test is skipped, visibly, without its program
missing=()
command -v Xvfb >/dev/null || missing+=(xvfb)
command -v chromium-headless-shell >/dev/null || command -v chromium >/dev/null || missing+=(chromium-headless-shell)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") ||
		echo "Could not install ${missing[*]}: the tests that need them will be skipped." >&2
fi
exec mvn -B verify "$@"
