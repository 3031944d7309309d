#!/usr/bin/env python3
"""Emulated IoT/embedded devices on loopback: the real servers `botcensus probe` scans in tests and benchmarks.

  device-emulators.py --manifest PATH [--first-host 101] [--devices N] [--duration S] [--port-base B]

One asyncio process serves N devices. Device i listens on its own address 127.0.0.(first-host + i) (a dotted
--first-host such as 127.0.1.10 is accepted too), so all ports of one address are one device. The devices
are a fixed roster of kinds (cameras, routers, NAS, printers, DVRs, TVs/media devices, a smart-home bridge,
mail servers ...) taken in order and cycled when N exceeds the roster (default N: the roster, once). Every
banner, header, title, realm and certificate subject a device presents that a fingerprint can match is an
"examples" input of Sources/Fingerprint/Resources/signatures.json, read at start.

Ports are B (--port-base, default 20000) plus a fixed offset per protocol; a device has only some of them:

  B+21 ftp       220 greeting; USER -> 331, PASS -> 530, QUIT -> 221
  B+22 banner    SSH identification string sent unprompted (ssh.banner examples)
  B+23 telnet    IAC DO TERMINAL-TYPE, WILL ECHO, WILL SUPPRESS-GO-AHEAD; then banner and login prompt
  B+25 smtp      220 greeting, EHLO capabilities, relaying refused, QUIT -> 221 (B+587 too on mail servers)
  B+80 http      HTTP/1.1: title page, 401 with WWW-Authenticate, or a 302 chain; /favicon.ico; 404; HEAD
  B+443 tls      the same HTTP site behind TLS (self-signed certificate made with the openssl CLI)
  B+554 rtsp     RTSP/1.0 OPTIONS, DESCRIBE (401 Digest or SDP)
  B+1900 upnp    UDP: answers a unicast SSDP M-SEARCH with LOCATION http://IP:B+5000/description.xml
  B+5000 http    the UPnP device description (MiniUPnPd's port; 49152 would not fit above B=16383)

Once every socket listens, PATH is written (temp file, then rename) as a JSON list, one object per service,
sorted by address and port:

  {"ip", "port", "transport": "tcp"|"udp", "module": "http"|"tls"|"rtsp"|"telnet"|"ftp"|"smtp"|"upnp"|"banner",
   "device": kind, "class", "vendor", "product", "signature_id", "signature_field", "example", "where",
   "also": [{"signature_id", "signature_field", "example", "vendor", "product", "where"}...],
   "favicon_sha256" (http and tls only)}

"example" is the exact signatures.json text the service presents ("where" says where), vendor/product are
what that signature names; "also" lists the other examples the same service presents. Then one line is
printed: `device-emulators: N services on M addresses, manifest PATH`.

Safety: every socket binds to an address in 127.0.0.0/8 and SSDP answers only loopback senders; anything
else makes the script exit 2 before binding. Reads are bounded (lines 4 KiB, 100 header lines), each read
waits at most 10 s, a connection lasts at most 120 s, at most 4096 connections at once. The process stops by
itself after --duration seconds (default 600, at most 3600) and on SIGTERM/SIGINT. Certificates are made in a
temporary directory that is removed as soon as they are loaded. Python 3 standard library and the openssl CLI
only.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import hashlib
import ipaddress
import json
import os
import re
import resource
import shutil
import signal
import ssl
import struct
import subprocess
import sys
import tempfile
import uuid
import warnings
import zlib
from dataclasses import dataclass, field
from pathlib import Path

PROG = "device-emulators"
SIGNATURES = Path(__file__).resolve().parent.parent / "Sources/Fingerprint/Resources/signatures.json"
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")

OFFSET = {"ftp": 21, "banner": 22, "telnet": 23, "smtp": 25, "http": 80, "https": 443, "rtsp": 554,
          "submission": 587, "ssdp": 1900, "upnp-http": 5000}
IDLE = 10.0              # seconds any single read may wait
SESSION_MAX = 120.0      # seconds a connection may last in all
MAX_LINE = 4096          # bytes in one request/command line (StreamReader limit)
MAX_HEADERS = 100
MAX_REQUESTS = 100       # requests on one keep-alive HTTP/RTSP connection
MAX_COMMANDS = 50        # commands in one FTP/SMTP/telnet session
MAX_BODY = 65536         # request body the HTTP server reads and discards
MAX_CONNECTIONS = 4096
MAX_DURATION = 3600
CERT_TIMEOUT = 60


# ---------------------------------------------------------------------------------------------------------
# Roster: which device kinds exist and which signature examples each presents where.

@dataclass(frozen=True)
class S:
    """A signatures.json example: "id" (first example) or "id#n" (example n)."""
    ref: str


@dataclass(frozen=True)
class Web:
    server: S | str | None = None            # Server header
    title: S | str | None = None             # <title> of the page GET / leads to
    realm: S | str | None = None             # when set, GET / answers 401 with this WWW-Authenticate
    redirect: tuple[str, ...] = ()           # GET / -> 302 -> ... -> last path (200, the title page)


@dataclass(frozen=True)
class Rtsp:
    server: S | str | None = None            # None: the device's HTTP Server header
    realm: S | str | None = None             # DESCRIBE -> 401 with it; None: DESCRIBE -> 200 with SDP


@dataclass(frozen=True)
class Upnp:
    server: S                                # SSDP SERVER header and the description's HTTP Server header
    device_type: str
    services: tuple[str, ...]                # service types (short names) listed in the description


IGD = ("urn:schemas-upnp-org:device:InternetGatewayDevice:1", ("Layer3Forwarding",))
RENDERER = ("urn:schemas-upnp-org:device:MediaRenderer:1", ("RenderingControl", "ConnectionManager", "AVTransport"))
BASIC = ("urn:schemas-upnp-org:device:Basic:1", ())
PRINTER = ("urn:schemas-upnp-org:device:Printer:1", ("PrintBasic",))


def upnp(server: str, kind: tuple[str, tuple[str, ...]]) -> Upnp:
    return Upnp(S(server), kind[0], kind[1])


@dataclass(frozen=True)
class Kind:
    name: str
    cls: str
    vendor: str
    model: str
    web: Web | None = None
    tls: S | str | bool = False              # S: subject from an example; str: literal subject; True: vendor's
    ftp: S | None = None
    telnet: S | None = None
    smtp: S | None = None
    submission: bool = False                 # SMTP on B+587 as well
    ssh: S | None = None
    rtsp: Rtsp | None = None
    upnp: Upnp | None = None


ROSTER = (
    Kind("asus-router", "router", "ASUS", "RT-AC68U",
         web=Web(title=S("asus-router-title"), redirect=("/Main_Login.asp",)), tls=S("asus-router-tls"),
         ftp=S("asus-router-ftp"), telnet=S("asus-router-telnet"), ssh=S("dropbear-generic"),
         upnp=upnp("asus-miniupnpd", IGD)),
    Kind("avm-fritzbox", "router", "AVM", "FRITZ!Box 7490",
         web=Web(title=S("avm-fritzbox-title"), redirect=("/login.lua",)), tls=S("avm-fritzbox-tls"),
         ftp=S("avm-fritzbox-ftp"), upnp=upnp("avm-fritz-upnp", IGD)),
    Kind("axis-camera", "camera", "Axis", "M1011-W",
         web=Web(title=S("axis-title"), redirect=("/index.html", "/view/viewer_index.shtml")),
         tls=S("axis-tls"), ftp=S("axis-ftp"), ssh=S("openssh-generic"),
         rtsp=Rtsp(server="GStreamer RTSP server", realm=S("axis-realm")), upnp=upnp("upnp-sdk-generic", BASIC)),
    Kind("hikvision-camera", "camera", "Hikvision", "DS-2CD2032-I",
         web=Web(server=S("hikvision-webs"), realm=S("hikvision-camera-model-realm")), tls=True,
         telnet=S("hikvision-default-ip-telnet"), rtsp=Rtsp(realm=S("hikvision-ip-camera-realm"))),
    Kind("mikrotik-router", "router", "MikroTik", "RB951Ui-2HnD",
         web=Web(title=S("mikrotik-routeros-title")), tls=True, ftp=S("mikrotik-routeros-ftp"),
         telnet=S("mikrotik-routeros-telnet"), ssh=S("mikrotik-routeros-ssh")),
    Kind("tplink-router", "router", "TP-Link", "TL-WR841N",
         web=Web(server=S("tplink-httpd"), realm=S("tplink-realm")), tls=S("tplink-tls"),
         ssh=S("dropbear-generic#1"), upnp=upnp("tplink-ipos-upnp", IGD)),
    Kind("synology-nas", "nas", "Synology", "DS218+",
         web=Web(title=S("synology-dsm-title"), redirect=("/webman/", "/webman/index.cgi")),
         tls=S("synology-tls"), ftp=S("synology-ftp"), ssh=S("openssh-generic#1")),
    Kind("hp-printer", "printer", "HP", "Officejet Pro 8600",
         web=Web(server=S("hp-http-server#1"), title=S("hp-printer-title#2"),
                 redirect=("/hp/device/this.LCDispatcher",)),
         tls=S("hp-jetdirect-tls#1"), ftp=S("hp-jetdirect-ftp"), telnet=S("hp-jetdirect-telnet"),
         upnp=upnp("hp-http-server#1", PRINTER)),
    Kind("hikvision-dvr", "dvr", "Hikvision", "DS-7204HWI-SH",
         web=Web(server=S("hikvision-dvrdvs-webs"), realm=S("hikvision-dvr-model-realm")),
         tls=S("hikvision-dvr-tls"), telnet=S("hikvision-dvr-telnet"),
         rtsp=Rtsp(realm=S("hikvision-dvr-model-realm"))),
    Kind("philips-hue", "appliance", "Philips", "BSB002",
         web=Web(title=S("philips-hue-title")), tls=S("philips-hue-tls"), upnp=upnp("philips-hue-ipbridge", BASIC)),
    Kind("debian-mail-server", "server", "Debian", "Debian 12 mail server",
         web=Web(server=S("nginx-generic"), title=S("nginx-default-title#1")), tls="CN=mail.example.com",
         ftp=S("vsftpd"), smtp=S("postfix-debian-ubuntu"), submission=True, ssh=S("openssh-debian#1")),
    Kind("kodi-media-center", "tv", "Kodi", "Kodi 19 (LibreELEC)",
         web=Web(realm=S("kodi-realm")), ssh=S("openssh-generic"), upnp=upnp("kodi-platinum-upnp", RENDERER)),
    Kind("xiongmai-dvr", "dvr", "Xiongmai", "NBD80X16S-KL",
         web=Web(server=S("xiongmai-uc-httpd"), title=S("xiongmai-netsurveillance-title")),
         telnet=S("none-login-telnet"), rtsp=Rtsp()),
    Kind("samsung-tv", "tv", "Samsung", "UE55NU7400", upnp=upnp("samsung-tv-upnp", RENDERER)),
    Kind("roku-player", "tv", "Roku", "Roku Ultra 4660X",
         upnp=Upnp(S("roku-ecp"), "urn:roku-com:device:player:1-0", ("dial",))),
    Kind("qnap-nas", "nas", "QNAP", "TS-251+",
         web=Web(title=S("qnap-title")), tls=S("qnap-tls"), ftp=S("qnap-ftp")),
    Kind("brother-printer", "printer", "Brother", "HL-L2340D",
         web=Web(server=S("brother-debut"), title=S("brother-title")), telnet=S("brother-telnet#1")),
    Kind("dahua-camera", "camera", "Dahua", "IPC-HDW4431C-A",
         web=Web(title=S("dahua-web-service-title"), redirect=("/doc/index.html",)),
         rtsp=Rtsp(server="Rtsp Server/3.0", realm=S("dahua-login-realm"))),
    Kind("lg-webos-tv", "tv", "LG", "OLED55C8", upnp=upnp("lg-webos-tv", RENDERER)),
    Kind("sonos-speaker", "tv", "Sonos", "Play:5",
         upnp=Upnp(S("sonos-player"), "urn:schemas-upnp-org:device:ZonePlayer:1", ("DeviceProperties",))),
    Kind("windows-mail-server", "server", "Microsoft", "Exchange Server 2019",
         web=Web(server=S("microsoft-iis"), title=S("iis-server-default-title")),
         tls=S("windows-server-hostname-tls"), smtp=S("microsoft-exchange-smtp"), submission=True),
    Kind("busybox-gateway", "iot-other", "Generic", "embedded Linux gateway",
         web=Web(server=S("goahead-webs"), title="Web Management"), telnet=S("busybox-telnet"),
         ssh=S("dropbear-generic")),
    Kind("netwave-camera", "camera", "Foscam", "FI8918W",
         web=Web(server=S("netwave-ip-camera"), realm='Basic realm="index.htm"')),
)


# ---------------------------------------------------------------------------------------------------------
# Signature examples and the texts each device presents.

@dataclass(frozen=True)
class Text:
    """One text a service presents; sig_id is set when it is a signatures.json example."""
    value: str
    field: str
    sig_id: str | None = None
    vendor: str | None = None
    product: str | None = None


class Signatures:
    def __init__(self, path: Path):
        data = json.loads(path.read_text(encoding="utf-8"))
        self.by_id = {s["id"]: s for s in data["signatures"]}

    def text(self, item: S | str | None, field_name: str) -> Text | None:
        if item is None:
            return None
        if isinstance(item, str):
            return Text(item, field_name)
        sig_id, _, index = item.ref.partition("#")
        sig = self.by_id.get(sig_id)
        if sig is None or sig["field"] != field_name:
            raise SystemExit(f"{PROG}: roster names {item.ref!r} as {field_name}, not in {SIGNATURES.name}")
        example = sig["examples"][int(index or 0)]
        return Text(example["input"], field_name, sig_id,
                    example.get("vendor", sig["vendor"]), example.get("product", sig["product"]))


@dataclass
class Row:
    """One service: where it listens, what serves it, and its manifest entry."""
    ip: str
    port: int
    transport: str
    module: str
    device: "Device"
    presented: list[tuple[Text, str]]        # (text, where) in the order a prober meets them
    serve: object = None                     # coroutine function(reader, writer) or SSDP protocol factory
    tls: ssl.SSLContext | None = None
    favicon: bytes | None = None

    def manifest(self) -> dict:
        sigs = [(t, where) for t, where in self.presented if t.sig_id]
        (first, first_where), rest = sigs[0], sigs[1:]
        entry = {"ip": self.ip, "port": self.port, "transport": self.transport, "module": self.module,
                 "device": self.device.kind.name, "class": self.device.kind.cls,
                 "vendor": first.vendor, "product": first.product, "signature_id": first.sig_id,
                 "signature_field": first.field, "example": first.value, "where": first_where,
                 "also": [{"signature_id": t.sig_id, "signature_field": t.field, "example": t.value,
                           "vendor": t.vendor, "product": t.product, "where": w} for t, w in rest]}
        if self.favicon is not None:
            entry["favicon_sha256"] = hashlib.sha256(self.favicon).hexdigest()
        return entry


@dataclass
class Device:
    kind: Kind
    ip: str
    base: int
    udn: str = ""
    rows: list[Row] = field(default_factory=list)

    def port(self, name: str) -> int:
        return self.base + OFFSET[name]


# ---------------------------------------------------------------------------------------------------------
# Small protocol helpers.

class Closed(Exception):
    """The peer went away, sent too much, or was idle too long: end the session quietly."""


async def read_line(reader: asyncio.StreamReader) -> bytes:
    try:
        line = await asyncio.wait_for(reader.readline(), IDLE)
    except (asyncio.TimeoutError, asyncio.LimitOverrunError, ValueError, ConnectionError) as error:
        raise Closed from error
    if not line:
        raise Closed
    return line


async def read_some(reader: asyncio.StreamReader, timeout: float = IDLE) -> bytes:
    try:
        data = await asyncio.wait_for(reader.read(MAX_LINE), timeout)
    except (asyncio.TimeoutError, ConnectionError) as error:
        raise Closed from error
    if not data:
        raise Closed
    return data


async def send(writer: asyncio.StreamWriter, data: bytes | str) -> None:
    writer.write(data.encode("latin-1") if isinstance(data, str) else data)
    try:
        await asyncio.wait_for(writer.drain(), IDLE)
    except (asyncio.TimeoutError, ConnectionError) as error:
        raise Closed from error


@dataclass
class Request:
    method: str
    target: str
    version: str
    headers: dict[str, str]


async def read_request(reader: asyncio.StreamReader) -> Request | None:
    """An HTTP- or RTSP-style request head; None when it is not one (the caller answers 400)."""
    first = await read_line(reader)
    while first in (b"\r\n", b"\n"):         # tolerated before a request line (RFC 9112 2.2)
        first = await read_line(reader)
    headers: dict[str, str] = {}
    for _ in range(MAX_HEADERS):
        line = await read_line(reader)
        if line in (b"\r\n", b"\n"):
            break
        name, sep, value = line.decode("latin-1").partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    else:
        return None
    parts = first.decode("latin-1").split()
    if len(parts) != 3 or not re.fullmatch(r"[A-Z_-]{1,20}", parts[0]):
        return None
    return Request(parts[0], parts[1], parts[2], headers)


def http_date() -> str:
    return email.utils.formatdate(usegmt=True)


def message(status_line: str, headers: list[tuple[str, str]], body: bytes = b"") -> bytes:
    head = status_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1") + body


# ---------------------------------------------------------------------------------------------------------
# HTTP (device web UI over http and https, and the UPnP description server).

REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
           405: "Method Not Allowed", 505: "HTTP Version Not Supported"}


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def html_page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"<link rel=\"icon\" href=\"/favicon.ico\"></head>\n<body>{body}</body></html>\n").encode("utf-8")


def status_page(status: int) -> Response:
    text = f"{status} {REASONS[status]}"
    return Response(status, [("Content-Type", "text/html")], html_page(text, f"<h1>{text}</h1>"))


@dataclass
class Site:
    server: str | None
    routes: dict[str, Response]

    def respond(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(200, [("Allow", "GET, HEAD, OPTIONS")], b"")
        if request.method not in ("GET", "HEAD"):
            response = status_page(405)
            response.headers.append(("Allow", "GET, HEAD, OPTIONS"))
            return response
        path = request.target.split("?", 1)[0]
        if path.startswith("http://") or path.startswith("https://"):
            path = "/" + path.split("/", 3)[3] if path.count("/") >= 3 else "/"
        return self.routes.get(path) or status_page(404)


def login_site(device: Device, web: Web, title: Text | None, realm: Text | None, server: Text | None,
               favicon: bytes) -> Site:
    kind = device.kind
    routes = {"/favicon.ico": Response(200, [("Content-Type", "image/x-icon")], favicon)}
    if realm is not None:
        response = status_page(401)
        response.headers.append(("WWW-Authenticate", realm.value))
        routes["/"] = response
    else:
        page = title.value if title else f"{kind.vendor} {kind.model}"
        form = ('<form method="post" action="/login"><input name="username"> '
                '<input name="password" type="password"> <button>Login</button></form>')
        routes[(("/",) + web.redirect)[-1]] = Response(
            200, [("Content-Type", "text/html")], html_page(page, f"<h1>{kind.model}</h1>\n{form}"))
        for here, there in zip(("/",) + web.redirect, web.redirect):
            routes[here] = Response(302, [("Location", there), ("Content-Type", "text/html")],
                                    html_page("302 Found", f'<a href="{there}">{there}</a>'))
    return Site(server.value if server else None, routes)


def render(site: Site, response: Response, head_only: bool, keep_alive: bool) -> bytes:
    headers = [("Date", http_date())]
    if site.server:
        headers.append(("Server", site.server))
    headers += response.headers
    headers += [("Content-Length", str(len(response.body))), ("Connection", "keep-alive" if keep_alive else "close")]
    return message(f"HTTP/1.1 {response.status} {REASONS[response.status]}", headers,
                   b"" if head_only else response.body)


async def discard_body(reader: asyncio.StreamReader, request: Request) -> bool:
    """Reads and drops a request body; False when it cannot be skipped safely (then close)."""
    if "chunked" in request.headers.get("transfer-encoding", "").lower():
        return False
    length = request.headers.get("content-length", "0")
    if not length.isdigit() or int(length) > MAX_BODY:
        return False
    try:
        await asyncio.wait_for(reader.readexactly(int(length)), IDLE)
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError) as error:
        raise Closed from error
    return True


def keeps_alive(request: Request) -> bool:
    connection = request.headers.get("connection", "").lower()
    if request.version == "HTTP/1.1":
        return "close" not in connection
    return "keep-alive" in connection


async def serve_http(reader, writer, site: Site) -> None:
    for _ in range(MAX_REQUESTS):
        request = await read_request(reader)
        if request is None or not request.version.startswith("HTTP/"):
            await send(writer, render(site, status_page(400), False, False))
            return
        if request.version not in ("HTTP/1.0", "HTTP/1.1"):
            await send(writer, render(site, status_page(505), False, False))
            return
        keep_alive = await discard_body(reader, request) and keeps_alive(request)
        await send(writer, render(site, site.respond(request), request.method == "HEAD", keep_alive))
        if not keep_alive:
            return


# ---------------------------------------------------------------------------------------------------------
# UPnP: SSDP over UDP and the device description.

def description_xml(device: Device, upnp_spec: Upnp) -> bytes:
    kind = device.kind
    services = "".join(
        f"<service><serviceType>urn:schemas-upnp-org:service:{name}:1</serviceType>"
        f"<serviceId>urn:upnp-org:serviceId:{name}</serviceId><SCPDURL>/scpd/{name}.xml</SCPDURL>"
        f"<controlURL>/control/{name}</controlURL><eventSubURL>/event/{name}</eventSubURL></service>"
        for name in upnp_spec.services)
    serial = hashlib.sha256(device.ip.encode() + kind.name.encode()).hexdigest()[:12].upper()
    xml = (
        '<?xml version="1.0"?>\n<root xmlns="urn:schemas-upnp-org:device-1-0">\n'
        "<specVersion><major>1</major><minor>0</minor></specVersion>\n"
        f"<URLBase>http://{device.ip}:{device.port('upnp-http')}/</URLBase>\n<device>\n"
        f"<deviceType>{upnp_spec.device_type}</deviceType>\n"
        f"<friendlyName>{xml_escape(friendly_name(kind))} ({device.ip})</friendlyName>\n"
        f"<manufacturer>{xml_escape(kind.vendor)}</manufacturer>\n"
        f"<modelDescription>{xml_escape(kind.vendor + ' ' + kind.cls)}</modelDescription>\n"
        f"<modelName>{xml_escape(kind.model)}</modelName>\n<modelNumber>{xml_escape(kind.model)}</modelNumber>\n"
        f"<serialNumber>{serial}</serialNumber>\n<UDN>uuid:{device.udn}</UDN>\n"
        f"<serviceList>{services}</serviceList>\n"
        f"<presentationURL>http://{device.ip}:{device.port('http')}/</presentationURL>\n"
        "</device>\n</root>\n")
    return xml.encode("utf-8")


def friendly_name(kind: Kind) -> str:
    return kind.model if kind.model.startswith(kind.vendor) else f"{kind.vendor} {kind.model}"


def scpd_xml() -> bytes:
    return (b'<?xml version="1.0"?>\n<scpd xmlns="urn:schemas-upnp-org:service-1-0">'
            b"<specVersion><major>1</major><minor>0</minor></specVersion>"
            b"<actionList/><serviceStateTable/></scpd>\n")


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def description_site(device: Device, upnp_spec: Upnp, server: Text) -> Site:
    xml_type = [("Content-Type", 'text/xml; charset="utf-8"')]
    routes = {"/description.xml": Response(200, list(xml_type), description_xml(device, upnp_spec))}
    for name in upnp_spec.services:
        routes[f"/scpd/{name}.xml"] = Response(200, list(xml_type), scpd_xml())
    return Site(server.value, routes)


class SsdpProtocol(asyncio.DatagramProtocol):
    """Answers unicast M-SEARCH requests (MAN "ssdp:discover") for this device; ignores everything else."""

    def __init__(self, device: Device, server: str):
        self.device, self.server, self.transport = device, server, None

    def connection_made(self, transport):
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        if len(data) > 2048 or not is_loopback(addr[0]):
            return
        for st, usn in self.targets(data):
            self.transport.sendto(self.reply(st, usn), addr)

    def targets(self, data: bytes) -> list[tuple[str, str]]:
        lines = data.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
        if lines[0].split() != ["M-SEARCH", "*", "HTTP/1.1"] or headers.get("man", "").strip('"') != "ssdp:discover":
            return []
        uuid_st, root = f"uuid:{self.device.udn}", "upnp:rootdevice"
        device_type = self.upnp.device_type
        known = {root: f"{uuid_st}::{root}", uuid_st: uuid_st, device_type: f"{uuid_st}::{device_type}"}
        st = headers.get("st", "")
        if st == "ssdp:all":
            return list(known.items())
        return [(st, known[st])] if st in known else []

    @property
    def upnp(self) -> Upnp:
        return self.device.kind.upnp

    def reply(self, st: str, usn: str) -> bytes:
        location = f"http://{self.device.ip}:{self.device.port('upnp-http')}/description.xml"
        headers = [("CACHE-CONTROL", "max-age=1800"), ("DATE", http_date()), ("EXT", ""),
                   ("LOCATION", location), ("SERVER", self.server), ("ST", st), ("USN", usn)]
        return message("HTTP/1.1 200 OK", headers)


# ---------------------------------------------------------------------------------------------------------
# RTSP.

RTSP_PUBLIC = "OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE"
RTSP_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 454: "Session Not Found",
                461: "Unsupported Transport", 501: "Not Implemented", 505: "RTSP Version not supported"}


def sdp(device: Device) -> bytes:
    return ("v=0\r\n"
            f"o=- 1 1 IN IP4 {device.ip}\r\n"
            f"s={device.kind.vendor} {device.kind.model}\r\n"
            "c=IN IP4 0.0.0.0\r\nt=0 0\r\na=control:*\r\n"
            "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=1\r\n").encode("ascii")


def rtsp_answer(device: Device, server: str | None, realm: str | None, request: Request) -> bytes:
    status, headers, body = 200, [], b""
    if request.version != "RTSP/1.0":
        status = 505
    elif request.method == "OPTIONS":
        headers.append(("Public", RTSP_PUBLIC))
    elif request.method in ("DESCRIBE", "SETUP") and realm:
        status = 401
        headers.append(("WWW-Authenticate", realm))
    elif request.method == "DESCRIBE":
        body = sdp(device)
        headers += [("Content-Type", "application/sdp"), ("Content-Base", request.target.rstrip("/") + "/"),
                    ("Content-Length", str(len(body)))]
    elif request.method == "SETUP":
        status = 461
    elif request.method in ("PLAY", "PAUSE", "TEARDOWN"):
        status = 454
    else:
        status = 501
    first = [("CSeq", request.headers.get("cseq", "0"))]
    if server:
        first.append(("Server", server))
    first.append(("Date", http_date()))
    return message(f"RTSP/1.0 {status} {RTSP_REASONS[status]}", first + headers, body)


async def serve_rtsp(reader, writer, device: Device, server: str | None, realm: str | None) -> None:
    for _ in range(MAX_REQUESTS):
        request = await read_request(reader)
        if request is None or "cseq" not in request.headers:
            await send(writer, message("RTSP/1.0 400 Bad Request", [("Date", http_date())]))
            return
        await send(writer, rtsp_answer(device, server, realm, request))


# ---------------------------------------------------------------------------------------------------------
# Telnet.

IAC, DONT, DO, WONT, WILL, SB, SE = 255, 254, 253, 252, 251, 250, 240
ECHO, SGA, TTYPE = 1, 3, 24
OPENING = bytes([IAC, DO, TTYPE, IAC, WILL, ECHO, IAC, WILL, SGA])


class TelnetParser:
    """Strips telnet commands from the client's bytes and produces the server's answers to them."""

    def __init__(self):
        self.state, self.verb, self.answered = "data", 0, set()

    def feed(self, data: bytes) -> tuple[bytes, bytes]:
        text, answers = bytearray(), bytearray()
        for byte in data:
            if self.state == "data":
                if byte == IAC:
                    self.state = "iac"
                else:
                    text.append(byte)
            elif self.state == "iac":
                if byte in (DO, DONT, WILL, WONT):
                    self.state, self.verb = "option", byte
                elif byte == SB:
                    self.state = "sb"
                else:
                    if byte == IAC:
                        text.append(IAC)
                    self.state = "data"
            elif self.state == "option":
                answers += self.answer(self.verb, byte)
                self.state = "data"
            elif self.state == "sb":
                self.state = "sb-iac" if byte == IAC else "sb"
            elif self.state == "sb-iac":
                self.state = "data" if byte == SE else "sb"
        return bytes(text), bytes(answers)

    def answer(self, verb: int, option: int) -> bytes:
        if (verb, option) in self.answered:
            return b""                          # answer each request once: no negotiation loops
        self.answered.add((verb, option))
        if verb == WILL and option == TTYPE:
            return bytes([IAC, SB, TTYPE, 1, IAC, SE])          # SEND the terminal type
        if verb == DO and option in (ECHO, SGA):
            return b""
        if verb == WILL:
            return bytes([IAC, DONT, option])
        if verb == DO:
            return bytes([IAC, WONT, option])
        return b""                                              # WONT/DONT: accepted as is


def prompt_of(banner: str) -> tuple[str, str]:
    """The prompt the banner ends with and what it asks for: "login", "password" or "shell"."""
    last = banner.rsplit("\n", 1)[-1]
    if last.lower().endswith("password: "):
        return last, "password"
    if last.endswith(("# ", "> ")):
        return last, "shell"
    if last.lower().endswith("login: "):
        return last, "login"
    return "login: ", "login"


async def telnet_lines(reader, writer, parser: TelnetParser, echo: list[bool]):
    """Yields the client's lines; telnet commands are answered on the way, typed text echoed when asked."""
    buffer = b""
    while True:
        text, answers = parser.feed(await read_some(reader))
        if answers:
            await send(writer, answers)
        if echo[0] and text:
            await send(writer, text.replace(b"\r\0", b"\r\n"))
        buffer += text
        if len(buffer) > MAX_LINE:
            raise Closed
        while True:
            match = re.search(rb"\r\n|\r\0|\n|\r(?!$)", buffer)
            if not match:
                break
            yield buffer[:match.start()].decode("latin-1").strip()
            buffer = buffer[match.end():]


