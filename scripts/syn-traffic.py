#!/usr/bin/env python3
"""TCP connections for scripts/capture-syns.sh: a listener, and connections with chosen socket options.

  syn-traffic.py serve PORT SECONDS ADDR...          accept and close connections on ADDR:PORT
  syn-traffic.py connect PORT ADDR...                connect to each ADDR:PORT with several socket options
  syn-traffic.py loop PORT                           listen on 127.0.0.1 and ::1 and connect to both

Safety: targets must be loopback (127.0.0.0/8, ::1), or the benchmark/documentation ranges the capture
script gives its namespaces (198.18.0.0/15, 2001:db8::/32) *and* the process must be inside one of the
capture script's own network namespaces (`ip netns` names starting with bcsyn), where those addresses
cannot lead anywhere else.
Every socket has a short timeout and the number of connections is fixed: the script always ends.
"""

import ipaddress
import os
import signal
import socket
import sys
import time

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]
NAMESPACE_ONLY = [ipaddress.ip_network("198.18.0.0/15"), ipaddress.ip_network("2001:db8::/32")]

# Receive buffers (window and window scale follow them) and MSS values tried on each connection.
VARIANTS = [(None, None), (8192, None), (65535, None), (262144, None), (None, 536), (None, 1200)]


def in_private_namespace():
    """True when this process runs in a namespace the capture script made (ip netns bcsyn*)."""
    try:
        own = os.stat("/proc/self/ns/net")
        for name in os.listdir("/run/netns"):
            if name.startswith("bcsyn"):
                st = os.stat(os.path.join("/run/netns", name))
                if (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino):
                    return True
    except OSError:
        pass
    return False


def check_target(addr):
    ip = ipaddress.ip_address(addr)
    if any(ip in net for net in LOOPBACK):
        return
    if any(ip in net for net in NAMESPACE_ONLY) and in_private_namespace():
        return
    sys.exit("syn-traffic: refusing target %s: only loopback, or namespace addresses from inside a namespace" % addr)


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


stop = False


def interrupted(signum, frame):
    global stop
    stop = True


def serve(port, seconds, addrs):
    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    listeners = []
    for addr in addrs:
        s = socket.socket(family(addr), socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family(addr) == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((addr, port))
        s.listen(64)
        s.settimeout(0.2)
        listeners.append(s)
    deadline = time.time() + seconds
    while time.time() < deadline and not stop:
        for s in listeners:
            try:
                conn, _ = s.accept()
                conn.close()
            except (socket.timeout, OSError):
                pass


def connect_once(addr, port, rcvbuf, mss):
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.settimeout(1)
    try:
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        if mss:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, mss)
        s.connect((addr, port))
    except OSError as e:
        print("syn-traffic: %s port %d: %s" % (addr, port, e), file=sys.stderr)
    finally:
        s.close()


def connect(port, addrs):
    for addr in addrs:
        check_target(addr)
    for addr in addrs:
        for rcvbuf, mss in VARIANTS:
            connect_once(addr, port, rcvbuf, mss)
            time.sleep(0.01)


def loop(port):
    listeners = []
    for addr in ("127.0.0.1", "::1"):
        s = socket.socket(family(addr), socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        s.listen(64)
        listeners.append(s)
    # The backlog holds the connections; closing the listeners afterwards resets them.
    connect(port, ["127.0.0.1", "::1"])
    for s in listeners:
        s.close()


def main(argv):
    if len(argv) >= 4 and argv[1] == "serve":
        serve(int(argv[2]), float(argv[3]), argv[4:])
    elif len(argv) >= 4 and argv[1] == "connect":
        connect(int(argv[2]), argv[3:])
    elif len(argv) == 3 and argv[1] == "loop":
        loop(int(argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
