# Shared set-up for scripts/run and scripts/test: installs what is missing, and only that.
# Sourced, not executed. On Debian/Ubuntu as root (or with sudo) it installs system packages;
# on macOS and Windows it checks for the prerequisites the README lists and says what is missing.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# System packages Tauri needs to build and run on Debian 12 / Ubuntu 22.04+.
APT_BUILD=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libsoup-3.0-dev libjavascriptcoregtk-4.1-dev build-essential pkg-config libssl-dev libxdo-dev
  file fonts-noto-cjk libdbus-1-dev)
# Extra packages the tests need: a virtual display, the WebKit WebDriver, a Secret Service
# (gnome-keyring on a private D-Bus session) and poppler for rendering PDFs.
APT_TEST=(xvfb xauth webkit2gtk-driver gnome-keyring dbus-x11 libsecret-tools poppler-utils)

apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 0
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing packages (${missing[*]}) and no sudo"
    sudo="sudo"
  fi
  say "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

check_tools() {
  command -v cargo >/dev/null 2>&1 || die "Rust is not installed: see README (rustup.rs)"
  command -v node >/dev/null 2>&1 || die "Node.js 20+ is not installed: see README"
  command -v npm >/dev/null 2>&1 || die "npm is not installed: see README"
}

# npm ci in a folder when its node_modules is missing or older than its lock file.
npm_ready() {
  local dir="$1"
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "Installing npm packages in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

tauri_driver_ready() {
  command -v tauri-driver >/dev/null 2>&1 && return 0
  say "Installing tauri-driver (cargo install, about 30 s)"
  cargo install tauri-driver --locked --version 2.1.0 --quiet
}

# Runs a command with the real OS keychain available. On Linux: a private D-Bus session with
# an unlocked gnome-keyring (the Secret Service users' keys live in), in a throwaway HOME so
# that test keyrings never mix with the user's own. Elsewhere the OS keychain is always there.
#
# The session starts no service on demand (scripts/dbus-session.conf) and the accessibility
# bridge is off, and whatever the command leaves running is killed afterwards (found by a
# marker in its environment): a daemon that outlives the run keeps the CI log open and turns
# a green run into a timeout.
with_keyring() {
  if [ "$(uname -s)" != "Linux" ]; then
    "$@"
    return
  fi
  local keyring_home marker
  keyring_home="$(mktemp -d)"
  marker="$$-$RANDOM$RANDOM"
  mkdir -p "$keyring_home/.local/share/keyrings"
  # Keep cargo and rustup where they are although HOME moves.
  local status=0
  LEDGERLOCK_TEST_SESSION="$marker" NO_AT_BRIDGE=1 GTK_A11Y=none GTK_USE_PORTAL=0 \
    CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" \
    npm_config_cache="${npm_config_cache:-$HOME/.npm}" HOME="$keyring_home" \
    dbus-run-session --config-file="$ROOT/scripts/dbus-session.conf" -- bash -c '
      eval "$(printf "ledgerlock-test" | gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
      export GNOME_KEYRING_CONTROL
      exec "$@"' with_keyring "$@" || status=$?
  kill_marked_processes "$marker"
  # Should a FUSE mount have appeared in the throwaway HOME anyway, detach it before removing
  # the folder; cleanup never fails or blocks the run.
  timeout 10 fusermount -u "$keyring_home/.cache/doc" 2>/dev/null \
    || timeout 10 umount -l "$keyring_home/.cache/doc" 2>/dev/null || true
  timeout 60 rm -rf --one-file-system "$keyring_home" 2>/dev/null || true
  return $status
}

# Kills every process whose environment carries LEDGERLOCK_TEST_SESSION=<marker>: the daemons
# a test session started (keyring, anything D-Bus or the app spawned) once the session is over.
kill_marked_processes() {
  local marker="$1" environ pid
  for environ in /proc/[0-9]*/environ; do
    pid="${environ#/proc/}"
    pid="${pid%/environ}"
    [ "$pid" = "$$" ] && continue
    # -z: the entries of /proc/PID/environ end with NUL, not newline.
    if grep -qxzF "LEDGERLOCK_TEST_SESSION=$marker" "$environ" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
}
