#!/usr/bin/env python3
"""SMTP load for the trap tests: many messages over many threads, with a durable log of what was acknowledged.

  trap-load.py HOST PORT --messages N --threads T --ack-file PATH [--duration-limit S] [--size BYTES]
               [--sources A,B,...]

Each thread sends one message per connection (EHLO, MAIL, RCPT, DATA, QUIT) with a unique Subject and
Message-ID and a body of about --size bytes, until N messages in all have been attempted or the time
limit has passed. For every message whose DATA got 250 it appends `QUEUEID<TAB><MESSAGE-ID>` (the
Message-ID header's value, angle brackets included) to the ack file and fsyncs it at once, so the file
is right even when the server is killed mid-run. Connection errors are counted, never fatal; a thread
stops once the server has refused connections for about 2 s. With --sources, message n is sent from
source address n mod len(sources) (loopback addresses only): many senders in one run. Prints one JSON line:
{"attempted":..,"acknowledged":..,"errors":..,"seconds":..} and exits 0 even if the server died.

Safety: HOST must be a loopback address (127.0.0.0/8 or ::1), otherwise the script exits 2. Every
socket has a timeout, the message count and threads are capped and the run has a time limit: the script
always ends. Used by the trap tests (Swift), which read the ack file against the case and spool.
"""

import argparse
import json
import os
import re
import smtplib
import sys
import threading
import time

from loopback_only import loopback_or_exit

MAX_MESSAGES = 1_000_000
MAX_THREADS = 512
MAX_SECONDS = 3600
SOCKET_TIMEOUT = 15.0
REFUSED_GIVE_UP = 2.0
QUEUED = re.compile(r"queued as (\S+)", re.IGNORECASE)


def body_text(size):
    line = "The quick brown fox jumps over the lazy dog while the trap counts every byte."
    lines, total = [], 0
    while total < size:
        lines.append(line)
        total += len(line) + 2
    return "\r\n".join(lines)


class Load:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.next = 0
        self.attempted = 0
        self.acknowledged = 0
        self.errors = 0
        self.deadline = time.monotonic() + args.duration_limit
        self.ack = open(args.ack_file, "a", encoding="ascii")
        self.body = body_text(args.size)
        self.run_id = "%d.%d" % (os.getpid(), int(time.time()))

    def take(self):
        """The next message number, or None when the count or time is used up."""
        with self.lock:
            if self.next >= self.args.messages or time.monotonic() >= self.deadline:
                return None
            self.next += 1
            self.attempted += 1
            return self.next - 1

    def count_error(self):
        with self.lock:
            self.errors += 1

    def acknowledge(self, queue_id, message_id):
        with self.lock:
            if self.ack.closed:
                return  # past the join: the summary is already out
            self.ack.write("%s\t%s\n" % (queue_id, message_id))
            self.ack.flush()
            os.fsync(self.ack.fileno())
            self.acknowledged += 1

    def message(self, n):
        message_id = "<load-%s-%d@botcensus.test>" % (self.run_id, n)
        text = ("From: load <load@botcensus.test>\r\n"
                "To: trap <trap@trap.test>\r\n"
                "Subject: trap-load %s message %d\r\n"
                "Message-ID: %s\r\n"
                "Date: %s\r\n"
                "\r\n%s\r\n") % (self.run_id, n, message_id,
                                 time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()), self.body)
        return message_id, text

    def send_one(self, n):
        """Sends message n; returns False when the connection was refused."""
        message_id, text = self.message(n)
        sources = self.args.sources
        source = (sources[n % len(sources)], 0) if sources else None
        smtp = smtplib.SMTP(timeout=SOCKET_TIMEOUT, source_address=source)
        try:
            smtp.connect(self.args.host, self.args.port)
        except ConnectionRefusedError:
            smtp.close()
            self.count_error()
            return False
        except (OSError, smtplib.SMTPException):
            smtp.close()
            self.count_error()
            return True
        try:
            code, _ = smtp.ehlo("load.botcensus.test")
            if code != 250:
                raise smtplib.SMTPHeloError(code, "EHLO")
            code, reply = smtp.mail("load@botcensus.test")
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, "load@botcensus.test")
            code, reply = smtp.rcpt("trap%d@trap.test" % n)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({"rcpt": (code, reply)})
            code, reply = smtp.data(text.encode("ascii"))
            found = QUEUED.search(reply.decode("utf-8", "replace")) if code == 250 else None
            if found is None:
                raise smtplib.SMTPDataError(code, reply)
            self.acknowledge(found.group(1), message_id)
        except (OSError, smtplib.SMTPException):
            self.count_error()
            smtp.close()
            return True
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass  # the message is already acknowledged
        smtp.close()
        return True

    def worker(self):
        refused_since = None
        while True:
            n = self.take()
            if n is None:
                return
            if self.send_one(n):
                refused_since = None
                continue
            now = time.monotonic()
            if refused_since is None:
                refused_since = now
            elif now - refused_since >= REFUSED_GIVE_UP:
                return
            time.sleep(0.1)


def main():
    p = argparse.ArgumentParser(description="SMTP load against the trap (loopback only).")
    p.add_argument("host")
    p.add_argument("port", type=int)
    p.add_argument("--messages", type=int, required=True)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--ack-file", required=True)
    p.add_argument("--duration-limit", type=float, default=120.0)
    p.add_argument("--size", type=int, default=1000)
    p.add_argument("--sources", type=lambda text: [a for a in text.split(",") if a], default=None)
    args = p.parse_args()
    loopback_or_exit(args.host, "target", "trap-load")
    for source in args.sources or []:
        loopback_or_exit(source, "source", "trap-load")
    if not (0 < args.messages <= MAX_MESSAGES and 0 < args.threads <= MAX_THREADS
            and 0 < args.duration_limit <= MAX_SECONDS and 0 <= args.size <= 100_000_000
            and 0 < args.port < 65536):
        sys.stderr.write("trap-load: limits: 1..%d messages, 1..%d threads, 0..%d s, size 0..1e8, valid port\n"
                         % (MAX_MESSAGES, MAX_THREADS, MAX_SECONDS))
        sys.exit(2)
    load = Load(args)
    start = time.monotonic()
    threads = [threading.Thread(target=load.worker, daemon=True) for _ in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        # A thread can outlive the deadline by at most one message's socket timeouts.
        t.join(max(0.0, load.deadline - time.monotonic()) + 6 * SOCKET_TIMEOUT)
    seconds = time.monotonic() - start
    with load.lock:
        summary = {"attempted": load.attempted, "acknowledged": load.acknowledged,
                   "errors": load.errors, "seconds": round(seconds, 3)}
        load.ack.close()
    print(json.dumps(summary), flush=True)
    os._exit(0)  # do not wait for a thread stuck past its join


if __name__ == "__main__":
    main()
