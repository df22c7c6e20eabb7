# Store service credentials for the local reference intake in the OS keyring (sourced by
# scripts/install-and-run). Only when none are stored yet: a new dev customer token is made
# with `support-assistant-intake add-token` and piped straight into `support-assistant
# credentials set`, so the token is never in a file, a variable or a command line.
# The tokens file is the one the local intake reads (its default storage unless
# SUPPORT_ASSISTANT_LOCAL_INTAKE_TOKENS names another); the server re-reads it on change.

store_dev_credentials() {
  local endpoint="${1:-http://127.0.0.1:8765/files/}" organisation="${2:-DEV-CUSTOMER}"
  if support-assistant credentials show >/dev/null 2>&1; then return 0; fi
  local tokens_args=()
  if [ -n "${SUPPORT_ASSISTANT_LOCAL_INTAKE_TOKENS:-}" ]; then
    tokens_args=(--tokens "$SUPPORT_ASSISTANT_LOCAL_INTAKE_TOKENS")
  fi
  if support-assistant-intake add-token "${tokens_args[@]}" --customer "$organisation" \
       --name "local development" 2>/dev/null \
     | support-assistant credentials set --organisation "$organisation" --endpoint "$endpoint"; then
    return 0
  fi
  echo "The local intake's credentials could not be stored in a keyring; the app will ask for" \
       "them when sending (see 'support-assistant credentials set')." >&2
  return 0
}
