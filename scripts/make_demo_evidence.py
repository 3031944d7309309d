#!/usr/bin/env python3
"""Write the built-in demo evidence of `botcensus demo`.

Output (in Sources/Workflow/Resources/demo/ unless --out is given):
  postfix.log   classic-syslog Postfix log of the spam trap `trap` (year 2026, times UTC, no year in lines)
  p0f.log       p0f 3.09b log (`p0f -o`, run with TZ=UTC) of the trap's SMTP port 198.18.0.25:25
  zgrab2.jsonl  zgrab2 results for the sending addresses (one JSON object per target)
  story.json    the ground truth: per address its role, messages, true sender class, expected verdict, ...

Standard library only, fully deterministic (random.Random(2014), no wall clock): running it twice gives the
same bytes.  All addresses are in documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24; the trap is
198.18.0.25 in the benchmark range 198.18/15).

p0f lines are written the way p0f 3.09b really prints them (checked by replaying the SYNs through p0f -r):
  raw_sig = ver:OBSERVED_TTL+DIST:olen:mss:wsize,scale:olayout:quirks:pclass, wsize as mss*N when it is a
  multiple of the MSS; `os` and `params` are what p0f.fp 3.09b says for that SYN (it knows no Windows 10 and
  no modern Linux by name, and one embedded-Linux SYN gets a fuzzy Windows label: see SIGS).
"""

import argparse
import datetime as dt
import json
import os
import sys

import random

SEED = 2014
YEAR = 2026
TRAP_HOST = "trap"
TRAP_IP = "198.18.0.25"
TRAP_DOMAIN = "trap.example.org"
UTC = dt.timezone.utc

DAY_START = dt.datetime(2026, 1, 6, 0, 0, 0, tzinfo=UTC)
DAY_END = dt.datetime(2026, 1, 9, 23, 59, 0, tzinfo=UTC)

# ---------------------------------------------------------------------------------------------------------
# TCP SYN signatures of the senders.  os/params: what p0f 3.09b (p0f.fp of the Debian package) prints.
# ---------------------------------------------------------------------------------------------------------
SIGS = {
    # Windows 10/11: p0f.fp has no Windows 10 entry; 64240 = 44*MSS hits the generic NT-kernel signature.
    "win10": dict(ittl=128, mss=1460, win=64240, ws=8, layout="mss,nop,ws,nop,nop,sok", quirks="df,id+",
                  os="Windows NT kernel", params="generic", family="windows", label="Windows 10",
                  ports=(49152, 65000)),
    "win7": dict(ittl=128, mss=1460, win=8192, ws=8, layout="mss,nop,ws,nop,nop,sok", quirks="df,id+",
                 os="Windows 7 or 8", params="none", family="windows", label="Windows 7",
                 ports=(49152, 65000)),
    "winxp": dict(ittl=128, mss=1460, win=65535, ws=0, layout="mss,nop,nop,sok", quirks="df,id+",
                  os="Windows XP", params="none", family="windows", label="Windows XP",
                  ports=(1025, 5000)),
    # Linux 4.19+ (Ubuntu 22.04 etc.): 64240,7 is known to p0f only by the generic 2.2.x-3.x signature.
    "linux-modern": dict(ittl=64, mss=1460, win=64240, ws=7, layout="mss,sok,ts,nop,ws", quirks="df,id+",
                         os="Linux 2.2.x-3.x", params="generic", family="linux", label="Linux 5.x",
                         ports=(32768, 60999)),
    # Linux 2.6 on a small-memory device (DVR): 5840 = 4*MSS, scale 2; p0f.fp calls it "Linux 2.4.x".
    "linux26-embedded": dict(ittl=64, mss=1460, win=5840, ws=2, layout="mss,sok,ts,nop,ws", quirks="df,id+",
                             os="Linux 2.4.x", params="none", family="linux", label="Linux 2.6 (embedded)",
                             ports=(32768, 60999)),
    # Linux 2.6 router with window scaling off: p0f has no signature (os=???).
    "linux26-nows": dict(ittl=64, mss=1460, win=5840, ws=0, layout="mss,sok,ts", quirks="df,id+",
                         os="???", params="none", family="linux", label="Linux 2.6 (embedded, no wscale)",
                         ports=(32768, 60999)),
    # Linux 2.6 DVR with timestamps and window scaling off.  p0f 3.09b labels this *Windows NT kernel*
    # (generic fuzzy: TTL mismatch) although the initial TTL is 64.  A trap for trusting p0f's label.
    "linux26-nots": dict(ittl=64, mss=1460, win=5840, ws=0, layout="mss,nop,nop,sok", quirks="df,id+",
                         os="Windows NT kernel", params="generic fuzzy", family="linux",
                         label="Linux 2.6 (embedded, no timestamps, no wscale)", ports=(32768, 60999)),
    # Linux 3.x camera (IW10): 14600 = 10*MSS, scale 4.
    "linux3-embedded": dict(ittl=64, mss=1460, win=14600, ws=4, layout="mss,sok,ts,nop,ws", quirks="df,id+",
                            os="Linux 3.1-3.10", params="none", family="linux", label="Linux 3.x (embedded)",
                            ports=(32768, 60999)),
}

