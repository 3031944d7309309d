#!/usr/bin/env python3
"""Idle SMTP sessions for the trap tests: hold many connections open, then time one fresh delivery.

  trap-idle.py HOST PORT --sessions N --sources K [--hold S] [--pid PID]

Opens N TCP sessions to HOST:PORT, round-robin from the source addresses 127.0.0.1 .. 127.0.0.K, and
reads each greeting with non-blocking sockets, so 10,000 sessions open in seconds (the soft
RLIMIT_NOFILE is raised to the hard limit; exit 2 if that is too low). Once all have settled, a fresh
client from 127.0.0.254 makes a full smtplib delivery, timed from connect to the 250 after DATA. The
idle sessions are then held for --hold seconds and closed. Prints one JSON line:
{"opened","greeted","refused","timed_out","fresh_client_seconds","fresh_client_queue_id"}, plus
"fresh_client_error" when that delivery failed (seconds and queue id are then null) and, with --pid,
"rss_before_kib"/"rss_after_kib": the trap's VmRSS before opening and once all are open.
"opened" counts TCP connections made; "refused" those refused, closed before a greeting, or greeted
with anything but 220 (the trap's 421 over --per-ip / --max-sessions).

Safety: HOST must be a loopback address (127.0.0.0/8; ::1 with --sources 1), sources are 127.0.0.x,
otherwise the script exits 2. Every socket has a timeout, counts and the hold are capped: the script
always ends. Used by the trap tests (Swift) for session limits and idle-load behaviour.
"""

import argparse
import errno
import json
import re
import resource
import selectors
import smtplib
import socket
import sys
import time

from loopback_only import loopback_or_exit

FRESH_SOURCE = "127.0.0.254"
MAX_SESSIONS = 60000
MAX_HOLD = 3600
IN_FLIGHT = 512        # connections at once that have no greeting yet (keeps the listen backlog happy)
GREETING_TIMEOUT = 15.0
OPEN_DEADLINE = 120.0
QUEUED = re.compile(r"queued as (\S+)", re.IGNORECASE)


def fail(message):
    sys.stderr.write("trap-idle: %s\n" % message)
    sys.exit(2)


def vm_rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def greeting_code(buf):
    """The reply code once a whole (possibly multi-line) reply is in buf, else None."""
    for line in buf.split(b"\r\n")[:-1]:
        if len(line) >= 4 and line[3:4] != b"-":
            return line[:3]
        if len(line) < 4:
            return line[:3] or b"???"
    return None


