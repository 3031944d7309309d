#!/usr/bin/env python3
"""A lab device's web UI: `botcensus lab up` runs this in the device's namespace (ip netns exec).

  lab-device.py --bind ADDR --port 80 --title TEXT [--server TEXT] [--telnet-banner TEXT] --ready PATH [--duration 900]

HTTP/1.1 as embedded web servers answer it: GET or HEAD / gives the login page whose <title> is TEXT (a
signatures.json example, so the prober names the device as it would on the Internet), with `Server: TEXT`;
other paths 404. With --telnet-banner, port 23 answers as embedded telnetds do: option negotiation
(IAC DO TERMINAL-TYPE, WILL ECHO, WILL SUPPRESS-GO-AHEAD), then the banner with its login prompt, then
the connection closes after the first line or 10 s. Writes PATH once listening.

Safety: it binds only inside a lab namespace (`ip netns` names starting with bclab), where its address is
reachable from the lab alone, or (the reduced lab) to a loopback address. Requests are bounded (8 KiB of headers, 10 s to send them), at most 64
connections at once, and the process stops by itself after --duration seconds.
"""
import argparse, asyncio, html, ipaddress, os, signal, sys


def in_lab_namespace():
    try:
        own = os.stat("/proc/self/ns/net")
        for name in os.listdir("/run/netns"):
            if name.startswith("bclab"):
                st = os.stat(os.path.join("/run/netns", name))
                if (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino):
                    return True
    except OSError:
        pass
    return False


async def serve(args):
    page = ("<!DOCTYPE html><html><head><title>%s</title></head><body><form method=\"post\" action=\"/login\">"
            "<input name=\"user\"><input name=\"password\" type=\"password\"></form></body></html>" % html.escape(args.title)).encode()
    slots = asyncio.Semaphore(64)

    async def handle(reader, writer):
        async with slots:
            try:
                head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                request = head[:8192].split(b"\r\n", 1)[0].split(b" ")
                method, path = (request + [b"", b""])[:2]
                found = path in (b"/", b"/index.html")
                body = page if found else b"<html><body>404 Not Found</body></html>"
                status = b"200 OK" if found else b"404 Not Found"
                writer.write(b"HTTP/1.1 " + status + b"\r\nServer: " + args.server.encode() +
                             b"\r\nContent-Type: text/html\r\nContent-Length: " + str(len(body)).encode() +
                             b"\r\nConnection: close\r\n\r\n" + (b"" if method == b"HEAD" else body))
                await writer.drain()
            except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                pass
            finally:
                writer.close()

    async def telnet(reader, writer):
        async with slots:
            try:
                writer.write(bytes([255, 253, 24, 255, 251, 1, 255, 251, 3]) + args.telnet_banner.encode())
                await writer.drain()
                await asyncio.wait_for(reader.readline(), 10)
            except (asyncio.TimeoutError, asyncio.LimitOverrunError, ValueError, ConnectionError):
                pass
            finally:
                writer.close()

    server = await asyncio.start_server(handle, args.bind, args.port, limit=8192)
    if args.telnet_banner:
        await asyncio.start_server(telnet, args.bind, args.telnet_port, limit=8192)
    with open(args.ready + ".tmp", "w") as f:
        f.write("%d %s:%d\n" % (os.getpid(), args.bind, args.port))
    os.rename(args.ready + ".tmp", args.ready)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, stop.set)
    try:
        await asyncio.wait_for(stop.wait(), args.duration)
    except asyncio.TimeoutError:
        pass
    server.close()


def main():
    # A parent that spawned us from a thread with signals blocked (Foundation's Process does) passes the mask
    # on: SIGTERM would then never reach the handler, and `lab down` could not end us.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    p = argparse.ArgumentParser()
    p.add_argument("--bind", required=True)
    p.add_argument("--port", type=int, default=80)
    p.add_argument("--title", required=True)
    p.add_argument("--server", default="lighttpd")
    p.add_argument("--telnet-banner")
    p.add_argument("--telnet-port", type=int, default=23)
    p.add_argument("--ready", required=True)
    p.add_argument("--duration", type=float, default=900)
    args = p.parse_args()
    if not in_lab_namespace() and ipaddress.ip_address(args.bind) not in ipaddress.ip_network("127.0.0.0/8"):
        sys.exit("lab-device: refusing to listen on %s outside a lab namespace (loopback only there)" % args.bind)
    args.duration = min(max(args.duration, 1), 3600)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
