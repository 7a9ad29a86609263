#!/usr/bin/env bash
# Command 1 of the README: runs the main job. Today that is the `latchkey` CLI (the server and
# the demo take this place once they exist). With arguments, they go to the CLI:
#   ./run.sh token verify <token> --jwks http://127.0.0.1:5100/.well-known/jwks.json --issuer http://127.0.0.1:5100
# Without arguments, it verifies the sample token of docs/examples/cli as of its issue time and
# as of three minutes later, to show both verdicts. See docs/cli.md.
set -euo pipefail
cd "$(dirname "$0")"
if ! build_log=$(dotnet build src/Latchkey.Cli -c Release -nologo -v q 2>&1); then
  echo "$build_log" >&2; exit 1
fi
latchkey() { dotnet exec src/Latchkey.Cli/bin/Release/net10.0/latchkey.dll "$@"; }
if [ $# -gt 0 ]; then
  latchkey "$@"
  exit $?
fi

examples=docs/examples/cli
echo "\$ latchkey token verify --pem $examples/public.pem --issuer http://127.0.0.1:5100 --now 1767225630 < $examples/session.jwt"
latchkey token verify - --pem "$examples/public.pem" --issuer http://127.0.0.1:5100 --now 1767225630 < "$examples/session.jwt" || true
echo
echo "\$ latchkey token verify --pem $examples/public.pem --issuer http://127.0.0.1:5100 --now 1767225780 < $examples/session.jwt"
latchkey token verify - --pem "$examples/public.pem" --issuer http://127.0.0.1:5100 --now 1767225780 < "$examples/session.jwt" || true
echo
echo "Run './run.sh --help' or see docs/cli.md for every command and option."
