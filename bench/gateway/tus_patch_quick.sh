#!/bin/bash
# Quick figure: one 1 GiB PATCH to the gateway (curl) vs dd of the same bytes to the same disk,
# alternating, 3 repeats. Noisy shared machine.
set -e
W=$(mktemp -d "${BUILD:-build}/bench-tus.XXXX")
head -c 1073741824 /dev/urandom > $W/src.bin
GW=${BUILD:-build}/bin/plateau-gateway
PLATEAU_GATEWAY_TOKEN=tok $GW --data-dir $W/data --port 0 --port-file $W/port --log-level warn &
PID=$!
while [ ! -s $W/port ]; do sleep 0.1; done
P=$(cat $W/port)
for i in 1 2 3; do
  URL=$(curl -s -D - -o /dev/null -X POST -H "Authorization: Bearer tok" -H "Tus-Resumable: 1.0.0" -H "Upload-Length: 1073741824" http://127.0.0.1:$P/api/v1/uploads | tr -d '\r' | awk '/^Location:/{print $2}')
  /usr/bin/time -f "gateway %e s %U user %S sys" curl -s -o /dev/null -X PATCH -H "Authorization: Bearer tok" -H "Tus-Resumable: 1.0.0" -H "Upload-Offset: 0" -H "Content-Type: application/offset+octet-stream" -T $W/src.bin http://127.0.0.1:$P$URL
  /usr/bin/time -f "dd %e s" dd if=$W/src.bin of=$W/dd.bin bs=1M conv=fdatasync status=none
  /usr/bin/time -f "sha256sum %e s" sha256sum $W/src.bin > /dev/null
  rm -f $W/dd.bin
done
curl -s -H "Authorization: Bearer tok" http://127.0.0.1:$P/api/v1/datasets | head -c 300; echo
sha256sum $W/src.bin
kill $PID; wait $PID || true
rm -rf $W
