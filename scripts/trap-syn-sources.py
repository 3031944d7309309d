#!/usr/bin/env python3
"""SMTP connections with distinct SYNs for the trap tests: each from its own source and socket options.

  trap-syn-sources.py HOST PORT --out PATH

Makes a fixed list of connections to HOST:PORT, each from its own source address 127.0.0.11 .. and
with its own options set before connect: IP_TTL (hop limit), TCP_MAXSEG (the SYN's MSS) and SO_RCVBUF
(the SYN's window and window scale), some with none. On each it reads the greeting, sends EHLO and QUIT.
Writes a JSON list to PATH, one object per connection made:
  {"src": "127.0.0.11", "sport": 40312, "ttl": 128, "mss": 1200, "rcvbuf": 8192}   (null: left at default)
A Swift test runs it while tcpdump captures on lo and compares the trap's stored SYNs with `p0f -r`.
With HOST ::1 every connection comes from ::1 and the TTL is set as IPV6_UNICAST_HOPS.

Safety: HOST must be a loopback address (127.0.0.0/8 or ::1) and the sources are 127.0.0.x, otherwise
the script exits 2. Every socket has a short timeout and the list is fixed: the script always ends.
"""

import argparse
import json
import socket
import sys
import time

from loopback_only import loopback_or_exit

TIMEOUT = 5.0

# (last octet of the source, ttl, mss, rcvbuf); None leaves the kernel's default.
VARIANTS = [
    (11, None, None, None),
    (12, 128, None, None),
    (13, 255, 536, None),
    (14, 32, 1200, 8192),
    (15, None, None, 65535),
    (16, 64, 1460, 262144),
    (17, None, 1200, None),
    (18, 128, 536, 8192),
]


def fail(message):
    sys.stderr.write("trap-syn-sources: %s\n" % message)
    sys.exit(2)


def reply(f):
    """Reads one SMTP reply (all its lines); returns its code, or None at end of stream."""
    while True:
        line = f.readline(4096)
        if not line:
            return None
        if len(line) < 4 or line[3:4] != b"-":
            return line[:3].decode("ascii", "replace")


def connect_once(host, port, src, ttl, mss, rcvbuf):
    v6 = ":" in host
    s = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(TIMEOUT)
    try:
        if ttl is not None:
            if v6:
                s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, ttl)
            else:
                s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, ttl)
        if mss is not None:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, mss)
        if rcvbuf is not None:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.bind((src, 0))
        s.connect((host, port))
        sport = s.getsockname()[1]
        f = s.makefile("rb")
        greeting = reply(f)
        if greeting == "220":
            s.sendall(b"EHLO syn-sources.botcensus.test\r\n")
            reply(f)
            s.sendall(b"QUIT\r\n")
            reply(f)
        else:
            sys.stderr.write("trap-syn-sources: %s: greeting %s\n" % (src, greeting))
        f.close()
        return {"src": src, "sport": sport, "ttl": ttl, "mss": mss, "rcvbuf": rcvbuf, "greeting": greeting}
    except OSError as e:
        sys.stderr.write("trap-syn-sources: %s -> %s port %d: %s\n" % (src, host, port, e))
        return None
    finally:
        s.close()


def main():
    p = argparse.ArgumentParser(description="SMTP connections with distinct SYN options (loopback only).")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    loopback_or_exit(args.host, "target", "trap-syn-sources")
    if not 0 < args.port < 65536:
        fail("port %d out of range" % args.port)
    made = []
    for octet, ttl, mss, rcvbuf in VARIANTS:
        src = "::1" if ":" in args.host else "127.0.0.%d" % octet
        loopback_or_exit(src, "source", "trap-syn-sources")
        conn = connect_once(args.host, args.port, src, ttl, mss, rcvbuf)
        if conn is not None:
            made.append(conn)
        time.sleep(0.02)
    with open(args.out, "w") as f:
        json.dump(made, f, indent=1)
        f.write("\n")
    print("trap-syn-sources: %d of %d connections made, written to %s" % (len(made), len(VARIANTS), args.out))
    sys.exit(0 if len(made) == len(VARIANTS) else 1)


if __name__ == "__main__":
    main()
