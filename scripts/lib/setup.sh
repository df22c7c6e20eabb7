# Shared set-up steps for scripts/install-and-run and scripts/install-and-test (sourced).
# Installs missing Debian packages (as root, or with sudo), creates .venv, installs the project.

need_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Installing Debian packages needs root: run this script as root or install sudo." >&2; return 1; fi
}

setup_debian_packages() {
  local list="$1" missing=()
  command -v dpkg-query >/dev/null || { echo "Not a Debian/Ubuntu system: install the packages in $list by hand." >&2; return 0; }
  while read -r pkg; do
    case "$pkg" in ''|'#'*) continue ;; esac
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done < "$list"
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    need_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

setup_venv() {
  local extras="$1" python="${PYTHON:-python3}"
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "Python 3.11 or newer is needed (found: $("$python" --version 2>&1))." >&2; return 1
  fi
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv 2>/dev/null || { need_root apt-get install -y -qq python3-venv >/dev/null; "$python" -m venv .venv; }
  fi
  local stamp=".venv/.installed-$(cat pyproject.toml setup.py desktop/support_assistant/core/scan/_native.c 2>/dev/null | sha256sum | cut -c1-16)-${extras//[^a-z,]/}"
  if [ ! -f "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
    .venv/bin/python -m pip install -q -e ".$extras"
    touch "$stamp"
  fi
  # with [ocr]: the faster OCR models, made once here (core/scan/ocr_models.py; not committed)
  case "$extras" in *ocr*) .venv/bin/python -m support_assistant.core.scan.ocr_models >/dev/null 2>&1 || true ;; esac
  # compiled translations (.qm, not committed) from resources/translations/*.ts
  .venv/bin/python scripts/build_translations.py --if-stale >/dev/null
}
