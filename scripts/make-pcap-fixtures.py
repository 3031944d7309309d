#!/usr/bin/env python3
"""Write the capture-file fixtures of Tests/Fixtures/pcap (the SynTests read them).

Standard library only and deterministic: running it twice gives the same bytes.  Addresses are in the
documentation and benchmark ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 198.18/15, 2001:db8::/32).

Files (see Tests/Fixtures/pcap/README.md for what each holds and what the tests expect):
  eth-le-usec.pcap    classic pcap, little-endian, microseconds, Ethernet: SYNs, a VLAN-tagged SYN, a
                      SYN+ACK, UDP, ARP, a packet cut inside its TCP header, an IPv6 SYN behind a
                      hop-by-hop extension header
  raw-be-nsec.pcap    classic pcap, big-endian, nanoseconds, raw IP (101): IPv4 and IPv6 SYNs
  sll.pcap            Linux cooked v1 (113)
  sll2.pcap           Linux cooked v2 (276)
  null.pcap           BSD loopback (0), address family in the writer's (little-endian) byte order
  ipv4-228.pcap       LINKTYPE_IPV4 (228) / ipv6-229.pcap: LINKTYPE_IPV6 (229)
  two-if-le.pcapng    pcapng little-endian: Ethernet interface (microseconds) and raw-IPv6 interface
                      (if_tsresol 10^-9), EPBs on both, an SPB, an unknown block to skip
  be.pcapng           pcapng big-endian, one Ethernet interface, 2^-10 s resolution and if_tsoffset
  quirks.pcap         Ethernet SYNs crafted to show every p0f quirk, option form and window form; its
                      p0f 3.09b output is quirks.p0f.log (regenerate with --p0f when p0f is installed)
  truncated-tail.pcap a file cut in the middle of its last record
"""

import argparse
import os
import struct
import subprocess
import sys

SYN, ACK, FIN, RST, PSH, URG, ECE, CWR = 0x02, 0x10, 0x01, 0x04, 0x08, 0x20, 0x40, 0x80
BASE_TIME = 1767668645  # 2026-01-06T03:04:05Z


def ip4(text):
    return bytes(int(p) for p in text.split("."))


