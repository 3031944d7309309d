#!/usr/bin/env bash
# probe-daemons.sh - real Debian daemons on loopback, with private configs, for the prober's tests.
#
#   probe-daemons.sh start DIR [BASE_PORT [ADDR]]
#   probe-daemons.sh stop  DIR
#
# start: writes configs, keys and pages under DIR and starts, all on ADDR (default 127.0.0.1):
#          BASE+80  lighttpd          serving DIR/www (a page with a <title>)
#          BASE+22  dropbear          host key DIR/hostkey (ed25519); no password logins, no root, no forwarding
#          BASE+23  busybox telnetd   its "login" is DIR/login.sh, which only prints a prompt and refuses
#          BASE+21  vsftpd            anonymous read-only on an empty DIR/ftp, no local users, no active mode
#          BASE+25  smtp-sink         Postfix's test SMTP server (-u nobody)
#        BASE_PORT defaults to 30000 (device-emulators.py uses the same offsets from 20000).
#        Waits until every port accepts connections (20 s at most), records each process in DIR/pids
#        ("name pid start-time", start time from /proc/PID/stat so a reused PID is never mistaken for
#        ours) and writes DIR/manifest.json: one object per service with the schema of
#        device-emulators.py's manifest (device "debian-daemon"); "example" is the text the daemon really
#        presents, read back from it, and "signature_id" the signatures.json entry that matches it, or null.
# stop:  TERM to exactly the processes in DIR/pids and their descendants (their sessions), KILL to any left
#        after 5 s, nothing else. Safe to run twice.
#
# Safety: ADDR must be in 127.0.0.0/8 (exit 2 otherwise); no daemon reads the machine's own config
# (/etc/lighttpd, /etc/vsftpd.conf, /etc/dropbear are not used). Each daemon runs under `timeout`, so it ends
# by itself after PROBE_DAEMONS_LIFETIME seconds (default 3600) even if stop is never called; sessions have
# idle timeouts. Needs root: vsftpd, lighttpd and smtp-sink start as root and drop privileges.
set -euo pipefail

PROG=$(basename "$0")
HERE=$(cd "$(dirname "$0")" && pwd)
SIGNATURES="$HERE/../Sources/Fingerprint/Resources/signatures.json"
LIFETIME=${PROBE_DAEMONS_LIFETIME:-3600}
READY_TIMEOUT=20
declare -A WRAPPER=()     # daemon name -> PID of its timeout wrapper (this run)

die() { echo "$PROG: $*" >&2; exit 1; }
usage() {
    echo "usage: $PROG start DIR [BASE_PORT [ADDR]] | stop DIR" >&2
    exit 64
}

need_root() {
    [ "$(id -u)" -eq 0 ] || { echo "$PROG: must run as root (vsftpd and smtp-sink start as root and drop privileges)" >&2; exit 2; }
}

require_loopback() {
    if ! python3 -c 'import ipaddress, sys; sys.exit(ipaddress.ip_address(sys.argv[1]) not in ipaddress.ip_network("127.0.0.0/8"))' "$1" 2>/dev/null; then
        echo "$PROG: refusing $1: only loopback addresses (127.0.0.0/8) may be used" >&2
        exit 2
    fi
}

start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null || true; }

