#!/usr/bin/env bash
# Manual: draws the README screenshot (docs/screenshot.png) from the real tray under a private
# Xvfb: trayer as the tray host, dunst for notifications, the fake `aws`, and a menu opened with
# a real click (xdotool). Needs: xvfb trayer dunst imagemagick xdotool dbus-daemon (Debian names).
# Usage: xvfb-run -a -s '-screen 0 900x560x24' dbus-run-session -- scripts/screenshot.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export NO_AT_BRIDGE=1 HOME="$work/home" XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config"
mkdir -p "$HOME/.aws/sso/cache" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
cat > "$HOME/.aws/config" <<'CFG'
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin
[profile prod]
sso_session = corp
sso_account_id = 222222222222
sso_role_name = ReadOnly
[profile deploy]
role_arn = arn:aws:iam::333333333333:role/Deploy
source_profile = dev
[profile legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 444444444444
sso_role_name = Admin
[profile sandbox]
sso_start_url = https://sandbox.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 555555555555
sso_role_name = Dev
CFG
token() { # key, expiresAt
  node -e 'const [k, e, d] = process.argv.slice(1); require("fs").writeFileSync(d + "/" + require("crypto").createHash("sha1").update(k).digest("hex") + ".json", JSON.stringify({ startUrl: k, region: "us-east-1", accessToken: "x", expiresAt: e }))' "$1" "$2" "$HOME/.aws/sso/cache"
}
token corp "$(date -u -d '+3 hours 12 minutes' +%Y-%m-%dT%H:%M:%SZ)"
token https://legacy.awsapps.com/start "$(date -u -d '+9 minutes' +%Y-%m-%dT%H:%M:%SZ)"
token https://sandbox.awsapps.com/start "$(date -u -d '-25 minutes' +%Y-%m-%dT%H:%M:%SZ)"
cat > "$work/dunstrc" <<'RC'
[global]
    origin = bottom-left
    offset = 10x10
    width = 420
    font = DejaVu Sans 10
    frame_color = "#888888"
[urgency_normal]
    background = "#ffffff"
    foreground = "#222222"
    timeout = 0
RC
trayer --edge top --align right --widthtype pixel --width 120 --heighttype pixel --height 28 \
  --transparent false --tint 0xcccccc --SetDockType false &
dunst -config "$work/dunstrc" &
sleep 1
PATH="$repo/test/fixtures/bin:$PATH" node "$repo/dist/cli.cjs" 2>"$work/app.log" &
sleep 4
# Open the menu with a real click on the icon (right end of the trayer panel).
W=$(xdpyinfo 2>/dev/null | awk '/dimensions/ {split($2, a, "x"); print a[1]}' || echo 900)
xdotool mousemove $((W - 14)) 14 click 1
sleep 1
# Hover the expired profile's row (the last profile row of this menu) to show its actions.
xdotool mousemove $((W - 300)) 246
sleep 1.5
import -window root "$repo/docs/screenshot.png"
echo "wrote docs/screenshot.png"; cat "$work/app.log"
