#!/bin/sh
# Makes a self-signed development certificate for https://localhost and https://127.0.0.1 (never for production).
#   deploy/nginx/make-dev-cert.sh <dir> [days]
# Writes <dir>/dev-cert.pem (certificate, also the CA to trust) and <dir>/dev-key.pem (key, mode 0600).
set -eu

dir=${1:?usage: make-dev-cert.sh <dir> [days]}
days=${2:-30}
mkdir -p "$dir"
umask 077
# The SAN list is what clients check (CN is ignored by browsers and node); CA:TRUE lets a client use the file as its CA.
if ! out=$(openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$days" \
  -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign" \
  -addext "extendedKeyUsage=serverAuth" \
  -keyout "$dir/dev-key.pem" -out "$dir/dev-cert.pem" 2>&1); then
  echo "$out" >&2
  exit 1
fi
chmod 600 "$dir/dev-key.pem"
chmod 644 "$dir/dev-cert.pem"
echo "$dir/dev-cert.pem"