write_configs() {
    local dir=$1 addr=$2 base=$3
    mkdir -p "$dir/www" "$dir/ftp" "$dir/empty" "$dir/log"
    chmod 755 "$dir" "$dir/www" "$dir/ftp"
    chmod 555 "$dir/empty"
    cat >"$dir/www/index.html" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>lighttpd on Debian: placeholder page</title></head>
<body><h1>It works</h1><p>A page served by a test-owned lighttpd for the prober's tests.</p></body></html>
EOF
    cat >"$dir/lighttpd.conf" <<EOF
server.document-root = "$dir/www"
server.bind          = "$addr"
server.port          = $((base + 80))
server.username      = "www-data"
server.groupname     = "www-data"
server.max-keep-alive-idle = 10
server.max-read-idle = 10
server.max-write-idle = 30
index-file.names     = ( "index.html" )
mimetype.assign      = ( ".html" => "text/html" )
EOF
    cat >"$dir/vsftpd.conf" <<EOF
listen=YES
listen_ipv6=NO
listen_address=$addr
listen_port=$((base + 21))
background=NO
anonymous_enable=YES
anon_root=$dir/ftp
no_anon_password=YES
local_enable=NO
write_enable=NO
anon_upload_enable=NO
anon_mkdir_write_enable=NO
anon_other_write_enable=NO
port_enable=NO
connect_from_port_20=NO
pasv_enable=YES
pasv_min_port=$((base + 100))
pasv_max_port=$((base + 119))
secure_chroot_dir=$dir/empty
idle_session_timeout=30
data_connection_timeout=30
xferlog_enable=NO
vsftpd_log_file=$dir/log/vsftpd.log
EOF
    # busybox telnetd shows DIR/issue (not the machine's /etc/issue.net), then runs this instead of
    # /bin/login: a prompt, one refused attempt, bounded by read -t. The pty turns \n into \r\n.
    : >"$dir/issue"
    cat >"$dir/login.sh" <<'EOF'
#!/bin/busybox sh
printf '\n(none) login: '
read -t 30 -r user || exit 0
printf 'Password: '
stty -echo 2>/dev/null
read -t 30 -r password || exit 0
stty echo 2>/dev/null
sleep 1
printf '\nLogin incorrect\n'
EOF
    chmod 755 "$dir/login.sh"
    rm -f "$dir/hostkey"
    dropbearkey -t ed25519 -f "$dir/hostkey" >/dev/null 2>&1 || die "dropbearkey could not make $dir/hostkey"
}

# launch DIR NAME COMMAND...: runs COMMAND under `timeout`, logs to DIR/log/NAME.log, records both PIDs.
launch() {
    local dir=$1 name=$2
    shift 2
    timeout -k 5 "$LIFETIME" "$@" </dev/null >"$dir/log/$name.log" 2>&1 &
    local wrapper=$! child="" tries=0
    WRAPPER[$name]=$wrapper
    while [ -z "$child" ] && [ $tries -lt 40 ]; do
        child=$(pgrep -P "$wrapper" | head -n 1 || true)
        [ -n "$child" ] || { sleep 0.05; tries=$((tries + 1)); }
    done
    echo "timeout:$name $wrapper $(start_time "$wrapper")" >>"$dir/pids"
    [ -z "$child" ] || echo "$name $child $(start_time "$child")" >>"$dir/pids"
}

wait_for_port() {
    local addr=$1 port=$2 name=$3 dir=$4 deadline=$((SECONDS + READY_TIMEOUT))
    until timeout 1 bash -c "exec 3<>/dev/tcp/$addr/$port" 2>/dev/null; do
        if [ $SECONDS -ge $deadline ] || ! kill -0 "${WRAPPER[$name]}" 2>/dev/null; then
            echo "$PROG: $name did not accept connections on $addr:$port (see $dir/log/$name.log):" >&2
            tail -n 5 "$dir/log/$name.log" >&2 || true
            return 1
        fi
        sleep 0.1
    done
}