def open_sessions(host, port, sources, n):
    """Opens n sessions; returns (open greeted sockets, counts)."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    sel = selectors.DefaultSelector()
    counts = {"opened": 0, "greeted": 0, "refused": 0, "timed_out": 0}
    held, pending = [], {}       # pending: socket -> [started, buffer, connected]
    made, deadline = 0, time.monotonic() + OPEN_DEADLINE

    def settle(s, outcome):
        sel.unregister(s)
        del pending[s]
        counts[outcome] += 1
        if outcome == "greeted":
            held.append(s)
        else:
            s.close()

    while (made < n or pending) and time.monotonic() < deadline:
        while made < n and len(pending) < IN_FLIGHT:
            s = socket.socket(fam, socket.SOCK_STREAM)
            s.setblocking(False)
            s.bind((sources[made % len(sources)], 0))
            made += 1
            err = s.connect_ex((host, port))
            if err not in (0, errno.EINPROGRESS):
                counts["refused"] += 1
                s.close()
                continue
            pending[s] = [time.monotonic(), b"", False]
            sel.register(s, selectors.EVENT_WRITE)
        for key, _ in sel.select(0.2):
            s = key.fileobj
            state = pending[s]
            if not state[2]:
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    settle(s, "refused")
                    continue
                state[2] = True
                counts["opened"] += 1
                sel.modify(s, selectors.EVENT_READ)
                continue
            try:
                data = s.recv(4096)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                settle(s, "refused")
                continue
            state[1] += data
            code = greeting_code(state[1])
            if code is not None:
                settle(s, "greeted" if code == b"220" else "refused")
        now = time.monotonic()
        for s in [s for s, st in pending.items() if now - st[0] > GREETING_TIMEOUT]:
            settle(s, "timed_out")
    for s in list(pending):
        settle(s, "timed_out")
    counts["refused"] += n - made  # never tried: out of time
    sel.close()
    return held, counts


def fresh_delivery(host, port):
    """A full delivery from a fresh source: (seconds to the 250 after DATA, queue id, error or None)."""
    source = "::1" if ":" in host else FRESH_SOURCE
    start = time.monotonic()
    smtp = smtplib.SMTP(timeout=30)
    try:
        smtp.source_address = (source, 0)
        steps = [("greeting", lambda: smtp.connect(host, port), (220,)),
                 ("EHLO", lambda: smtp.ehlo("fresh.botcensus.test"), (250,)),
                 ("MAIL", lambda: smtp.mail("fresh@botcensus.test"), (250,)),
                 ("RCPT", lambda: smtp.rcpt("fresh@trap.test"), (250, 251)),
                 ("DATA", lambda: smtp.data(b"Subject: trap-idle fresh client\r\nMessage-ID: <fresh-%d@botcensus.test>"
                                            b"\r\n\r\nfresh client while idle sessions are held\r\n"
                                            % int(time.time() * 1e6)), (250,))]
        for name, step, good in steps:
            code, reply = step()
            if code not in good:
                return None, None, "%s: %d %s" % (name, code, reply.decode("utf-8", "replace"))
        seconds = time.monotonic() - start
        found = QUEUED.search(reply.decode("utf-8", "replace"))
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass
        return seconds, found.group(1) if found else None, None if found else "no queue id in the DATA reply"
    except (OSError, smtplib.SMTPException) as e:
        return None, None, "%s: %s" % (type(e).__name__, e)
    finally:
        smtp.close()


def main():
    p = argparse.ArgumentParser(description="Idle SMTP sessions against the trap (loopback only).")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--sessions", type=int, required=True)
    p.add_argument("--sources", type=int, required=True)
    p.add_argument("--hold", type=float, default=0.0)
    p.add_argument("--pid", type=int)
    args = p.parse_args()
    loopback_or_exit(args.host, "target", "trap-idle")
    if not (0 < args.sessions <= MAX_SESSIONS and 0 <= args.hold <= MAX_HOLD and 0 < args.port < 65536):
        fail("limits: 1..%d sessions, hold 0..%d s, valid port" % (MAX_SESSIONS, MAX_HOLD))
    if ":" in args.host:
        if args.sources != 1:
            fail("with an IPv6 target only --sources 1 (::1) is possible")
        sources = ["::1"]
    else:
        if not 0 < args.sources <= 253:
            fail("--sources must be 1..253 (127.0.0.254 is the fresh client)")
        sources = ["127.0.0.%d" % i for i in range(1, args.sources + 1)]
    for s in sources:
        loopback_or_exit(s, "source", "trap-idle")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = args.sessions + 64
    if hard != resource.RLIM_INFINITY and hard < need:
        fail("RLIMIT_NOFILE hard limit %d is below the %d descriptors needed; raise it (ulimit -Hn)" % (hard, need))
    if soft != resource.RLIM_INFINITY and soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        sys.stderr.write("trap-idle: raised RLIMIT_NOFILE soft limit %d -> %s\n" % (soft, hard))

    result = {}
    if args.pid:
        result["rss_before_kib"] = vm_rss_kib(args.pid)
    held, counts = open_sessions(args.host, args.port, sources, args.sessions)
    if args.pid:
        result["rss_after_kib"] = vm_rss_kib(args.pid)
    seconds, queue_id, error = fresh_delivery(args.host, args.port)
    if error:
        sys.stderr.write("trap-idle: fresh client failed: %s\n" % error)
    if args.hold > 0:
        time.sleep(args.hold)
    for s in held:
        s.close()
    out = dict(counts)
    out["fresh_client_seconds"] = round(seconds, 4) if seconds is not None else None
    out["fresh_client_queue_id"] = queue_id
    if error:
        out["fresh_client_error"] = error
    out.update(result)
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