async def serve_telnet(reader, writer, banner: str) -> None:
    parser = TelnetParser()
    await send(writer, OPENING)
    try:                                                        # give the client a moment to negotiate
        _, answers = parser.feed(await read_some(reader, timeout=0.5))
        if answers:
            await send(writer, answers)
    except Closed:
        if reader.at_eof():
            return
    prompt, mode = prompt_of(banner)
    await send(writer, banner if banner.endswith(prompt) else banner + prompt)
    echo, failures = [mode != "password"], 0
    lines = telnet_lines(reader, writer, parser, echo)
    for _ in range(MAX_COMMANDS):
        line = await lines.__anext__()
        if mode == "shell":
            if line in ("exit", "quit", "logout"):
                return
            await send(writer, (f"{line.split()[0]}: not found\r\n" if line else "") + prompt)
        elif mode == "login" and line:
            mode, echo[0] = "password", False
            await send(writer, "Password: ")
        elif mode == "password":
            failures += 1
            if failures >= 3:
                await send(writer, "\r\nLogin incorrect\r\n")
                return
            mode, echo[0] = "login", True
            await send(writer, "\r\nLogin incorrect\r\n" + (prompt if prompt.lower().endswith("login: ") else "login: "))


# ---------------------------------------------------------------------------------------------------------
# FTP, SMTP and the SSH-like banner.

