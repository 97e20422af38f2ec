#!/bin/bash
# Re-records the reference outputs of test_more_chisels.py from the real sysdig 0.29.3.
# Run from this directory: ./record.sh   (needs sysdig 0.29.3, script(1), the shared captures)
set -e
export TZ=UTC
# the shared captures: ../shared/captures beside the repository root (this script is in tests/chisels/golden)
C=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../../shared/captures" && pwd)
P="%evt.time %evt.cpu %proc.name %thread.tid %evt.dir %evt.type %evt.info"
T=$(mktemp -d)
for a in "" time bytes ncalls; do
  sysdig -r $C/libs_curl_google.scap -c httptop $a > "httptop${a:+-$a}__libs_curl_google.txt"
done
sysdig -r $C/libs_curl_google.scap -c httplog > httplog__libs_curl_google.txt
sysdig -pc -r $C/libs_curl_google.scap -c httplog > httplog-pc__libs_curl_google.txt
for cap in libs_sample libs_curl_google falco_ping_sendto; do
  for a in "" 100; do
    # a pseudo-terminal of 80 columns without LF -> CRLF translation: sysdig refuses a non-terminal
    script -qc "stty cols 80 rows 24 -onlcr; sysdig -r $C/$cap.scap -c spectrogram $a" /dev/null \
      > "spectrogram${a:+-$a}__$cap.txt"
  done
done
around() {  # around CAPTURE RANGE FILTER: chisel stdout, then the events saved (sysdig -r OUT -p $P)
  cap=$1; rng=$2; shift 2
  sysdig -r $C/$cap.scap -c around "$T/out.scap $rng" "$@" 2>/dev/null | sed "s|$T/out.scap|OUT|"
  echo "=== saved events"
  # sysdig 0.29.3 cannot read back what it writes from some captures (interface list): the saved events
  # are then the events of sysdig's own equivalent filter, as around.lua builds it
  if sysdig -r $T/out.scap -p "$P" > $T/saved.txt 2>/dev/null; then cat $T/saved.txt; else
    f=$(sysdig -r $C/$cap.scap -p "%evt.rawtime %thread.tid" "$@" |
        awk -v r=$rng 'NR>1{printf " or "} {printf "(evt.around[%s]=%s and thread.tid=%s)", $1, r, $2}')
    sysdig -r $C/$cap.scap -p "$P" "$f"
  fi
  rm -f $T/out.scap
}
around libs_sample 100 evt.type=openat > around__libs_sample.txt
around libs_curl_google 1 evt.type=connect > around__libs_curl_google.txt
around falco_ping_sendto 5 evt.type=sendto > around__falco_ping_sendto.txt
# spy_logs / spy_syslog with dump_file_name: none of the shared captures writes logs, so they run on
# the capture ../logcapture.py builds; saved events printed without %evt.info (see README.md)
L="*%evt.time %evt.cpu %proc.name %thread.tid %evt.dir %evt.type %fd.name %evt.rawarg.res"
python3 ../logcapture.py $T/logs.scap
spy() {  # spy NAME DUMPARGS [FILTER]: stdout, then the saved events
  name=$1; args=$2; shift 2
  sysdig -r $T/logs.scap -c $name "$T/out.scap${args:+ $args}" "$@" 2>/dev/null | sed "s|$T/out.scap|OUT|"
  echo "=== saved events"
  sysdig -r $T/out.scap -p "$L"
  rm -f $T/out.scap
}
spy spy_logs "" > spy_logs__logs.txt
spy spy_logs 100 > spy_logs-100__logs.txt
spy spy_logs 3000 > spy_logs-3000__logs.txt
spy spy_logs 500 proc.name=rsyslogd > spy_logs-500-rsyslogd__logs.txt
spy spy_logs 10 proc.name=nobody > spy_logs-10-nobody__logs.txt
spy spy_syslog 200 > spy_syslog-200__logs.txt
rm -f $T/logs.scap
rmdir $T 2>/dev/null || rm -rf $T