write_manifest() {
    local dir=$1 addr=$2 base=$3
    local busybox_version postfix_version
    busybox_version=$(busybox 2>&1 | head -n 1 | sed -n 's/^BusyBox v\([0-9.]*\).*/\1/p')
    postfix_version=$(postconf -h mail_version 2>/dev/null || true)
    python3 - "$dir" "$addr" "$base" "$SIGNATURES" "$busybox_version" "$postfix_version" <<'PY'
import json, os, re, socket, sys
dir_, addr, base, signatures, busybox_version, postfix_version = sys.argv[1:]
base = int(base)
sigs = json.load(open(signatures, encoding="utf-8"))["signatures"]

def recv_until(sock, done, limit=8192):
    data = b""
    sock.settimeout(3)
    try:
        while len(data) < limit and not done(data):
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    return data

def connect(port):
    return socket.create_connection((addr, port), timeout=3)

def http(port):
    with connect(port) as s:
        s.sendall(f"GET / HTTP/1.0\r\nHost: {addr}\r\n\r\n".encode())
        data = recv_until(s, lambda d: False).decode("latin-1")
    server = re.search(r"^Server: ([^\r\n]*)", data, re.M | re.I).group(1)
    title = re.search(r"<title>(.*?)</title>", data, re.S | re.I).group(1)
    return server, title

def telnet(port):
    with connect(port) as s:
        raw = recv_until(s, lambda d: d.rstrip().endswith(b"login:"), 4096)
    text, i = bytearray(), 0
    while i < len(raw):                          # strip IAC commands (3 bytes, or SB ... IAC SE)
        if raw[i] == 255 and i + 1 < len(raw):
            if raw[i + 1] == 250:
                i = raw.find(b"\xff\xf0", i) + 2 if raw.find(b"\xff\xf0", i) >= 0 else len(raw)
            else:
                i += 3 if raw[i + 1] in (251, 252, 253, 254) else 2
        else:
            text.append(raw[i]); i += 1
    return text.decode("latin-1")

def line_banner(port, ssh=False):
    with connect(port) as s:
        data = recv_until(s, lambda d: b"\n" in d).decode("latin-1")
    line = data.split("\n", 1)[0] + "\n"           # an SSH server sends its KEXINIT right after the line
    return line.rstrip("\r\n") if ssh else line

def match(field, text):
    for sig in sigs:
        if sig["field"] == field:
            flags = re.I if "i" in (sig.get("flags") or "") else 0
            try:
                if re.search(sig["pattern"], text, flags):
                    return sig["id"]
            except re.error:
                continue
    return None

def row(port, module, vendor, product, field, example, where, also=()):
    return {"ip": addr, "port": port, "transport": "tcp", "module": module, "device": "debian-daemon",
            "class": "server", "vendor": vendor, "product": product, "signature_id": match(field, example),
            "signature_field": field, "example": example, "where": where,
            "also": [{"signature_id": match(f, e), "signature_field": f, "example": e, "vendor": vendor,
                      "product": product, "where": w} for f, e, w in also]}

server, title = http(base + 80)
ssh = line_banner(base + 22, ssh=True)
ftp = line_banner(base + 21)
smtp = line_banner(base + 25)
version = lambda pattern, text: (re.search(pattern, text) or [None, "?"])[1]
vsftpd, dropbear = version(r"vsFTPd ([\d.]+)", ftp), version(r"dropbear_([\d.]+)", ssh)
lighttpd = version(r"lighttpd/([\d.]+)", server)
rows = [
    row(base + 21, "ftp", "vsftpd", f"vsftpd {vsftpd}", "ftp.banner", ftp, "FTP greeting"),
    row(base + 22, "banner", "dropbear", f"dropbear {dropbear}", "ssh.banner", ssh,
        "SSH identification string (+CRLF)"),
    row(base + 23, "telnet", "busybox", f"busybox telnetd {busybox_version}".strip(), "telnet.banner",
        telnet(base + 23), "telnet text after the options (login prompt of DIR/login.sh)"),
    row(base + 25, "smtp", "postfix smtp-sink", f"postfix smtp-sink {postfix_version}".strip(), "smtp.banner",
        smtp, "SMTP greeting"),
    row(base + 80, "http", "lighttpd", f"lighttpd {lighttpd}", "http.server", server,
        "HTTP Server header", [("http.title", title, "<title> of GET /")]),
]
path = os.path.join(dir_, "manifest.json")
with open(path + ".tmp", "w", encoding="utf-8") as out:
    json.dump(rows, out, indent=1)
    out.write("\n")
os.replace(path + ".tmp", path)
PY
}

