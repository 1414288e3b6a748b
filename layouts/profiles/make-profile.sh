#!/bin/sh
# Regenerates the stand-in press profile paiban-newsprint-240.icc (run by
# hand, not in CI; the profile is committed).  Needs Debian's argyll and
# icc-profiles-free:
#   apt-get install -y argyll icc-profiles-free
# FOGRA29L is FOGRA's characterisation data for offset printing on
# uncoated white paper (ISO 12647-2 paper type 4), the closest of the free
# sets to newsprint; it is not newsprint data.  The profile limits total
# ink to 240 % (ISO 12647-3 / WAN-IFRA newsprint), black to 95 %, and
# uses a heavy black generation (K from 10 % of the way to black, all of
# it at black), as newspaper separations do.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp /usr/share/color/icc/FOGRA29L.ti3 "$tmp/"
cd "$tmp"
colprof -v -qm -kp 0 0.1 0.9 1.0 1.0 -l240 -L95 \
  -S /usr/share/color/icc/sRGB.icc -cmt -dpp \
  -D "paiban stand-in newsprint (FOGRA29L data, TAC 240%, heavy GCR)" \
  -C "No copyright; generated from FOGRA29L characterisation data by Argyll colprof" \
  -O paiban-newsprint-240.icc FOGRA29L
cp paiban-newsprint-240.icc "$here/"