# The trap's own SYN+ACK, as p0f prints it (copied from a p0f run on a Linux 6.x trap).
TRAP_SYNACK_SIG = "4:64+0:0:1460:mss*45,7:mss,sok,ts,nop,ws:df:0"


def raw_sig(sig, dist):
    win = sig["win"]
    wsz = "mss*%d" % (win // sig["mss"]) if win % sig["mss"] == 0 else str(win)
    return "4:%d+%d:0:%d:%s,%d:%s:%s:0" % (sig["ittl"] - dist, dist, sig["mss"], wsz, sig["ws"],
                                           sig["layout"], sig["quirks"])


# ---------------------------------------------------------------------------------------------------------
# zgrab2 module results
# ---------------------------------------------------------------------------------------------------------
def zts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def http_ok(ip, port, t, status, server=None, title=None, body=None, wwwauth=None, extra_headers=None,
            path="/"):
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found"}[status]
    headers = {}
    if server is not None:
        headers["server"] = [server]
    if wwwauth is not None:
        headers["www_authenticate"] = [wwwauth]
    for k, v in (extra_headers or {}).items():
        headers[k] = [v]
    if body is None:
        body = "<html><head><title>%s</title></head><body></body></html>" % (title or "")
    host = ip if port == 80 else "%s:%d" % (ip, port)
    return {"status": "success", "protocol": "http", "port": port,
            "result": {"response": {
                "status_line": "%d %s" % (status, reason), "status_code": status,
                "protocol": {"name": "HTTP/1.1", "major": 1, "minor": 1},
                "headers": headers, "body": body,
                "request": {"url": {"scheme": "http", "host": host, "path": path}, "method": "GET"}}},
            "timestamp": zts(t)}


def ssh_ok(port, t, raw):
    ident = raw[len("SSH-"):]
    version, _, rest = ident.partition("-")
    software, _, comment = rest.partition(" ")
    sid = {"raw": raw, "version": version, "software": software}
    if comment:
        sid["comment"] = comment
    return {"status": "success", "protocol": "ssh", "port": port, "result": {"server_id": sid},
            "timestamp": zts(t)}


def banner_ok(proto, port, t, banner):
    return {"status": "success", "protocol": proto, "port": port, "result": {"banner": banner},
            "timestamp": zts(t)}


def tls_ok(port, t, subject_dn, issuer_dn=None):
    return {"status": "success", "protocol": "tls", "port": port,
            "result": {"handshake_log": {"server_certificates": {"certificate": {"parsed": {
                "subject_dn": subject_dn, "issuer_dn": issuer_dn or subject_dn}}}}},
            "timestamp": zts(t)}


def failed(proto, ip, port, t, status):
    err = {"connection-timeout": "dial tcp %s:%d: i/o timeout" % (ip, port),
           "connection-refused": "dial tcp %s:%d: connect: connection refused" % (ip, port)}[status]
    return {"status": status, "protocol": proto, "port": port, "timestamp": zts(t), "error": err}


def go_json(obj):
    """json.Marshal-like: compact, and <, >, & escaped as Go's encoder does."""
    s = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# ---------------------------------------------------------------------------------------------------------
# The story
# ---------------------------------------------------------------------------------------------------------
def build_story(rng):
    """Return a list of address records; each has the senders (sig, dist, messages) and a scan function."""
    A = []

    def add(ip, role, case, true_class, hosts, verdict, naive, note, senders, rdns=None, scan=None,
            scan_delay_h=(2.0, 6.0), window=None, syn_logged=True):
        A.append(dict(ip=ip, role=role, case=case, true_sender_class=true_class, true_hosts_behind_ip=hosts,
                      expected_verdict=verdict, naive_class=naive, note=note, senders=senders, rdns=rdns,
                      scan=scan, scan_delay_h=scan_delay_h, window=window, syn_logged=syn_logged))

    # 1. fridge UI forwarded; a Windows 10 laptop behind the same router sends everything.
    def scan_fridge(ip, t):
        return {"http": http_ok(ip, 80, t, 200, title="Samsung Family Hub",
                                extra_headers={"content_type": "text/html"})}
    add("203.0.113.7", "nat-forwarded-appliance", 1, "pc", 2, "other-host-behind-nat", "appliance",
        "Samsung Family Hub fridge web UI forwarded on port 80 answers the scan; every spam SYN is one "
        "Windows 10 stack (TTL 128, one distance): a laptop behind the same NAT sends the spam.",
        [dict(sig="win10", dist=14, messages=18, host="laptop")],
        rdns="dsl-203-0-113-7.example.net", scan=scan_fridge)

    # 2. compromised home router, directly attached, sending itself.
    def scan_router(ip, t):
        return {"http": http_ok(ip, 80, t, 401, wwwauth='Basic realm="TP-LINK Wireless N Router WR841N"',
                                title="401 Unauthorized"),
                "telnet": banner_ok("telnet", 23, t + dt.timedelta(seconds=4), "\r\n(none) login: ")}
    add("198.51.100.23", "infected-gateway", 2, "router", 1, "gateway-sent", "router",
        "TP-LINK WR841N admin UI (401, realm names the model) and a BusyBox telnet login answer; the spam "
        "SYNs are an embedded Linux 2.6 stack (TTL 64, window scaling off, p0f os=???): the router itself.",
        [dict(sig="linux26-nows", dist=9, messages=24, host="router")], scan=scan_router)

    # 3. camera seen three weeks after the spam on a reassigned dynamic address.
    def scan_camera_late(ip, t):
        body = ("<!DOCTYPE html>\n<html>\n<head>\n<title></title>\n<script>\nwindow.location.href = "
                "\"/doc/page/login.asp?_\" + (new Date()).getTime();\n</script>\n</head>\n<body>\n</body>\n"
                "</html>\n")
        return {"http": http_ok(ip, 80, t, 200, server="App-webs/", body=body,
                                extra_headers={"content_type": "text/html"})}
    add("203.0.113.50", "reassigned-address", 3, "pc", 1, "stale", "camera",
        "Spam on Jan 6-7 from a Windows 7 stack; the only scan is on 2026-01-27 and finds a Hikvision "
        "IP camera (App-webs/): the dynamic address belonged to another household by then.",
        [dict(sig="win7", dist=15, messages=9, host="pc")],
        rdns="dyn-203-0-113-50.example.net", scan=scan_camera_late,
        window=(dt.datetime(2026, 1, 6, 1, 0, tzinfo=UTC), dt.datetime(2026, 1, 7, 22, 0, tzinfo=UTC)))

    # 4. family behind a FRITZ!Box: a Windows 10 PC and a Linux PC both send.
    def scan_fritz(ip, t):
        return {"http": http_ok(ip, 80, t, 200, title="FRITZ!Box",
                                extra_headers={"content_type": "text/html; charset=utf-8"}),
                "ftp": banner_ok("ftp", 21, t + dt.timedelta(seconds=6),
                                 "220 FRITZ!Box7490 FTP server ready.\r\n")}
    add("203.0.113.80", "nat-family", 4, "pc", 3, "other-host-behind-nat", "router",
        "A FRITZ!Box 7490 answers (web UI, FTP). Spam arrives with two different SYN stacks at the same "
        "distance 12: Windows 10 and a modern Linux desktop. Two infected PCs behind one router.",
        [dict(sig="win10", dist=12, messages=12, host="pc-windows"),
         dict(sig="linux-modern", dist=12, messages=10, host="pc-linux")],
        rdns="dsl-203-0-113-80.example.net", scan=scan_fritz)

    # 5. three DVRs directly attached, infected, sending themselves.
    def scan_dvr_xm(ip, t):
        return {"http": http_ok(ip, 80, t, 200, server="uc-httpd 1.0.0", title="NETSurveillance WEB"),
                "telnet": banner_ok("telnet", 23, t + dt.timedelta(seconds=4), "\r\nLocalHost login: ")}

    def scan_dvr_hik(ip, t):
        body = ("<html><head><title>Document Error: Unauthorized</title></head>\r\n<body><h2>Access Error: "
                "Unauthorized</h2>\r\n<p>Access to this document requires a User ID</p></body></html>\r\n\r\n")
        return {"http": http_ok(ip, 80, t, 401, server="DNVRS-Webs", wwwauth='Basic realm="DVR"', body=body),
                "tls": tls_ok(443, t + dt.timedelta(seconds=3),
                              "C=CN, ST=ZheJiang, L=HangZhou, O=HIKVISION, OU=DVRNVR, CN=www.hikvision.com")}

    def scan_dvr_xm2(ip, t):
        return {"http": http_ok(ip, 80, t, 200, server="uc-httpd/1.0.0", title="NETSurveillance WEB"),
                "telnet": failed("telnet", ip, 23, t + dt.timedelta(seconds=4), "connection-refused")}
    add("198.51.100.40", "infected-dvr", 5, "dvr", 1, "device-sent", "dvr",
        "Xiongmai DVR (uc-httpd, NETSurveillance WEB, telnet login) directly attached; embedded Linux 2.6 "
        "SYNs: the DVR sends.",
        [dict(sig="linux26-embedded", dist=17, messages=30, host="dvr")], scan=scan_dvr_xm)
    add("198.51.100.41", "infected-dvr", 5, "dvr", 1, "device-sent", "dvr",
        "Hikvision-OEM DVR (DNVRS-Webs, realm DVR, HIKVISION DVRNVR certificate) directly attached; "
        "embedded Linux 2.6 SYNs: the DVR sends.",
        [dict(sig="linux26-embedded", dist=11, messages=27, host="dvr")], scan=scan_dvr_hik)
    add("198.51.100.42", "infected-dvr", 5, "dvr", 1, "device-sent", "dvr",
        "Xiongmai DVR directly attached. Its SYN (TTL 64, 5840 = 4*MSS, no timestamps, no window scaling) "
        "is an embedded Linux 2.6 stack, but p0f 3.09b labels it 'Windows NT kernel' (generic fuzzy): "
        "judge the raw signature (initial TTL 64), not p0f's label.",
        [dict(sig="linux26-nots", dist=10, messages=25, host="dvr")], scan=scan_dvr_xm2)

    # 6. camera directly attached and sending.
    def scan_dahua(ip, t):
        # The camera's CGI answers 401 with Dahua's per-device Digest realm (serial number).
        return {"http": http_ok(ip, 80, t, 401, body="",
                                wwwauth='Digest realm="Login to 4L02A7APAZ12345", qop="auth", '
                                        'nonce="1873472935", opaque="5ccc069c403ebaf9f0171e9517f40e41"')}
    add("198.51.100.70", "infected-camera", 6, "camera", 1, "device-sent", "camera",
        "Dahua IP camera (Digest realm 'Login to <serial>') directly attached; embedded Linux 3.x SYNs: the camera "
        "sends.",
        [dict(sig="linux3-embedded", dist=16, messages=14, host="camera")], scan=scan_dahua)

    # 7. smart TV forwarded, Windows XP sender.
    def scan_tv(ip, t):
        body = ('<?xml version="1.0"?>\n<root xmlns="urn:schemas-upnp-org:device-1-0" '
                'xmlns:sec="http://www.sec.co.kr/dlna" xmlns:dlna="urn:schemas-dlna-org:device-1-0">\n'
                ' <specVersion><major>1</major><minor>0</minor></specVersion>\n <device>\n'
                '  <deviceType>urn:schemas-upnp-org:device:MediaRenderer:1</deviceType>\n'
                '  <friendlyName>[TV] Samsung 7 Series (55)</friendlyName>\n'
                '  <manufacturer>Samsung Electronics</manufacturer>\n'
                '  <modelName>UE55RU7100</modelName>\n'
                '  <UDN>uuid:3f1c2a4e-0d6b-4a8e-9c1f-5b7e2d9a6c30</UDN>\n </device>\n</root>\n')
        return {"http": http_ok(ip, 9197, t, 200, server="SHP, UPnP/1.0, Samsung UPnP SDK/1.0", body=body,
                                extra_headers={"content_type": 'text/xml;charset="utf-8"'}, path="/dmr")}
    add("203.0.113.120", "nat-forwarded-tv", 7, "pc", 2, "other-host-behind-nat", "tv",
        "A Samsung smart TV's DLNA renderer (port 9197) is forwarded and answers; the spam SYNs are "
        "Windows XP: an old PC behind the same NAT sends.",
        [dict(sig="winxp", dist=13, messages=11, host="pc")],
        rdns="cable-203-0-113-120.example.net", scan=scan_tv)

    # 8. two compromised Ubuntu servers.
    def scan_server(name):
        def f(ip, t):
            return {"http": http_ok(ip, 80, t, 200, server="Apache/2.4.52 (Ubuntu)",
                                    title="Apache2 Ubuntu Default Page: It works"),
                    "ssh": ssh_ok(22, t + dt.timedelta(seconds=2), "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6"),
                    "smtp": banner_ok("smtp", 25, t + dt.timedelta(seconds=5),
                                      "220 %s ESMTP Postfix (Ubuntu)\r\n" % name)}
        return f
    add("198.51.100.60", "infected-server", 8, "server", 1, "device-sent", "server",
        "Ubuntu 22.04 server (Apache, OpenSSH, Postfix) whose modern Linux SYNs match what answers: the "
        "server itself sends.",
        [dict(sig="linux-modern", dist=11, messages=28, host="server")],
        rdns="vps-60.example.com", scan=scan_server("vps-60.example.com"))
    add("198.51.100.61", "infected-server", 8, "server", 1, "device-sent", "server",
        "Second compromised Ubuntu 22.04 server, same stack as 198.51.100.60.",
        [dict(sig="linux-modern", dist=9, messages=19, host="server")],
        rdns="vps-61.example.com", scan=scan_server("vps-61.example.com"))

    # 11. NAS forwarded on 5000/443, Windows 10 sender.
    def scan_nas(ip, t):
        return {"http": http_ok(ip, 5000, t, 200, server="nginx",
                                title="DiskStation&nbsp;-&nbsp;Synology&nbsp;DiskStation",
                                extra_headers={"content_type": "text/html; charset=\"UTF-8\""}),
                "tls": tls_ok(443, t + dt.timedelta(seconds=3), "C=TW, L=Taipei, O=Synology Inc., CN=synology.com")}
    add("203.0.113.150", "nat-forwarded-nas", 11, "pc", 2, "other-host-behind-nat", "nas",
        "Synology DiskStation forwarded on 5000 (DSM) and 443 (default Synology certificate); the spam "
        "SYNs are Windows 10: a PC behind the NAT sends.",
        [dict(sig="win10", dist=18, messages=16, host="pc")],
        rdns="dsl-203-0-113-150.example.net", scan=scan_nas)

    # 9. plain Windows PCs: nothing answers (no zgrab2 line, or only failed modules).
    pcs = ["192.0.2.%d" % i for i in range(10, 26)] + ["203.0.113.%d" % i for i in range(200, 210)]
    failed_lines = {"192.0.2.11", "192.0.2.14", "192.0.2.19", "192.0.2.23", "203.0.113.201", "203.0.113.206"}
    for ip in pcs:
        sig = "win10" if rng.random() < 0.6 else "win7"
        dist = rng.randint(8, 20)
        n = rng.randint(1, 8)
        if ip in failed_lines:
            mode = rng.choice(["connection-timeout", "connection-refused"])

            def scan_fail(ip_, t, mode=mode):
                return {"http": failed("http", ip_, 80, t, mode),
                        "telnet": failed("telnet", ip_, 23, t + dt.timedelta(seconds=10), "connection-timeout")}
            scan = scan_fail
            note_scan = "the scan got only %s answers" % mode
        else:
            scan = None
            note_scan = "nothing answered the scan (no zgrab2 line)"
        rdns = ("dsl-%s.example.net" % ip.replace(".", "-")) if rng.random() < 0.3 else None
        add(ip, "plain-pc", 9, "pc", 1, "no-evidence", "unknown",
            "Infected Windows PC (%s SYN, distance %d); %s." % (SIGS[sig]["label"], dist, note_scan),
            [dict(sig=sig, dist=dist, messages=n, host="pc")], rdns=rdns, scan=scan)

    # 10. spam in the Postfix log only: no p0f line, nothing answers.
    for ip, n in (("192.0.2.99", 3), ("192.0.2.98", 2)):
        add(ip, "pc-no-syn", 10, "pc", 1, "no-evidence", "unknown",
            "Spam in the Postfix log only: p0f was not running for these connections and nothing answered.",
            [dict(sig="win10", dist=rng.randint(8, 20), messages=n, host="pc")], syn_logged=False)
    return A


# ---------------------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------------------
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
WORDS = ["deal", "offer", "promo", "news", "info", "sale", "bonus", "win", "club", "shop", "mail", "alert",
         "rx", "pharm", "replica", "loan", "prize", "crypto", "invest", "dating"]
DOMAINS = ["example.com", "example.net", "example.org"]
RCPTS = ["info", "sales", "admin", "office", "contact", "webmaster"]


def syslog_time(t):
    return "%s %2d %s" % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"))


def p0f_time(t):
    return t.strftime("[%Y/%m/%d %H:%M:%S]")


def generate(out_dir):
    rng = random.Random(SEED)
    story = build_story(rng)

    # --- message times -----------------------------------------------------------------------------------
    conns = []          # (time, record, sender)
    used_qids = set()
    for rec in story:
        total = sum(s["messages"] for s in rec["senders"])
        if rec["window"]:
            lo, hi = rec["window"]
        else:
            first = DAY_START + dt.timedelta(seconds=rng.randint(0, int(2.8 * 86400)))
            span = dt.timedelta(hours=rng.uniform(4, 60))
            lo, hi = first, min(first + span, DAY_END)
        # spread the messages uniformly over the window on a 60 s grid with jitter (>= 31 s apart)
        slots = int((hi - lo).total_seconds()) // 60
        picked = [m * 60 + rng.randint(0, 29) for m in rng.sample(range(slots), total)]
        owners = []
        for s in rec["senders"]:
            owners += [s] * s["messages"]
        times = sorted(picked)
        order = list(range(total))
        rng.shuffle(order)
        for i, o in enumerate(times):
            conns.append((lo + dt.timedelta(seconds=o), rec, owners[order[i]]))
        rec["first_spam"] = lo + dt.timedelta(seconds=times[0])
        rec["last_spam"] = lo + dt.timedelta(seconds=times[-1])
    conns.sort(key=lambda c: (c[0], c[1]["ip"]))

    # --- postfix and p0f lines ---------------------------------------------------------------------------
    pf = []    # (time, seq, line)
    p0 = []    # (time, seq, line)
    seq = [0]

    def emit(lst, t, line):
        seq[0] += 1
        lst.append((t, seq[0], line))

    smtpd_busy = {}       # pid -> busy until
    cleanup_pids = [2417, 2418, 2431]
    qmgr_pid = 1187
    local_pids = [2440, 2441]
    next_pid = [2301]
    uptime_done = set()
    synack_every = 23
    conn_index = 0

    def smtpd_pid(t, until):
        for pid in sorted(smtpd_busy):
            if smtpd_busy[pid] < t:
                smtpd_busy[pid] = until
                return pid
        pid = next_pid[0]
        next_pid[0] += rng.randint(1, 9)
        smtpd_busy[pid] = until
        return pid

    for t, rec, snd in conns:
        conn_index += 1
        ip = rec["ip"]
        name = rec["rdns"] or "unknown"
        client = "%s[%s]" % (name, ip)
        d_client = rng.randint(0, 2)
        d_queue = d_client + rng.randint(0, 1)
        d_deliver = d_queue + rng.randint(0, 1)
        d_disc = d_deliver + rng.randint(0, 1)
        pid = smtpd_pid(t, t + dt.timedelta(seconds=d_disc))
        while True:
            qid = "".join(rng.choice(ALNUM) for _ in range(rng.randint(10, 12)))
            if qid not in used_qids:
                used_qids.add(qid)
                break
        tc = t + dt.timedelta(seconds=d_client)
        tq = t + dt.timedelta(seconds=d_queue)
        td = t + dt.timedelta(seconds=d_deliver)
        tx = t + dt.timedelta(seconds=d_disc)
        sender = "%s.%s%d@%s" % (rng.choice(WORDS), rng.choice(WORDS), rng.randint(1, 999), rng.choice(DOMAINS))
        rcpt = "%s@%s" % (rng.choice(RCPTS), TRAP_DOMAIN)
        msgid = "%s.%s@%s" % (tc.strftime("%Y%m%d%H%M%S"), "".join(rng.choice(ALNUM) for _ in range(8)),
                              rng.choice(DOMAINS))
        size = rng.randint(1800, 24000)
        if rec["rdns"] is not None and rec["role"] == "plain-pc" and rng.random() < 0.3:
            emit(pf, t, "%s %s postfix/smtpd[%d]: warning: hostname %s does not resolve to address %s: "
                 "Name or service not known" % (syslog_time(t), TRAP_HOST, pid, rec["rdns"], ip))
            client = "unknown[%s]" % ip
        emit(pf, t, "%s %s postfix/smtpd[%d]: connect from %s" % (syslog_time(t), TRAP_HOST, pid, client))
        emit(pf, tc, "%s %s postfix/smtpd[%d]: %s: client=%s" % (syslog_time(tc), TRAP_HOST, pid, qid, client))
        emit(pf, tc, "%s %s postfix/cleanup[%d]: %s: message-id=<%s>"
             % (syslog_time(tc), TRAP_HOST, rng.choice(cleanup_pids), qid, msgid))
        emit(pf, tq, "%s %s postfix/qmgr[%d]: %s: from=<%s>, size=%d, nrcpt=1 (queue active)"
             % (syslog_time(tq), TRAP_HOST, qmgr_pid, qid, sender, size))
        emit(pf, td, "%s %s postfix/local[%d]: %s: to=<%s>, relay=local, delay=%d, delays=%d/0.01/0/0.02, "
             "dsn=2.0.0, status=sent (delivered to mailbox)"
             % (syslog_time(td), TRAP_HOST, rng.choice(local_pids), qid, rcpt, d_deliver, d_deliver))
        emit(pf, tx, "%s %s postfix/smtpd[%d]: disconnect from %s ehlo=1 mail=1 rcpt=1 data=1 quit=1 commands=5"
             % (syslog_time(tx), TRAP_HOST, pid, client))
        emit(pf, td, "%s %s postfix/qmgr[%d]: %s: removed" % (syslog_time(td), TRAP_HOST, qmgr_pid, qid))

        if not rec["syn_logged"]:
            continue
        sig = SIGS[snd["sig"]]
        port = rng.randint(*sig["ports"])
        cli = "%s/%d" % (ip, port)
        srv = "%s/25" % TRAP_IP
        emit(p0, t, "%s mod=syn|cli=%s|srv=%s|subj=cli|os=%s|dist=%d|params=%s|raw_sig=%s"
             % (p0f_time(t), cli, srv, sig["os"], snd["dist"], sig["params"], raw_sig(sig, snd["dist"])))
        emit(p0, t, "%s mod=mtu|cli=%s|srv=%s|subj=cli|link=Ethernet or modem|raw_mtu=1500" % (p0f_time(t), cli, srv))
        # a few uptime lines: Linux senders with TCP timestamps, from their second connection on
        if "ts" in sig["layout"].split(",") and snd.get("seen") and (ip, snd["host"]) not in uptime_done:
            uptime_done.add((ip, snd["host"]))
            hz = 1000 if sig is SIGS["linux-modern"] else 100
            days = rng.randint(0, 40) if hz == 1000 else rng.randint(0, 400)
            modulo = 49 if hz == 1000 else 497
            emit(p0, t, "%s mod=uptime|cli=%s|srv=%s|subj=cli|uptime=%d days %d hrs %d min (modulo %d days)"
                 "|raw_freq=%.2f Hz" % (p0f_time(t), cli, srv, days % modulo, rng.randint(0, 23),
                                        rng.randint(0, 59), modulo, hz))
        snd["seen"] = True
        # a few SYN+ACK lines of the trap itself (subj=srv)
        if conn_index % synack_every == 0:
            emit(p0, t, "%s mod=syn+ack|cli=%s|srv=%s|subj=srv|os=???|dist=0|params=none|raw_sig=%s"
                 % (p0f_time(t), cli, srv, TRAP_SYNACK_SIG))
            emit(p0, t, "%s mod=mtu|cli=%s|srv=%s|subj=srv|link=Ethernet or modem|raw_mtu=1500"
                 % (p0f_time(t), cli, srv))

    # a few anvil statistics lines: anvil reports the past maxima when its status timer fires
    for day in range(6, 10):
        top = [c for c in conns if c[0].day == day]
        if top:
            c = top[len(top) // 2]
            t = c[0] + dt.timedelta(seconds=rng.randint(300, 600))
            emit(pf, t, "%s %s postfix/anvil[%d]: statistics: max connection rate 1/60s for (smtp:%s) at %s"
                 % (syslog_time(t), TRAP_HOST, 2600 + day, c[1]["ip"], syslog_time(c[0])))
            emit(pf, t, "%s %s postfix/anvil[%d]: statistics: max connection count 1 for (smtp:%s) at %s"
                 % (syslog_time(t), TRAP_HOST, 2600 + day, c[1]["ip"], syslog_time(c[0])))

    pf.sort(key=lambda x: (x[0], x[1]))
    p0.sort(key=lambda x: (x[0], x[1]))

    # --- zgrab2 ------------------------------------------------------------------------------------------
    zl = []
    for rec in story:
        if rec["scan"] is None:
            rec["scan_time"] = None
            continue
        if rec["case"] == 3:
            t = dt.datetime(2026, 1, 27, 14, 12, 9, tzinfo=UTC)
        else:
            t = rec["first_spam"] + dt.timedelta(seconds=int(rng.uniform(*rec["scan_delay_h"]) * 3600))
            if t > DAY_END:
                raise SystemExit("scan of %s falls after Jan 9: %s" % (rec["ip"], t))
        rec["scan_time"] = t
        data = rec["scan"](rec["ip"], t)
        zl.append((t, rec["ip"], go_json({"ip": rec["ip"], "data": data})))
    zl.sort()

    # --- story.json --------------------------------------------------------------------------------------
    out_addrs = []
    for rec in sorted(story, key=lambda r: tuple(int(x) for x in r["ip"].split("."))):
        n = sum(s["messages"] for s in rec["senders"])
        senders = []
        for s in rec["senders"]:
            sig = SIGS[s["sig"]]
            senders.append({"host": s["host"], "os": sig["label"], "os_family": sig["family"],
                            "messages": s["messages"], "dist": s["dist"],
                            "raw_sig": raw_sig(sig, s["dist"]) if rec["syn_logged"] else None,
                            "p0f_os": sig["os"] if rec["syn_logged"] else None})
        out_addrs.append({
            "ip": rec["ip"], "role": rec["role"], "case": rec["case"], "messages": n,
            "true_sender_class": rec["true_sender_class"], "true_hosts_behind_ip": rec["true_hosts_behind_ip"],
            "true_infected_hosts": len(rec["senders"]),
            "expected_verdict": rec["expected_verdict"], "naive_class": rec["naive_class"],
            "first_spam": zts(rec["first_spam"]), "last_spam": zts(rec["last_spam"]),
            "syn_lines": n if rec["syn_logged"] else 0,
            "scan_time": zts(rec["scan_time"]) if rec["scan_time"] else None,
            "scan_answered": bool(rec["scan_time"]) and any(
                m["status"] == "success" for m in rec["scan"](rec["ip"], rec["scan_time"]).values()),
            "rdns": rec["rdns"], "senders": senders, "note": rec["note"]})
    by_verdict = {}
    by_naive = {}
    by_truth = {}
    for a in out_addrs:
        by_verdict[a["expected_verdict"]] = by_verdict.get(a["expected_verdict"], 0) + 1
        by_naive[a["naive_class"]] = by_naive.get(a["naive_class"], 0) + 1
        by_truth[a["true_sender_class"]] = by_truth.get(a["true_sender_class"], 0) + a["true_infected_hosts"]
    story_doc = {
        "description": "Ground truth of botcensus' built-in demo (ThingBot 2014 replayed): which devices "
                       "really sent the spam caught by the trap.",
        "generator": "scripts/make_demo_evidence.py (random.Random(%d))" % SEED,
        "trap": {"host": TRAP_HOST, "ip": TRAP_IP, "port": 25, "year": YEAR, "timezone": "UTC"},
        "definitions": {
            "true_hosts_behind_ip": "distinct hosts that sent spam or answered the scan through this address "
                                    "while it was scanned or spamming; a NAT gateway counts only when it "
                                    "answered itself (case 4 FRITZ!Box, case 2 router)",
            "true_infected_hosts": "distinct hosts that sent spam from this address",
            "naive_class": "class of whatever answered the scan (the 2014 method); unknown when nothing did",
        },
        "totals": {
            "addresses": len(out_addrs),
            "messages": sum(a["messages"] for a in out_addrs),
            "connect_lines": len(conns),
            "syn_lines": sum(a["syn_lines"] for a in out_addrs),
            "zgrab2_lines": len(zl),
            "zgrab2_lines_with_an_answer": sum(1 for a in out_addrs if a["scan_answered"]),
            "infected_hosts": sum(a["true_infected_hosts"] for a in out_addrs),
            "by_expected_verdict": dict(sorted(by_verdict.items())),
            "by_naive_class": dict(sorted(by_naive.items())),
            "infected_hosts_by_true_class": dict(sorted(by_truth.items())),
        },
        "addresses": out_addrs,
    }

    os.makedirs(out_dir, exist_ok=True)

    def write(name, lines):
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            for ln in lines:
                f.write(ln + "\n")
    write("postfix.log", [x[2] for x in pf])
    write("p0f.log", [x[2] for x in p0])
    write("zgrab2.jsonl", [x[2] for x in zl])
    with open(os.path.join(out_dir, "story.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump(story_doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return story_doc


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_out = os.path.join(here, "..", "Sources", "Workflow", "Resources", "demo")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=default_out, help="output folder (default: %(default)s)")
    args = ap.parse_args()
    doc = generate(os.path.normpath(args.out))
    t = doc["totals"]
    print("wrote %d addresses, %d messages, %d SYN lines, %d zgrab2 lines to %s"
          % (t["addresses"], t["messages"], t["syn_lines"], t["zgrab2_lines"], os.path.normpath(args.out)),
          file=sys.stderr)


if __name__ == "__main__":
    main()