start() {
    local dir=$1 base=${2:-30000} addr=${3:-127.0.0.1}
    need_root
    require_loopback "$addr"
    [[ "$base" =~ ^[0-9]+$ ]] && [ "$base" -ge 1024 ] && [ "$base" -le 65400 ] || die "BASE_PORT must be 1024..65400"
    [[ "$LIFETIME" =~ ^[1-9][0-9]*$ ]] || die "PROBE_DAEMONS_LIFETIME must be a number of seconds"
    for tool in lighttpd dropbear dropbearkey busybox vsftpd smtp-sink timeout python3; do
        command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || die "$tool is missing (run scripts/setup.sh)"
    done
    busybox --list | grep -qx telnetd || die "this busybox has no telnetd applet (install busybox-static: scripts/setup.sh)"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ ! -s "$dir/pids" ] || die "$dir/pids exists: stop the daemons of $dir first"
    write_configs "$dir" "$addr" "$base"
    : >"$dir/pids"
    # The daemons must not keep the caller's descriptors: a parent that learns of our exit through a pipe or
    # socket (Foundation's Process does) would wait for the daemons' end too. Keep only 0, 1 and 2.
    local fd
    for fd in /proc/$$/fd/*; do
        fd=${fd##*/}
        [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null || true
    done
    PATH="$PATH:/usr/sbin"
    launch "$dir" lighttpd lighttpd -D -f "$dir/lighttpd.conf"
    launch "$dir" dropbear dropbear -F -E -s -w -j -k -I 60 -p "$addr:$((base + 22))" -r "$dir/hostkey" -P "$dir/dropbear.pid"
    launch "$dir" telnetd busybox telnetd -F -b "$addr:$((base + 23))" -f "$dir/issue" -l "$dir/login.sh"
    launch "$dir" vsftpd vsftpd "$dir/vsftpd.conf"
    launch "$dir" smtp-sink smtp-sink -u nobody "$addr:$((base + 25))" 64
    local name port
    for entry in lighttpd:80 dropbear:22 telnetd:23 vsftpd:21 smtp-sink:25; do
        name=${entry%%:*} port=$((base + ${entry##*:}))
        wait_for_port "$addr" "$port" "$name" "$dir" || { stop "$dir" >/dev/null; exit 1; }
    done
    write_manifest "$dir" "$addr" "$base" || { stop "$dir" >/dev/null; die "could not read the daemons' banners"; }
    echo "$PROG: 5 daemons on $addr ports $((base + 21))-$((base + 25)),$((base + 80)); manifest $dir/manifest.json"
}

# alive PID START: true when PID still runs and is the process recorded (same start time).
alive() { [ -n "$2" ] && [ "$(start_time "$1")" = "$2" ]; }

# tree PID: "pid start-time" of PID and all its descendants (dropbear's and vsftpd's session processes
# leave the daemon's process group, so signalling the group is not enough).
tree() {
    local child
    echo "$1 $(start_time "$1")"
    for child in $(pgrep -P "$1" || true); do
        tree "$child"
    done
}

# signal_all SIG TARGETS: sends SIG ("" for none) to each recorded "pid start-time" still alive; true when any is.
signal_all() {
    local sig=$1 pid started left=0
    while read -r pid started; do
        [ -n "$pid" ] && alive "$pid" "$started" || continue
        left=$((left + 1))
        [ -z "$sig" ] || kill "-$sig" "$pid" 2>/dev/null || true
    done <<<"$2"
    [ $left -gt 0 ]
}

stop() {
    local dir=$1 name pid started targets waited=0
    [ -f "$dir/pids" ] || { echo "$PROG: nothing to stop in $dir"; return 0; }
    targets=$(while read -r name pid started; do
        ! alive "$pid" "$started" || tree "$pid"
    done <"$dir/pids" | sort -u)
    signal_all TERM "$targets" || true
    while [ $waited -lt 50 ] && signal_all "" "$targets"; do
        sleep 0.1
        waited=$((waited + 1))
    done
    signal_all KILL "$targets" || true
    mv "$dir/pids" "$dir/pids.stopped"
    echo "$PROG: stopped the daemons of $dir"
}

case "${1:-}" in
    start) [ $# -ge 2 ] && [ $# -le 4 ] || usage; start "$2" "${3:-}" "${4:-}" ;;
    stop) [ $# -eq 2 ] || usage; stop "$2" ;;
    *) usage ;;
esac