def ip6(text):
    head, _, tail = text.partition("::")
    h = [int(x, 16) for x in head.split(":") if x]
    t = [int(x, 16) for x in tail.split(":") if x]
    words = h + [0] * (8 - len(h) - len(t)) + t
    return struct.pack(">8H", *words)


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(">%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


# TCP options ------------------------------------------------------------------------------------------

def o_mss(v, length=4):
    return bytes([2, length]) + struct.pack(">H", v) + b"\0" * (length - 4 if length > 4 else 0)


def o_ws(v, length=3):
    return bytes([3, length, v])


def o_sok(length=2):
    return bytes([4, length])


def o_ts(a, b, length=10):
    return bytes([8, length]) + struct.pack(">II", a, b)


def o_sack(*blocks):
    body = b"".join(struct.pack(">II", l, r) for l, r in blocks)
    return bytes([5, 2 + len(body)]) + body


NOP = b"\x01"


def o_raw(kind, data=b""):
    return bytes([kind, 2 + len(data)]) + data


def pad4(opts):
    return opts + b"\0" * (-len(opts) % 4)


# IP + TCP ---------------------------------------------------------------------------------------------

def tcp(src, dst, sport, dport, seq, flags=SYN, ack=0, win=64240, urg=0, opts=b"", payload=b"", ns=False,
        v6=False):
    opts = pad4(opts)
    doff = (20 + len(opts)) // 4
    hdr = struct.pack(">HHIIBBHHH", sport, dport, seq, ack, (doff << 4) | (1 if ns else 0), flags, win, 0, urg)
    seg = hdr + opts + payload
    if v6:
        pseudo = src + dst + struct.pack(">IxxxB", len(seg), 6)
    else:
        pseudo = src + dst + struct.pack(">xBH", 6, len(seg))
    c = checksum(pseudo + seg)
    return seg[:16] + struct.pack(">H", c) + seg[18:]


def ipv4(src, dst, payload, ttl=64, ident=0x1234, df=True, mbz=False, tos=0, ipopts=b"", proto=6, mf=False,
         frag=0, total=None):
    ipopts = pad4(ipopts)
    ihl = (20 + len(ipopts)) // 4
    flags = (0x8000 if mbz else 0) | (0x4000 if df else 0) | (0x2000 if mf else 0) | frag
    length = total if total is not None else 20 + len(ipopts) + len(payload)
    hdr = struct.pack(">BBHHHBBH4s4s", 0x40 | ihl, tos, length, ident, flags, ttl, proto, 0, src, dst) + ipopts
    c = checksum(hdr)
    return hdr[:10] + struct.pack(">H", c) + hdr[12:] + payload


def ipv6(src, dst, payload, hlim=64, tc=0, flow=0, nh=6, ext=b""):
    first = (6 << 28) | (tc << 20) | flow
    return struct.pack(">IHBB", first, len(ext) + len(payload), nh, hlim) + src + dst + ext + payload


def syn4(src, dst, sport, dport=25, seq=0x11223344, ttl=64, ident=0x1234, df=True, win=64240, opts=None, **kw):
    s, d = ip4(src), ip4(dst)
    ipkw = {k: kw.pop(k) for k in list(kw) if k in ("mbz", "tos", "ipopts", "mf", "frag", "total")}
    if opts is None:
        opts = o_mss(1460) + o_sok() + o_ts(12345, 0) + NOP + o_ws(7)
    return ipv4(s, d, tcp(s, d, sport, dport, seq, win=win, opts=opts, **kw), ttl=ttl, ident=ident, df=df, **ipkw)


def syn6(src, dst, sport, dport=25, seq=0x55667788, hlim=64, flow=0, tc=0, win=64800, opts=None, ext=b"", nh=6,
         **kw):
    s, d = ip6(src), ip6(dst)
    if opts is None:
        opts = o_mss(1440) + o_sok() + o_ts(777, 0) + NOP + o_ws(7)
    return ipv6(s, d, tcp(s, d, sport, dport, seq, win=win, opts=opts, v6=True, **kw), hlim=hlim, tc=tc, flow=flow,
                nh=nh, ext=ext)


# Link layers ------------------------------------------------------------------------------------------

MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")


def eth(payload, ethertype=0x0800, vlans=()):
    tags = b"".join(struct.pack(">HH", tpid, vid) for tpid, vid in vlans)
    return MAC_B + MAC_A + tags + struct.pack(">H", ethertype) + payload


def eth_pad(frame):
    return frame + b"\0" * max(0, 60 - len(frame))


def sll(payload, proto=0x0800):
    return struct.pack(">HHH8sH", 0, 1, 6, MAC_A + b"\0\0", proto) + payload


def sll2(payload, proto=0x0800):
    return struct.pack(">HHIHBB8s", proto, 0, 2, 1, 0, 6, MAC_A + b"\0\0") + payload


def null(payload, family):
    return struct.pack("<I", family) + payload


def udp4(src, dst):
    s, d = ip4(src), ip4(dst)
    body = struct.pack(">HHHH", 5353, 53, 12, 0) + b"abcd"
    return ipv4(s, d, body, proto=17)


ARP = bytes.fromhex("0001080006040001") + MAC_A + ip4("192.0.2.1") + b"\0" * 6 + ip4("192.0.2.2")


# File writers -----------------------------------------------------------------------------------------

def write_pcap(path, linktype, records, endian="<", nano=False, snaplen=65535, seconds=None):
    """`seconds[i]` is record i's whole second after BASE_TIME (default: i)."""
    magic = 0xA1B23C4D if nano else 0xA1B2C3D4
    out = [struct.pack(endian + "IHHiIII", magic, 2, 4, 0, 0, snaplen, linktype)]
    for i, rec in enumerate(records):
        data, orig = (rec, len(rec)) if isinstance(rec, bytes) else rec
        frac = (i * 250_000_000 + 123_456_789) % 1_000_000_000 if nano else (i * 250_000 + 123_456) % 1_000_000
        sec = BASE_TIME + (seconds[i] if seconds else i)
        out.append(struct.pack(endian + "IIII", sec, frac, len(data), orig) + data)
    with open(path, "wb") as f:
        f.write(b"".join(out))


def ng_opts(endian, opts):
    out = b""
    for code, value in opts:
        out += struct.pack(endian + "HH", code, len(value)) + value + b"\0" * (-len(value) % 4)
    if opts:
        out += struct.pack(endian + "HH", 0, 0)
    return out


def ng_block(endian, btype, body):
    body = body + b"\0" * (-len(body) % 4)
    n = 12 + len(body)
    return struct.pack(endian + "II", btype, n) + body + struct.pack(endian + "I", n)


def ng_shb(endian, opts=()):
    return ng_block(endian, 0x0A0D0D0A, struct.pack(endian + "IHHq", 0x1A2B3C4D, 1, 0, -1) + ng_opts(endian, opts))


def ng_idb(endian, linktype, opts=()):
    return ng_block(endian, 1, struct.pack(endian + "HHI", linktype, 0, 65535) + ng_opts(endian, opts))


def ng_epb(endian, iface, ticks, data, orig=None, opts=()):
    body = struct.pack(endian + "IIIII", iface, ticks >> 32, ticks & 0xFFFFFFFF, len(data), orig or len(data))
    return ng_block(endian, 6, body + data + b"\0" * (-len(data) % 4) + ng_opts(endian, opts))


def ng_spb(endian, data):
    return ng_block(endian, 3, struct.pack(endian + "I", len(data)) + data)


# Fixtures ---------------------------------------------------------------------------------------------

def ethernet_fixture(d):
    hbh = bytes([6, 0, 1, 4, 0, 0, 0, 0])  # hop-by-hop header: next TCP, 8 bytes, PadN
    cut = eth(syn4("192.0.2.30", "198.18.0.25", 40003))
    records = [
        eth_pad(eth(syn4("203.0.113.7", "198.18.0.25", 51234, ttl=114, ident=0x2a01, win=64240,
                         opts=o_mss(1460) + NOP + o_ws(8) + NOP + NOP + o_sok()))),               # 1 SYN
        eth(syn4("198.18.0.25", "203.0.113.7", 25, 51234, flags=SYN | ACK, ack=1)),                 # 2 SYN+ACK
        eth(udp4("192.0.2.10", "192.0.2.53")),                                                     # 3 UDP
        eth_pad(eth(ARP, ethertype=0x0806)),                                                       # 4 ARP
        eth(syn4("198.51.100.60", "198.18.0.25", 41000, ttl=53), ethertype=0x0800,
            vlans=[(0x8100, 42)]),                                                                 # 5 VLAN SYN
        (cut[:14 + 20 + 10], len(cut)),                                                            # 6 cut in TCP
        eth(syn6("2001:db8::25", "2001:db8::19", 51234, hlim=52, ext=hbh, nh=0), ethertype=0x86DD),  # 7 v6 + HBH
        eth(syn4("192.0.2.31", "198.18.0.25", 40004, flags=ACK, ack=5)),                           # 8 plain ACK
        eth(syn4("198.51.100.61", "198.18.0.25", 41001), vlans=[(0x88A8, 7), (0x8100, 42)]),       # 9 QinQ SYN
        eth_pad(eth(syn4("192.0.2.32", "198.18.0.25", 40005, opts=b""))),                          # 10 padded
    ]
    write_pcap(os.path.join(d, "eth-le-usec.pcap"), 1, records, "<", nano=False)


def raw_fixture(d):
    records = [
        syn4("192.0.2.40", "198.18.0.25", 40010, ttl=120, win=8192, opts=o_mss(1460) + NOP + NOP + o_sok()),
        syn6("2001:db8::40", "2001:db8::19", 40011, hlim=60, flow=0x12345),
        syn4("192.0.2.41", "198.18.0.25", 40012, flags=SYN | ACK),
    ]
    write_pcap(os.path.join(d, "raw-be-nsec.pcap"), 101, records, ">", nano=True)


def cooked_fixtures(d):
    a = syn4("192.0.2.50", "198.18.0.25", 40020)
    b = syn6("2001:db8::50", "2001:db8::19", 40021)
    write_pcap(os.path.join(d, "sll.pcap"), 113, [sll(a), sll(b, 0x86DD), sll(ARP, 0x0806)])
    write_pcap(os.path.join(d, "sll2.pcap"), 276, [sll2(a), sll2(b, 0x86DD), sll2(ARP, 0x0806)])
    write_pcap(os.path.join(d, "null.pcap"), 0, [null(a, 2), null(b, 30), null(b, 10)])
    write_pcap(os.path.join(d, "ipv4-228.pcap"), 228, [a])
    write_pcap(os.path.join(d, "ipv6-229.pcap"), 229, [b])


def pcapng_fixtures(d):
    e = "<"
    t0 = BASE_TIME * 1_000_000
    t1 = BASE_TIME * 1_000_000_000
    blocks = [
        ng_shb(e, [(4, b"botcensus fixture")]),
        ng_idb(e, 1, [(2, b"eth0")]),
        ng_idb(e, 101, [(2, b"tun0"), (9, bytes([9]))]),
        ng_epb(e, 0, t0 + 1, eth(syn4("192.0.2.60", "198.18.0.25", 40030)), opts=[(1, b"first")]),
        ng_epb(e, 1, t1 + 2_000_000_123, syn6("2001:db8::60", "2001:db8::19", 40031)),
        ng_block(e, 0x0BADBAD0 & 0x7FFFFFFF, b"skip me!"),
        ng_spb(e, eth(syn4("192.0.2.61", "198.18.0.25", 40032))),
        ng_epb(e, 1, t1 + 3_000_000_000, syn4("192.0.2.62", "198.18.0.25", 40033)),
    ]
    with open(os.path.join(d, "two-if-le.pcapng"), "wb") as f:
        f.write(b"".join(blocks))
    e = ">"
    ticks = (BASE_TIME - 100) * 1024 + 512  # 2^-10 s units, offset +100 s below
    blocks = [
        ng_shb(e),
        ng_idb(e, 1, [(9, bytes([0x80 | 10])), (14, struct.pack(">q", 100))]),
        ng_epb(e, 0, ticks, eth(syn4("192.0.2.70", "198.18.0.25", 40040))),
        ng_epb(e, 0, ticks + 256, eth(syn6("2001:db8::70", "2001:db8::19", 40041), ethertype=0x86DD)),
    ]
    with open(os.path.join(d, "be.pcapng"), "wb") as f:
        f.write(b"".join(blocks))


def quirks_fixture(d):
    """One SYN per feature of p0f's signature: p0f's own output for each is committed beside it."""
    lin = o_mss(1460) + o_sok() + o_ts(12345, 0) + NOP + o_ws(7)
    dst = "198.18.0.25"
    n = [0]

    def src():
        n[0] += 1
        return "192.0.2.%d" % (100 + n[0])

    syns = [
        syn4(src(), dst, 1001, win=29200, opts=lin),                                      # Linux 3.11+, mss*20,7
        syn4(src(), dst, 1002, win=14600, opts=o_mss(1460) + o_sok() + o_ts(1, 0) + NOP + o_ws(5)),
        syn4(src(), dst, 1003, ttl=113, win=8192, opts=o_mss(1460) + NOP + o_ws(8) + NOP + NOP + o_sok()),
        syn4(src(), dst, 1004, ttl=200, win=8192, opts=o_mss(1460) + NOP + NOP + o_sok()),  # TTL +?
        syn4(src(), dst, 1005, ident=0, win=5840, opts=o_mss(1460)),                         # id- needs no DF
        syn4(src(), dst, 1006, ident=0, df=False, win=5840, opts=o_mss(1460)),               # id-
        syn4(src(), dst, 1007, df=False, win=17520, opts=o_mss(1460)),                       # Linux 2.0 mss*12
        syn4(src(), dst, 1008, mbz=True, opts=lin),                                          # 0+
        syn4(src(), dst, 1009, tos=0x03 | 0x20, opts=lin),                                   # ecn + tos
        syn4(src(), dst, 1010, flags=SYN | ECE | CWR, opts=lin),                             # ecn (TCP)
        syn4(src(), dst, 1011, ns=True, opts=lin),                                           # ecn (NS bit)
        syn4(src(), dst, 1012, seq=0, opts=lin),                                             # seq-
        syn4(src(), dst, 1013, ack=1, opts=lin),                                             # ack low bit
        syn4(src(), dst, 1014, ack=0x01000000, opts=lin),                                    # ack high byte
        syn4(src(), dst, 1015, ack=0x12345678, opts=lin),
        syn4(src(), dst, 1016, urg=7, opts=lin),                                             # uptr+
        syn4(src(), dst, 1017, flags=SYN | URG, urg=7, opts=lin),                            # urgf+
        syn4(src(), dst, 1018, flags=SYN | PSH, opts=lin),                                   # pushf+
        syn4(src(), dst, 1019, opts=o_mss(1460) + o_sok() + o_ts(0, 0) + NOP + o_ws(7)),     # ts1-
        syn4(src(), dst, 1020, opts=o_mss(1460) + o_sok() + o_ts(5, 9) + NOP + o_ws(7)),     # ts2+
        syn4(src(), dst, 1021, opts=o_mss(1460) + NOP + o_ws(7) + b"\0\0\x05\0"),             # opt+ (eol, junk)
        syn4(src(), dst, 1022, opts=o_mss(1460) + NOP + o_ws(7) + b"\0\0\0\x05"),             # junk in last byte
        syn4(src(), dst, 1023, opts=o_mss(1460) + NOP + o_ws(15)),                           # exws
        syn4(src(), dst, 1024, opts=o_mss(1460, 5) + NOP + o_ws(7)),                         # bad (MSS len)
        syn4(src(), dst, 1025, opts=o_mss(1460) + bytes([5, 3, 0])),                         # bad (SACK len)
        syn4(src(), dst, 1026, opts=o_mss(1460) + NOP * 30),                                 # > 24 options
        syn4(src(), dst, 1027, opts=o_mss(1460) + o_raw(30, b"ab") + o_raw(254, b"\x12\x34") + NOP + o_ws(2)),
        syn4(src(), dst, 1028, opts=o_mss(1460) + o_sack((1, 2)) + NOP + NOP),               # sack
        syn4(src(), dst, 1029, win=65535, opts=o_mss(1460) + NOP + o_ws(4) + NOP + NOP + o_ts(9, 0) + o_sok()
             + b"\0\0\0"),                                                                   # Mac OS X eol+1
        syn4(src(), dst, 1030, win=1500 * 2, opts=o_mss(1460) + NOP + o_ws(0)),              # mtu*2 (1500)
        syn4(src(), dst, 1031, win=1448 * 10, opts=lin),                                     # mss-12 via ts
        syn4(src(), dst, 1032, win=4096, opts=o_mss(50)),                                    # mss < 100
        syn4(src(), dst, 1033, win=0, opts=lin),                                             # zero window
        syn4(src(), dst, 1034, ipopts=bytes([1, 1, 1, 0]), opts=lin),                        # IP options
        syn4(src(), dst, 1035, opts=lin, payload=b"GET / HTTP/1.0\r\n\r\n"),                 # payload +
        syn4(src(), dst, 1036, ttl=45, win=1024, opts=o_mss(1460), df=False),                # NMap SYN scan
        syn4(src(), dst, 1037, ttl=20, win=2048, opts=o_mss(1460), df=False),                # NMap, far
        syn4(src(), dst, 1038, ttl=50, win=1024, opts=o_mss(1460), df=False, ack=0x01000000),  # NMap fuzzy
        syn4(src(), dst, 1039, ttl=64, win=8192, opts=o_mss(1460) + NOP + NOP + o_sok()),    # fuzzy Windows
        syn4(src(), dst, 1040, ttl=128, opts=lin, win=29200),                                # TTL above sig
        syn4(src(), dst, 1041, ttl=64, opts=lin, win=29200, df=False),                       # df missing
        syn4(src(), dst, 1042, ttl=64, win=65535, opts=o_mss(1460) + NOP + o_ws(3) + o_sok() + o_ts(3, 0)),
        syn4(src(), dst, 1043, ttl=64, win=16384, opts=o_mss(1460) + NOP + NOP + o_sok() + NOP + o_ws(3) + NOP
             + NOP + o_ts(1, 0)),                                                            # OpenBSD
        syn4(src(), dst, 1044, ttl=64, win=2 * 16396, opts=o_mss(16396) + o_sok() + o_ts(3, 0) + NOP + o_ws(4)),
        syn4(src(), dst, 1045, win=1337, opts=o_mss(1331) + NOP + b"\0" * 19),               # p0f sendsyn
        syn6("2001:db8::101", "2001:db8::19", 1046, win=14400, opts=o_mss(1440) + o_sok() + o_ts(3, 0) + NOP
             + o_ws(7)),                                                                     # v6 mss*10
        syn6("2001:db8::102", "2001:db8::19", 1047, flow=0xBEEF, win=28800),                # v6 flow
        syn6("2001:db8::103", "2001:db8::19", 1048, tc=0x01, win=1440 * 20),                # v6 ecn
        syn6("2001:db8::104", "2001:db8::19", 1049, win=1440 * 2, opts=o_mss(1440) + NOP + o_ws(0)),  # v6 mtu
        syn6("2001:db8::105", "2001:db8::19", 1050, hlim=255, win=1428 * 3),
        syn4(src(), dst, 1051, win=(1460 + 40) * 3, opts=o_mss(1460) + NOP + o_ws(1)),        # mtu*3 (MSS+40)
        syn4(src(), dst, 1052, win=(1400 + 52) * 3, ipopts=bytes([1, 1, 1, 1]), opts=o_mss(1400) + NOP
             + o_ws(1)),                                                                     # mtu via tot_hdr
        syn4(src(), dst, 1053, win=1448 * 2, opts=o_mss(1200) + NOP + o_ws(1)),              # 1448 (1500-52)
        syn4(src(), dst, 1054, opts=o_mss(1460) + o_sok() + o_ts(1, 0) + NOP + o_ws(7) + bytes([99])),  # no len
    ]
    syns += [
        syn6("2001:db8::106", "2001:db8::19", 1055, win=1440 * 20),                         # v6 exact Linux
        syn4(src(), dst, 1056, ttl=192, win=1337, opts=o_mss(1331) + NOP + b"\0" * 19, df=False),  # sendsyn
    ]
    # A retransmitted SYN one second later (same flow and sequence number): p0f reports it once. The
    # same SYN again after p0f's 30-second flow lifetime is reported again.
    syns.insert(1, syns[0])
    seconds = list(range(len(syns))) + [len(syns) + 40]
    syns.append(syns[0])
    frames = [eth(s, ethertype=0x86DD if s[0] >> 4 == 6 else 0x0800) for s in syns]
    write_pcap(os.path.join(d, "quirks.pcap"), 1, frames, seconds=seconds)


def truncated_tail_fixture(d):
    path = os.path.join(d, "truncated-tail.pcap")
    write_pcap(path, 1, [eth(syn4("192.0.2.90", "198.18.0.25", 40090)), eth(syn4("192.0.2.91", "198.18.0.25",
                                                                                 40091))])
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:-30])


def run_p0f(d):
    """quirks.p0f.log: what p0f 3.09b says about quirks.pcap (times in UTC)."""
    log = os.path.join(d, "quirks.p0f.log")
    if os.path.exists(log):
        os.remove(log)
    env = dict(os.environ, TZ="UTC")
    subprocess.run(["p0f", "-f", "/etc/p0f/p0f.fp", "-r", os.path.join(d, "quirks.pcap"), "-o", log], env=env, check=True,
                   stdout=subprocess.DEVNULL)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(here, "..", "Tests", "Fixtures", "pcap"))
    ap.add_argument("--p0f", action="store_true", help="also regenerate quirks.p0f.log with the installed p0f")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    ethernet_fixture(args.out)
    raw_fixture(args.out)
    cooked_fixtures(args.out)
    pcapng_fixtures(args.out)
    quirks_fixture(args.out)
    truncated_tail_fixture(args.out)
    if args.p0f:
        run_p0f(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
