#!/usr/bin/env bash
# Manual tool, not part of CI: redraws the README picture (docs/screenshot.png) from the real tray.
# A private Xvfb and a private D-Bus session bus; status-notifier-watcher with
# gtk-sni-tray-standalone as the visible StatusNotifierItem host (so the tray serves its own
# native item and dbusmenu); dunst for the notification; the built CLI with a temporary HOME
# (scripts/screenshot/home.mjs: eight sign-ins in mixed states) and the fake `aws` on PATH.
# One session expires inside the warning window, so the tray's own warning is on screen; the
# menu (right click on the icon) and a session's submenu (hover) are opened with real pointer
# events (xdotool), then the screen is cropped to the bar's end, the menus and the notice.
# Every process it starts is stopped by its PID on exit. Nothing touches the real ~/.aws.
#
# Needs (Debian names): xvfb dbus-daemon systemd (busctl) haskell-status-notifier-item-utils
#   haskell-gtk-sni-tray-utils dunst xdotool imagemagick x11-utils x11-xserver-utils
#   fonts-dejavu-core, and Node 20. About 5 s.
# Usage: scripts/screenshot.sh [OUT.png]          (default docs/screenshot.png)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$repo/docs/screenshot.png}"
work="$(mktemp -d)"
pids=()
cleanup() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do wait "${pids[i]}" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# Poll a condition (no fixed sleeps): wait_for WHAT SECONDS CMD...
wait_for() {
  local what="$1" end=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS > end)); then echo "screenshot: timed out waiting for $what" >&2; [[ -f $work/app.log ]] && cat "$work/app.log" >&2; exit 1; fi
    sleep 0.1
  done
}
# Wait until the screen stops changing (menus fade in, dunst draws): two equal captures in a row.
settle() {
  local prev='' cur n=0
  while ((n < 50)); do
    cur="$(import -window root rgb:- 2>/dev/null | md5sum)"
    [[ $cur == "$prev" ]] && return 0
    prev="$cur" n=$((n + 1))
    sleep 0.2
  done
}

(cd "$repo" && node scripts/build.mjs >/dev/null)

# X and the session bus, both private. The bus has no service directories: nothing is activated
# behind our back, so every process on it is one started (and stopped) here.
Xvfb -displayfd 3 -noreset -screen 0 1000x580x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
pids+=($!)
wait_for 'Xvfb' 10 test -s "$work/display"
export DISPLAY=":$(cat "$work/display")"
xsetroot -solid '#3b4252'
cat >"$work/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$work</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$work/bus.conf" --nofork --print-address=1 >"$work/bus" 2>/dev/null &
pids+=($!)
wait_for 'dbus-daemon' 10 test -s "$work/bus"
export DBUS_SESSION_BUS_ADDRESS="$(head -n1 "$work/bus")"
# No accessibility bus, no dconf service: GTK would try to start both.
export NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory GTK_THEME=Adwaita
on_bus() { busctl --user --address="$DBUS_SESSION_BUS_ADDRESS" list --no-legend 2>/dev/null | grep -q "^$1 "; }

cat >"$work/dunstrc" <<'RC'
[global]
    origin = bottom-right
    offset = 16x16
    width = 380
    height = 200
    notification_limit = 3
    font = DejaVu Sans 10
    padding = 12
    horizontal_padding = 14
    frame_width = 1
    frame_color = "#b0b0b0"
    separator_color = frame
    corner_radius = 6
    icon_position = left
    min_icon_size = 32
    max_icon_size = 48
    format = "<b>%s</b>\n%b"
    markup = full
    show_indicators = no
[urgency_low]
    background = "#ffffff"
    foreground = "#222222"
    timeout = 0
[urgency_normal]
    background = "#ffffff"
    foreground = "#222222"
    timeout = 0
[urgency_critical]
    background = "#ffffff"
    foreground = "#222222"
    frame_color = "#d93025"
    timeout = 0
