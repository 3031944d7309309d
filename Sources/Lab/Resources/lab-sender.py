#!/usr/bin/env python3
"""A lab host's spam: `botcensus lab send` runs this inside a host's network namespace (ip netns exec).

  lab-sender.py --to IP:PORT --count N --helo NAME --sender ADDR --id HOST [--starttls] [--pipelining]
                [--bind ADDR --ttl N --mss N --rcvbuf N]     (the reduced lab on loopback)

Each message goes on a connection of its own (so the trap keeps a SYN per message), through Python's
smtplib (a real client: EHLO, MAIL, RCPT, DATA, QUIT; STARTTLS when asked). With --pipelining the envelope
is sent as one PIPELINING batch over a plain socket, as bulk mailers do.
Prints one line per accepted message: `HOST QUEUEID`.

Safety: the target must be in 198.18.0.0/15 and this process must run in a namespace of the lab
(`ip netns` names starting with bclab), where that range reaches only the lab's own Internet namespace;
or, in the reduced lab, the target and --bind must both be loopback addresses.
Every socket has a timeout; the script always ends.
"""
import argparse, ipaddress, os, smtplib, socket, sys, time
# in_lab_namespace() comes from lab-common.py, which `botcensus lab` puts before this script.

LAB = ipaddress.ip_network("198.18.0.0/15")
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")


def connect(host, port, args, timeout=10):
    """A socket from --bind with the per-socket stack settings of the reduced lab, or a plain one."""
    if not args.bind:
        return socket.create_connection((host, port), timeout=timeout)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, args.ttl)
    if args.mss:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, args.mss)
    if args.rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, args.rcvbuf)
    s.bind((args.bind, 0))
    s.connect((host, port))
    return s


class BoundSMTP(smtplib.SMTP):
    lab_args = None

    def _get_socket(self, host, port, timeout):
        return connect(host, port, self.lab_args, timeout)


def body(args, n):
    return ("From: <%s>\r\nTo: <victim@trap.lab>\r\nSubject: %s offer %d\r\nMessage-ID: <%s.%d.%d@%s>\r\n"
            "Date: %s\r\n\r\nCheap watches from %s, message %d.\r\n"
            % (args.sender, args.campaign, n, args.id, n, int(time.time() * 1000), args.helo,
               time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()), args.id, n))


def pipelined(host, port, args, n):
    with connect(host, port, args) as s:
        f = s.makefile("rb")

        def reply():
            lines = []
            while True:
                line = f.readline()
                if not line:
                    raise OSError("connection closed")
                lines.append(line)
                if line[3:4] != b"-":
                    return lines
        reply()
        s.sendall(b"EHLO %s\r\n" % args.helo.encode())
        reply()
        s.sendall(b"MAIL FROM:<%s>\r\nRCPT TO:<victim@trap.lab>\r\nDATA\r\n" % args.sender.encode())
        for expected in (b"250", b"250", b"354"):
            got = reply()[-1]
            if not got.startswith(expected):
                raise OSError("pipelined envelope refused: %r" % got)
        s.sendall(body(args, n).encode() + b".\r\nQUIT\r\n")
        got = reply()[-1]
        if not got.startswith(b"250"):
            raise OSError("message refused: %r" % got)
        return got.decode().rsplit(" ", 1)[-1].strip()


def plain(host, port, args, n):
    BoundSMTP.lab_args = args
    with BoundSMTP(host, port, local_hostname=args.helo, timeout=10) as c:
        c.ehlo()
        # A bot that can speak TLS does where the server offers it, and sends in plain text where not.
        if args.starttls and c.has_extn("starttls"):
            c.starttls()
            c.ehlo()
        c.mail(args.sender)
        code, _ = c.rcpt("victim@trap.lab")
        if code != 250:
            raise OSError("recipient refused: %d" % code)
        code, text = c.data(body(args, n))
        if code != 250:
            raise OSError("message refused: %d %r" % (code, text))
        return text.decode().rsplit(" ", 1)[-1].strip()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--to", required=True)
    p.add_argument("--count", type=int, default=1)
    p.add_argument("--helo", required=True)
    p.add_argument("--sender", required=True)
    p.add_argument("--id", required=True)
    p.add_argument("--campaign", default="lab")
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--pipelining", action="store_true")
    p.add_argument("--bind")
    p.add_argument("--ttl", type=int, default=64)
    p.add_argument("--mss", type=int)
    p.add_argument("--rcvbuf", type=int)
    args = p.parse_args()
    host, _, port = args.to.rpartition(":")
    if args.bind:
        if ipaddress.ip_address(host) not in LOOPBACK or ipaddress.ip_address(args.bind) not in LOOPBACK:
            sys.exit("lab-sender: refusing %s from %s: the reduced lab uses loopback addresses only" % (args.to, args.bind))
    elif ipaddress.ip_address(host) not in LAB or not in_lab_namespace():
        sys.exit("lab-sender: refusing %s: only 198.18.0.0/15 from inside a lab namespace" % args.to)
    failures = 0
    for n in range(1, min(args.count, 1000) + 1):
        try:
            queue_id = (pipelined if args.pipelining else plain)(host, int(port), args, n)
            print("%s %s" % (args.id, queue_id), flush=True)
        except (OSError, smtplib.SMTPException) as e:
            failures += 1
            print("lab-sender: %s message %d: %s" % (args.id, n, e), file=sys.stderr, flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
