#!/usr/bin/env bash
# Captures real Linux SYNs from stacks with varied sysctls, for the p0f parity test (Tests/SynTests).
#
#   sudo scripts/capture-syns.sh OUT.pcap
#
# Builds, inside network namespaces that it creates and always deletes (trap on exit):
#   server  bridge br0, 198.18.0.1/24 and 2001:db8:bc::1/64, a listener on port 8099
#   clients one namespace each, a veth into the bridge, its own net.ipv4 / net.ipv6 sysctls (TTL and hop
#           limit, window scaling, SACK, timestamps, tcp_rmem, ECN, PMTU discovery, flow labels) and MTU
#   router  one client sits behind it (198.18.1.0/24), so its SYNs arrive one hop away
# Every client connects to the server over IPv4 and IPv6 and to itself over 127.0.0.1 and ::1, each with
# several receive-buffer and MSS socket options (scripts/syn-traffic.py). tcpdump records the bridge and
# every client's loopback; the captures are merged into OUT.pcap (Ethernet link type, time order).
#
# Network safety: traffic goes only to loopback and to addresses inside these namespaces, which have no
# link to the machine's own network. Everything runs under timeouts: ~8 s normally, 2 minutes at most.
set -euo pipefail

# A parent that runs us with signals blocked (test runners spawn from threads that block them) would pass
# that mask on to tcpdump and timeout, which then never stop: start over with a clean mask.
if [ -z "${CAPTURE_SYNS_CLEAN_SIGNALS:-}" ]; then
    export CAPTURE_SYNS_CLEAN_SIGNALS=1
    exec python3 -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_SETMASK, [])
for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT, signal.SIGALRM, signal.SIGCHLD):
    signal.signal(s, signal.SIG_DFL)
os.execvp("bash", ["bash"] + sys.argv[1:])' "$0" "$@"
fi

out=${1:?usage: capture-syns.sh OUT.pcap}
[ "$(id -u)" -eq 0 ] || { echo "capture-syns: needs root (network namespaces, tcpdump)" >&2; exit 1; }
for tool in ip tcpdump python3 timeout; do
    command -v "$tool" >/dev/null || { echo "capture-syns: $tool is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done

here=$(cd "$(dirname "$0")" && pwd)
traffic="$here/syn-traffic.py"
work=$(mktemp -d)
prefix="bcsyn$$"
namespaces=()
pids=()

cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    for ns in "${namespaces[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

newns() {
    ip netns add "$1"
    namespaces+=("$1")
    ip -n "$1" link set lo up
}

inns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# tcpdump in a namespace; returns once it is capturing.
capture() {
    local ns=$1 dev=$2 file=$3
    ip netns exec "$ns" timeout 120 tcpdump -i "$dev" -s 256 -U -w "$file" 2>"$file.log" &
    pids+=($!)
    for _ in $(seq 100); do grep -q "listening on" "$file.log" 2>/dev/null && return 0; sleep 0.05; done
    echo "capture-syns: tcpdump on $ns/$dev did not start: $(cat "$file.log")" >&2
    return 1
}

# Server and bridge.
srv="${prefix}s"
newns "$srv"
ip -n "$srv" link add br0 type bridge
ip -n "$srv" addr add 198.18.0.1/24 dev br0
ip -n "$srv" addr add 2001:db8:bc::1/64 dev br0 nodad
ip -n "$srv" link set br0 up

# name | sysctls (space-separated k=v; hop=N sets the IPv6 hop limit) | veth MTU | loopback MTU
clients=(
    "defaults||1500|65536"
    "ttl128|net.ipv4.ip_default_ttl=128 hop=128|1500|65536"
    "ttl255|net.ipv4.ip_default_ttl=255 hop=255|1500|65536"
    "nows|net.ipv4.tcp_window_scaling=0|1500|65536"
    "nosack|net.ipv4.tcp_sack=0|1500|65536"
    "nots|net.ipv4.tcp_timestamps=0|1500|65536"
    "bare|net.ipv4.tcp_window_scaling=0 net.ipv4.tcp_sack=0 net.ipv4.tcp_timestamps=0|1500|65536"
    "rmem58k|net.ipv4.tcp_rmem=4096_58400_6291456|1500|65536"
    "rmem29k|net.ipv4.tcp_rmem=4096_29200_1000000|1500|65536"
    "rmem12k|net.ipv4.tcp_rmem=4096_11680_4194304|1500|65536"
    "rmem12ks|net.ipv4.tcp_rmem=4096_11680_131072|1500|65536"
    "lo16k|net.ipv4.tcp_rmem=4096_65584_1000000|9000|16436"
    "nodf|net.ipv4.ip_no_pmtu_disc=1|1500|65536"
    "ecn|net.ipv4.tcp_ecn=1|1500|65536"
    "ttl30|net.ipv4.ip_default_ttl=30 hop=30 net.ipv6.auto_flowlabels=0|1500|65536"
    "ttl20|net.ipv4.ip_default_ttl=20 hop=20 net.ipv4.tcp_timestamps=0|1280|65536"
)

configure() {
    local ns=$1 settings=$2
    for kv in $settings; do
        case "$kv" in
            hop=*) for dev in default lo; do inns "$ns" sysctl -qw "net.ipv6.conf.$dev.hop_limit=${kv#hop=}"; done ;;
            # Values with spaces (tcp_rmem) are written with _ between numbers.
            *) inns "$ns" sysctl -qw "$(echo "$kv" | sed 's/_\([0-9]\)/ \1/g')" ;;
        esac
    done
}

