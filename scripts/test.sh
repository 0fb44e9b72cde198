#!/usr/bin/env bash
# Sets up and runs every test: unit and command tests (Surefire), then the assembled
# ImageJ 1.x application with real macros and the SHAP explorer in a real window under Xvfb
# (Failsafe). Needs only a JDK >= 21 and Maven (and Xvfb, installed here when running as root).
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
# Xvfb gives the SHAP explorer's window test a display (the test is skipped, visibly, without it)
if ! command -v Xvfb >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb) ||
		echo "Could not install Xvfb: the SHAP explorer window test will be skipped." >&2
fi
exec mvn -B verify "$@"
