# Runs inside dbus-run-session (see scripts/run-tests): unlock a keyring, then two pytest passes:
# display tests on a real Xvfb first, then everything else offscreen (its summary closes the run).
set -uo pipefail
echo -n "test-password" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 || true

echo "== pass 1: display tests on a real X server (Xvfb 3840x2160)"
display=""
for n in $(seq 90 140); do
  if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then display=":$n"; break; fi
done
Xvfb "$display" -screen 0 3840x2160x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
DISPLAY="$display" QT_QPA_PLATFORM=xcb python -m pytest -m display -p no:cacheprovider "$@"
first=$?
kill "$xvfb_pid" 2>/dev/null
[ "$first" -eq 5 ] && first=0   # no display tests selected

echo "== pass 2: core, CLI, intake and widgets (offscreen)"
env -u DISPLAY QT_QPA_PLATFORM=offscreen python -m pytest -m "not display" -p no:cacheprovider "$@"
second=$?
[ "$first" -ne 0 ] && { echo "display pass failed"; exit "$first"; }
exit "$second"