async def commands(reader):
    """Yields (VERB, argument) of the client's command lines."""
    for _ in range(MAX_COMMANDS):
        line = (await read_line(reader)).decode("latin-1").strip()
        verb, _, argument = line.partition(" ")
        yield verb.upper(), argument


async def serve_ftp(reader, writer, greeting: str) -> None:
    await send(writer, greeting)
    failures = 0
    async for verb, argument in commands(reader):
        if verb == "QUIT":
            await send(writer, "221 Goodbye.\r\n")
            return
        if verb == "USER":
            await send(writer, "331 Please specify the password.\r\n")
        elif verb == "PASS":
            failures += 1
            if failures >= 3:
                await send(writer, "421 Too many failed logins.\r\n")
                return
            await send(writer, "530 Login incorrect.\r\n")
        elif verb == "SYST":
            await send(writer, "215 UNIX Type: L8\r\n")
        elif verb == "FEAT":
            await send(writer, "211-Features:\r\n PASV\r\n SIZE\r\n UTF8\r\n211 End\r\n")
        elif verb == "NOOP":
            await send(writer, "200 NOOP ok.\r\n")
        elif verb in ("HELP", "AUTH"):
            await send(writer, "530 Please login with USER and PASS.\r\n" if verb == "AUTH" else "214 Help OK.\r\n")
        elif verb:
            await send(writer, "530 Please login with USER and PASS.\r\n")
        else:
            await send(writer, "500 Unknown command.\r\n")


