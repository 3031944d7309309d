#!/usr/bin/env python3
"""A lab device's web UI: `botcensus lab up` runs this in the device's namespace (ip netns exec).

  lab-device.py --bind ADDR --port 80 --title TEXT [--server TEXT] [--telnet-banner TEXT] [--rtsp-server TEXT]
                [--upnp-public ADDR --upnp-manufacturer TEXT --upnp-model TEXT] --ready PATH [--duration 900]

HTTP/1.1 as embedded web servers answer it: GET or HEAD / gives the login page whose <title> is TEXT (a
signatures.json example, so the prober names the device as it would on the Internet), with `Server: TEXT`;
other paths 404. With --telnet-banner, port 23 answers as embedded telnetds do: option negotiation
(IAC DO TERMINAL-TYPE, WILL ECHO, WILL SUPPRESS-GO-AHEAD), then the banner with its login prompt, then
the connection closes after the first line or 10 s. With --rtsp-server, RTSP/1.0 on --rtsp-port (554): OPTIONS
names the methods and `Server: TEXT`, DESCRIBE asks for Digest credentials. With --upnp-public, a unicast
SSDP M-SEARCH on UDP 1900 is answered with LOCATION http://PUBLIC:5000/description.xml, the device
description (manufacturer, modelName) served there. Writes PATH once listening.

Safety: it binds only inside a lab namespace (`ip netns` names starting with bclab), where its address is
reachable from the lab alone, or (the reduced lab) to a loopback address. Requests are bounded (8 KiB of headers, 10 s to send them), at most 64
connections at once, and the process stops by itself after --duration seconds.
"""
import argparse, asyncio, html, ipaddress, os, signal, sys
# in_lab_namespace() comes from lab-common.py, which `botcensus lab` puts before this script.


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

    async def rtsp(reader, writer):
        async with slots:
            try:
                for _ in range(4):
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                    lines = head[:8192].decode("latin-1").split("\r\n")
                    method = lines[0].split(" ")[0]
                    cseq = next((l.split(":", 1)[1].strip() for l in lines if l.lower().startswith("cseq:")), "1")
                    if method == "OPTIONS":
                        writer.write(("RTSP/1.0 200 OK\r\nCSeq: %s\r\nPublic: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n"
                                      "Server: %s\r\n\r\n" % (cseq, args.rtsp_server)).encode())
                    else:
                        writer.write(("RTSP/1.0 401 Unauthorized\r\nCSeq: %s\r\nServer: %s\r\n"
                                      "WWW-Authenticate: Digest realm=\"%s\", nonce=\"0a4f113b\"\r\n\r\n"
                                      % (cseq, args.rtsp_server, args.title)).encode())
                    await writer.drain()
            except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                pass
            finally:
                writer.close()

    class SSDP(asyncio.DatagramProtocol):
        def connection_made(self, transport):
            self.transport = transport

        def datagram_received(self, data, addr):
            if len(data) <= 2048 and data.startswith(b"M-SEARCH"):
                self.transport.sendto(("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
                                       "LOCATION: http://%s:5000/description.xml\r\nSERVER: Linux/3.4 UPnP/1.0 %s/1.0\r\n"
                                       "ST: upnp:rootdevice\r\nUSN: uuid:lab-%s::upnp:rootdevice\r\n\r\n"
                                       % (args.upnp_public, args.upnp_model.replace(" ", "-"), args.upnp_public)).encode(), addr)

    async def description(reader, writer):
        async with slots:
            try:
                await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
                body = ("<?xml version=\"1.0\"?><root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device>"
                        "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
                        "<friendlyName>%s</friendlyName><manufacturer>%s</manufacturer><modelName>%s</modelName>"
                        "</device></root>" % (html.escape(args.title), html.escape(args.upnp_manufacturer),
                                              html.escape(args.upnp_model))).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: " + str(len(body)).encode() +
                             b"\r\nConnection: close\r\n\r\n" + body)
                await writer.drain()
            except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                pass
            finally:
                writer.close()

    server = await asyncio.start_server(handle, args.bind, args.port, limit=8192)
    if args.rtsp_server:
        await asyncio.start_server(rtsp, args.bind, args.rtsp_port, limit=8192)
    if args.upnp_public:
        await asyncio.get_running_loop().create_datagram_endpoint(SSDP, local_addr=(args.bind, 1900))
        await asyncio.start_server(description, args.bind, 5000, limit=8192)
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
    p.add_argument("--rtsp-server")
    p.add_argument("--rtsp-port", type=int, default=554)
    p.add_argument("--upnp-public")
    p.add_argument("--upnp-manufacturer", default="")
    p.add_argument("--upnp-model", default="")
    p.add_argument("--ready", required=True)
    p.add_argument("--duration", type=float, default=900)
    args = p.parse_args()
    if not in_lab_namespace() and ipaddress.ip_address(args.bind) not in ipaddress.ip_network("127.0.0.0/8"):
        sys.exit("lab-device: refusing to listen on %s outside a lab namespace (loopback only there)" % args.bind)
    args.duration = min(max(args.duration, 1), 3600)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
