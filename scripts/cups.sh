#!/usr/bin/env bash
# Installs CUPS and the cups-pdf printer driver if needed, starts cupsd without systemd (CI runs
# as root in a container with no init) and adds a print queue that writes PDF files; prints the
# queue's name. Idempotent. Used by scripts/test.sh for the printing tests.
#   PISHKHAN_CUPS_QUEUE   queue name (default PishkhanPDF)
# Printed files land in /var/spool/cups-pdf/<user>/ (set here in /etc/cups/cups-pdf.conf).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
apt_need cups cups-client cups-daemon printer-driver-cups-pdf >&2
queue="${PISHKHAN_CUPS_QUEUE:-PishkhanPDF}"
conf=/etc/cups/cups-pdf.conf
out_line='Out /var/spool/cups-pdf/${USER}'
if [ -f "$conf" ] && ! grep -qx "$out_line" "$conf"; then
    as_root sed -i -e 's|^Out .*|'"$out_line"'|' "$conf"
    grep -qx "$out_line" "$conf" || echo "$out_line" | as_root tee -a "$conf" >/dev/null
fi
as_root mkdir -p /var/spool/cups-pdf
running() { lpstat -r 2>/dev/null | grep -q "is running"; }
if ! running; then
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        as_root systemctl start cups >&2
    else
        as_root /usr/sbin/cupsd >&2  # forks into the background
    fi
    for _ in $(seq 1 50); do running && break; sleep 0.2; done
    running || { say "cupsd did not start (see /var/log/cups/error_log)"; exit 1; }
fi
if ! lpstat -p "$queue" >/dev/null 2>&1; then
    ppd="$(ls /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd /usr/share/ppd/cups-pdf/*.ppd 2>/dev/null | head -n 1)"
    as_root lpadmin -p "$queue" -v cups-pdf:/ -P "$ppd" -E >&2
fi
as_root cupsenable "$queue" >&2
as_root cupsaccept "$queue" >&2
echo "$queue"