EHLO_EXTENSIONS = ("PIPELINING", "SIZE 10240000", "ENHANCEDSTATUSCODES", "8BITMIME", "SMTPUTF8")


async def serve_smtp(reader, writer, greeting: str) -> None:
    await send(writer, greeting)
    host = greeting.split()[1] if len(greeting.split()) > 1 else "localhost"
    greeted = False
    async for verb, argument in commands(reader):
        if verb == "QUIT":
            await send(writer, "221 2.0.0 Bye\r\n")
            return
        if verb == "EHLO":
            greeted = True
            lines = (host,) + EHLO_EXTENSIONS
            await send(writer, "".join(f"250{'-' if i < len(lines) - 1 else ' '}{line}\r\n"
                                       for i, line in enumerate(lines)))
        elif verb == "HELO":
            greeted = True
            await send(writer, f"250 {host}\r\n")
        elif verb in ("MAIL", "RCPT", "DATA") and not greeted:
            await send(writer, "503 5.5.1 Error: send HELO/EHLO first\r\n")
        elif verb == "MAIL":
            await send(writer, "250 2.1.0 Ok\r\n")
        elif verb == "RCPT":
            await send(writer, "554 5.7.1 Relay access denied\r\n")
        elif verb == "DATA":
            await send(writer, "554 5.5.1 Error: no valid recipients\r\n")
        elif verb in ("RSET", "NOOP"):
            await send(writer, "250 2.0.0 Ok\r\n")
        elif verb == "VRFY":
            await send(writer, "252 2.0.0 Cannot VRFY user\r\n")
        else:
            await send(writer, "502 5.5.2 Error: command not recognized\r\n")


