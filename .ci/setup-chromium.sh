# Sourced by .ci/run (under `set -euo pipefail`): Debian's Chromium for the dashboard's
# browser tests (tests/web/test_browser.py), driven by Playwright through executable_path.
# Playwright's own browser download cannot work on these machines, so it is never used.
#
# Idempotent: installs only when /usr/bin/chromium is missing.

_frontlines_chromium_setup() {
  if [ ! -x /usr/bin/chromium ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "setup-chromium: Chromium is not installed and installing it needs root" >&2
      return 1
    fi
    echo "setup-chromium: installing Chromium with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
  export FRONTLINES_CHROMIUM=/usr/bin/chromium
  echo "setup-chromium: $("$FRONTLINES_CHROMIUM" --version 2>/dev/null || echo "$FRONTLINES_CHROMIUM")"
}

_frontlines_chromium_setup