RC
status-notifier-watcher >/dev/null 2>&1 &
pids+=($!)
wait_for 'the StatusNotifierWatcher' 10 on_bus org.kde.StatusNotifierWatcher
dunst -config "$work/dunstrc" >/dev/null 2>&1 &
pids+=($!)
wait_for 'dunst' 10 on_bus org.freedesktop.Notifications

# The tray, as a user starts it, with a temporary HOME and the fake aws.
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" XDG_STATE_HOME="$work/state" XDG_CONFIG_HOME="$work/config" TMUX_TMPDIR="$work"
mkdir -p "$HOME" && mkdir -m 700 "$XDG_RUNTIME_DIR"
node "$repo/scripts/screenshot/home.mjs" "$HOME"
PATH="$repo/test/fixtures/bin:$PATH" AWS_SSO_TRAY_BROWSER=true node "$repo/dist/cli.cjs" tray 2>"$work/app.log" &
pids+=($!)
wait_for 'the native tray item' 20 grep -q 'tray: native StatusNotifierItem' "$work/app.log"
wait_for 'the expiry warning' 30 sh -c '[ "$(dunstctl count displayed)" -ge 1 ]'
# The host comes last, so it reads the item after the tray's first render: the item sends no
# NewIcon for that render, and a host that read it earlier keeps the placeholder ring.
gtk-sni-tray-standalone --top --end -s 28 -c '#cccccc' >"$work/host.log" 2>&1 &
pids+=($!)
host_windows() { xdotool search --onlyvisible --class gtk-sni-tray-standalone 2>/dev/null; }
# geometry WINDOW → "X Y W H"
geometry() { xdotool getwindowgeometry --shell "$1" | awk -F= '{v[$1]=$2} END {print v["X"], v["Y"], v["WIDTH"], v["HEIGHT"]}'; }
wait_for 'the tray bar' 20 host_windows
settle

# Right click: the menu (a left click is Activate: it logs in to the most urgent session).
read -r SW SH < <(xdpyinfo | awk '/dimensions:/ {split($2, a, "x"); print a[1], a[2]}')
xdotool mousemove $((SW - 14)) 14 click 3
menu_window() { for w in $(host_windows); do read -r x y w_ h < <(geometry "$w"); ((h > 100)) && echo "$w $x $y $w_ $h"; done; }
wait_for 'the menu' 10 menu_window
settle
read -r _ MX MY MW MH < <(menu_window | head -n1)

# Hover the expiring session's row (found in the tray's own layout) to open its submenu.
item=$(busctl --user --address="$DBUS_SESSION_BUS_ADDRESS" --json=short -- get-property org.kde.StatusNotifierWatcher /StatusNotifierWatcher org.kde.StatusNotifierWatcher RegisteredStatusNotifierItems | node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).data[0].split("/")[0])')
row=$(busctl --user --address="$DBUS_SESSION_BUS_ADDRESS" --json=short -- call "$item" /MenuBar com.canonical.dbusmenu GetLayout iias 0 -1 0 | node "$repo/scripts/screenshot/menu-row.mjs" "$MH" '^\S+ data ')
xdotool mousemove $((MX + 120)) $((MY + row))
submenus() { menu_window | awk -v x="$MX" '$2 != x'; }
wait_for 'the submenu' 10 submenus
settle
read -r _ SX _ _ _ < <(submenus | head -n1)

# Crop to the bar's right end, the menus and the notice.
read -r DX DY DW DH < <(geometry "$(xdotool search --onlyvisible --class Dunst | head -n1)")
left=$(( (SX < DX ? SX : DX) - 32 )); ((left < 0)) && left=0
bottom=$(( (MY + MH > DY + DH ? MY + MH : DY + DH) + 24 )); ((bottom > SH)) && bottom=$SH
if ((DY < MY + MH)); then echo "screenshot: the notice overlaps the menu; make the screen taller" >&2; fi
import -window root -crop "$((SW - left))x${bottom}+${left}+0" +repage "$out"
echo "wrote $out ($((SW - left))x$bottom)"