async def serve_banner(reader, writer, banner: str) -> None:
    await send(writer, banner + "\r\n")
    line = await read_line(reader)
    if not line.startswith(b"SSH-"):
        await send(writer, "Protocol mismatch.\r\n")


# ---------------------------------------------------------------------------------------------------------
# Favicons and certificates.

def favicon(kind: str) -> bytes:
    """A 16x16 two-colour ICO (PNG inside), the same bytes for the same device kind on every run."""
    seed = hashlib.sha256(kind.encode()).digest()
    first, second = seed[0:3], seed[3:6]
    rows = b"".join(b"\0" + b"".join(first if (x + y) % 8 < 4 else second for x in range(16)) for y in range(16))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(png), 22) + png


def openssl_subject(subject: str) -> str:
    """"C=US, O=Example, Inc., CN=x" -> "/C=US/O=Example, Inc./CN=x" (RDNs in the order written)."""
    parts = re.split(r",\s*(?=(?:C|ST|L|O|OU|CN|SERIALNUMBER|emailAddress|DC)=)", subject)
    return "".join("/" + part.replace("/", "\\/") for part in parts)


def make_certificates(subjects: dict[str, str], directory: Path) -> dict[str, ssl.SSLContext]:
    """One self-signed RSA certificate per device kind, made in parallel with the openssl CLI."""
    jobs = {}
    for name, subject in subjects.items():
        key, cert = directory / f"{name}.key", directory / f"{name}.crt"
        serial = int(hashlib.sha256(name.encode()).hexdigest()[:15], 16)
        command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "3650",
                   "-set_serial", str(serial), "-multivalue-rdn", "-subj", openssl_subject(subject),
                   "-keyout", str(key), "-out", str(cert)]
        jobs[name] = (subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE), key, cert)
    contexts = {}
    for name, (process, key, cert) in jobs.items():
        try:
            _, errors = process.communicate(timeout=CERT_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise SystemExit(f"{PROG}: openssl did not make the certificate of {name} in {CERT_TIMEOUT} s")
        if process.returncode != 0:
            raise SystemExit(f"{PROG}: openssl failed for {name} ({subjects[name]!r}): {errors.decode().strip()}")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        # Embedded web servers still speak TLS 1.0/1.1, and scanners' first hellos (nmap's) are that old.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        context.load_cert_chain(cert, key)
        contexts[name] = context
    return contexts


def certificate_subject(kind: Kind, sigs: Signatures) -> Text | None:
    if kind.tls is False:
        return None
    if isinstance(kind.tls, S):
        return sigs.text(kind.tls, "tls.subject")
    literal = kind.tls if isinstance(kind.tls, str) else f"CN={kind.model}, O={kind.vendor}"
    return Text(literal, "tls.subject")


# ---------------------------------------------------------------------------------------------------------
# Building the devices and their services.

def add_web(device: Device, sigs: Signatures, contexts: dict[str, ssl.SSLContext]) -> None:
    web, kind = device.kind.web, device.kind
    server, realm = sigs.text(web.server, "http.server"), sigs.text(web.realm, "http.www_authenticate")
    title = None if realm else sigs.text(web.title, "http.title")
    icon = favicon(kind.name)
    site = login_site(device, web, title, realm, server, icon)
    shown = [(realm, "WWW-Authenticate header of the 401 to GET /"),
             (title, "<title> of the page GET / leads to" + (" (after 302s)" if web.redirect else "")),
             (server, "HTTP Server header")]
    shown = [(t, w) for t, w in shown if t is not None]
    device.rows.append(Row(device.ip, device.port("http"), "tcp", "http", device, shown,
                           lambda r, w: serve_http(r, w, site), favicon=icon))
    subject = certificate_subject(kind, sigs)
    if subject is not None:
        tls_shown = [(subject, "subject of the TLS certificate")] + [(t, "HTTPS: " + w) for t, w in shown]
        device.rows.append(Row(device.ip, device.port("https"), "tcp", "tls", device, tls_shown,
                               lambda r, w: serve_http(r, w, site), tls=contexts[kind.name], favicon=icon))


def add_upnp(device: Device, sigs: Signatures) -> None:
    spec = device.kind.upnp
    server = sigs.text(spec.server, "http.server")
    protocol = SsdpProtocol(device, server.value)
    device.rows.append(Row(device.ip, device.port("ssdp"), "udp", "upnp", device,
                           [(server, "SERVER header of the SSDP M-SEARCH response")], lambda: protocol))
    site = description_site(device, spec, server)
    device.rows.append(Row(device.ip, device.port("upnp-http"), "tcp", "http", device,
                           [(server, "HTTP Server header of /description.xml")], lambda r, w: serve_http(r, w, site)))


def add_rtsp(device: Device, sigs: Signatures) -> None:
    spec, web = device.kind.rtsp, device.kind.web
    server = sigs.text(spec.server if spec.server is not None else (web.server if web else None), "http.server")
    realm = sigs.text(spec.realm, "http.www_authenticate")
    shown = [(t, w) for t, w in ((server, "RTSP Server header (OPTIONS)"),
                                 (realm, "WWW-Authenticate of the RTSP 401 to DESCRIBE")) if t is not None]
    server_value, realm_value = server.value if server else None, realm.value if realm else None
    device.rows.append(Row(device.ip, device.port("rtsp"), "tcp", "rtsp", device, shown,
                           lambda r, w: serve_rtsp(r, w, device, server_value, realm_value)))


def add_banners(device: Device, sigs: Signatures) -> None:
    kind = device.kind
    plain = [("ftp", "ftp", kind.ftp, "ftp.banner", serve_ftp, "FTP greeting"),
             ("telnet", "telnet", kind.telnet, "telnet.banner", serve_telnet, "telnet banner after the options"),
             ("smtp", "smtp", kind.smtp, "smtp.banner", serve_smtp, "SMTP greeting"),
             ("submission", "smtp", kind.smtp if kind.submission else None, "smtp.banner", serve_smtp,
              "SMTP greeting"),
             ("banner", "banner", kind.ssh, "ssh.banner", serve_banner, "SSH identification string (+CRLF)")]
    for port_name, module, item, field_name, serve, where in plain:
        text = sigs.text(item, field_name)
        if text is not None:
            device.rows.append(Row(device.ip, device.port(port_name), "tcp", module, device, [(text, where)],
                                   lambda r, w, serve=serve, value=text.value: serve(r, w, value)))


def build_devices(addresses: list[str], base: int, sigs: Signatures) -> list[Device]:
    kinds = [ROSTER[i % len(ROSTER)] for i in range(len(addresses))]
    subjects = {k.name: certificate_subject(k, sigs).value for k in kinds if k.tls is not False}
    # The contexts hold keys and certificates in memory: the files go at once, so even a killed run leaves none.
    certs = Path(tempfile.mkdtemp(prefix=f"{PROG}-"))
    try:
        contexts = make_certificates(subjects, certs)
    finally:
        shutil.rmtree(certs, ignore_errors=True)
    devices = []
    for ip, kind in zip(addresses, kinds):
        device = Device(kind, ip, base, str(uuid.uuid5(uuid.NAMESPACE_URL, f"botcensus:{kind.name}:{ip}")))
        if kind.web:
            add_web(device, sigs, contexts)
        if kind.rtsp:
            add_rtsp(device, sigs)
        if kind.upnp:
            add_upnp(device, sigs)
        add_banners(device, sigs)
        for row in device.rows:
            if not any(t.sig_id for t, _ in row.presented):
                raise SystemExit(f"{PROG}: roster bug: {kind.name} {row.module} presents no signature example")
        devices.append(device)
    return devices


# ---------------------------------------------------------------------------------------------------------
# Running.

class Runtime:
    """Tracks live connections so they are bounded in number and cancelled on stop."""

    def __init__(self):
        self.tasks: set[asyncio.Task] = set()

    def handler(self, serve):
        async def on_connect(reader, writer):
            task = asyncio.current_task()
            self.tasks.add(task)
            try:
                if len(self.tasks) <= MAX_CONNECTIONS:
                    await asyncio.wait_for(serve(reader, writer), SESSION_MAX)
            except (Closed, asyncio.TimeoutError, ConnectionError, ssl.SSLError, StopAsyncIteration):
                pass
            except asyncio.CancelledError:                      # stopping: end quietly, not as a cancelled task
                pass
            except Exception as error:                          # a bug must not take the other devices down
                print(f"{PROG}: session error: {error!r}", file=sys.stderr)
            finally:
                self.tasks.discard(task)
                writer.close()
        return on_connect


async def start(rows: list[Row], runtime: Runtime) -> list:
    servers, loop = [], asyncio.get_running_loop()
    for row in rows:
        require_loopback(row.ip)
        try:
            if row.transport == "udp":
                transport, _ = await loop.create_datagram_endpoint(row.serve, local_addr=(row.ip, row.port))
                servers.append(transport)
            else:
                servers.append(await asyncio.start_server(
                    runtime.handler(row.serve), row.ip, row.port, limit=MAX_LINE, ssl=row.tls,
                    ssl_handshake_timeout=IDLE if row.tls else None, backlog=256))
        except OSError as error:
            close_all(servers)
            raise SystemExit(f"{PROG}: cannot listen on {row.ip}:{row.port}/{row.transport}: {error.strerror}")
    return servers


def close_all(servers: list) -> None:
    for server in servers:
        server.close()


def write_manifest(path: Path, rows: list[Row]) -> None:
    entries = [row.manifest() for row in rows]
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(entries, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(temporary, path)


async def run(devices: list[Device], manifest: Path, duration: float) -> None:
    rows = sorted((row for d in devices for row in d.rows),
                  key=lambda r: (ipaddress.ip_address(r.ip), r.port, r.transport))
    runtime, stop = Runtime(), asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    servers = await start(rows, runtime)
    try:
        write_manifest(manifest, rows)
        print(f"{PROG}: {len(rows)} services on {len(devices)} addresses, manifest {manifest}", flush=True)
        try:
            await asyncio.wait_for(stop.wait(), duration)
        except asyncio.TimeoutError:
            pass
    finally:
        close_all(servers)
        for task in list(runtime.tasks):
            task.cancel()
        await asyncio.gather(*runtime.tasks, return_exceptions=True)


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address) in LOOPBACK
    except ValueError:
        return False


def require_loopback(address: str) -> None:
    if not is_loopback(address):
        print(f"{PROG}: refusing {address}: only loopback addresses (127.0.0.0/8) may be used", file=sys.stderr)
        sys.exit(2)


def device_addresses(first: str, count: int) -> list[str]:
    if first.isdigit():
        if not 1 <= int(first) <= 254:
            fail(f"--first-host {first} is not 1..254")
        first = f"127.0.0.{first}"
    require_loopback(first)
    start_address = ipaddress.ip_address(first)
    addresses = [start_address + i for i in range(count)]
    for address in (addresses[0], addresses[-1]):
        require_loopback(str(address))
        if address in (LOOPBACK.network_address, LOOPBACK.broadcast_address):
            fail(f"{count} devices from {first} would use {address}; choose another --first-host or fewer devices")
    return [str(a) for a in addresses]


def fail(text: str) -> None:
    print(f"{PROG}: {text}", file=sys.stderr)
    sys.exit(2)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.split("\n")[0])
    parser.add_argument("--manifest", required=True, type=Path)
    parser.add_argument("--first-host", default="101", help="last octet in 127.0.0.0/24, or a 127.x.y.z address")
    parser.add_argument("--devices", type=int, default=len(ROSTER))
    parser.add_argument("--duration", type=float, default=600.0)
    parser.add_argument("--port-base", type=int, default=20000)
    args = parser.parse_args(argv)
    if not 0 < args.duration <= MAX_DURATION:
        fail(f"--duration must be in (0, {MAX_DURATION}] seconds")
    if not args.manifest.resolve().parent.is_dir():
        fail(f"--manifest {args.manifest}: no such directory")
    if not 1 <= args.devices <= 1000:
        fail("--devices must be 1..1000")
    if not 0 <= args.port_base <= 65535 - max(OFFSET.values()):
        fail(f"--port-base must be 0..{65535 - max(OFFSET.values())} (the highest offset is {max(OFFSET.values())})")
    return args


def raise_file_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard == resource.RLIM_INFINITY else min(hard, needed), hard))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    addresses = device_addresses(args.first_host, args.devices)
    sigs = Signatures(SIGNATURES)
    devices = build_devices(addresses, args.port_base, sigs)
    raise_file_limit(sum(len(d.rows) for d in devices) + MAX_CONNECTIONS + 64)
    asyncio.run(run(devices, args.manifest, args.duration))
    return 0


if __name__ == "__main__":
    sys.exit(main())