i=0
client_ns=()
for entry in "${clients[@]}"; do
    IFS='|' read -r name settings mtu lomtu <<<"$entry"
    i=$((i + 1))
    ns="${prefix}c$i"
    newns "$ns"
    configure "$ns" "$settings"
    ip -n "$ns" link set lo mtu "$lomtu"
    ip -n "$ns" link add eth0 mtu "$mtu" type veth peer name "p$i" netns "$srv"
    ip -n "$srv" link set "p$i" mtu "$mtu" master br0 up
    ip -n "$ns" addr add "198.18.0.$((10 + i))/24" dev eth0
    ip -n "$ns" addr add "2001:db8:bc::$((10 + i))/64" dev eth0 nodad
    ip -n "$ns" link set eth0 up
    client_ns+=("$ns")
done

# A client one router hop away from the server (its TTL 60 arrives as 59).
rt="${prefix}r"
newns "$rt"
inns "$rt" sysctl -qw net.ipv4.ip_forward=1
inns "$rt" sysctl -qw net.ipv6.conf.all.forwarding=1
ip -n "$rt" link add up0 type veth peer name prt netns "$srv"
ip -n "$srv" link set prt master br0 up
ip -n "$rt" addr add 198.18.0.2/24 dev up0
ip -n "$rt" addr add 2001:db8:bc::2/64 dev up0 nodad
ip -n "$rt" link set up0 up
far="${prefix}f"
newns "$far"
configure "$far" "net.ipv4.ip_default_ttl=60 hop=60 net.ipv4.tcp_timestamps=0"
ip -n "$far" link add eth0 type veth peer name down0 netns "$rt"
ip -n "$rt" addr add 198.18.1.1/24 dev down0
ip -n "$rt" addr add 2001:db8:bc1::1/64 dev down0 nodad
ip -n "$rt" link set down0 up
ip -n "$far" addr add 198.18.1.10/24 dev eth0
ip -n "$far" addr add 2001:db8:bc1::10/64 dev eth0 nodad
ip -n "$far" link set eth0 up
ip -n "$far" route add default via 198.18.1.1
ip -n "$far" -6 route add default via 2001:db8:bc1::1
ip -n "$srv" route add 198.18.1.0/24 via 198.18.0.2
ip -n "$srv" -6 route add 2001:db8:bc1::/64 via 2001:db8:bc::2
client_ns+=("$far")

# Captures, then the listener, then the connections.
capture "$srv" br0 "$work/br0.pcap"
for ns in "${client_ns[@]}"; do capture "$ns" lo "$work/lo-$ns.pcap"; done
ip netns exec "$srv" timeout 120 python3 "$traffic" serve 8099 110 0.0.0.0 :: &
pids+=($!)
sleep 0.3
# Normally ~5 s; should connections hang, stop starting new ones after 60 s (tcpdump and the listener
# stop by themselves after 120 s whatever happens).
deadline=$((SECONDS + 60))
for ns in "${client_ns[@]}"; do
    if [ "$SECONDS" -ge "$deadline" ]; then echo "capture-syns: out of time, skipping the remaining clients" >&2; break; fi
    inns "$ns" timeout 10 python3 "$traffic" connect 8099 198.18.0.1 2001:db8:bc::1
    inns "$ns" timeout 10 python3 "$traffic" loop 8100
done
sleep 0.5

# Stop the captures so they flush, then merge them in time order.
for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()
python3 - "$out" "$work"/*.pcap <<'EOF'
import struct, sys
out, parts = sys.argv[1], sys.argv[2:]
records, header = [], None
for n, path in enumerate(parts):
    data = open(path, "rb").read()
    if len(data) < 24:
        continue
    header = header or data[:24]
    assert struct.unpack("<I", data[20:24])[0] == 1, path + ": not an Ethernet capture"
    i = 24
    while i + 16 <= len(data):
        sec, usec, caplen, _ = struct.unpack("<IIII", data[i:i + 16])
        records.append((sec, usec, n, len(records), data[i:i + 16 + caplen]))
        i += 16 + caplen
records.sort()
with open(out, "wb") as f:
    f.write(header + b"".join(r[4] for r in records))
print("capture-syns: %d packets from %d captures into %s" % (len(records), len(parts), out), file=sys.stderr)
EOF
