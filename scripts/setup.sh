#!/usr/bin/env bash
# Installs what botcensus needs from Debian on a fresh machine: PCRE2 (banner matching), SQLite (case store),
# pkg-config (SwiftPM finds PCRE2 through it), nmap (its nmap-service-probes is read at run time, never
# shipped: it is copyleft). Safe to run again: it installs only what is missing.
set -euo pipefail

need=()
pkg-config --version >/dev/null 2>&1 || need+=(pkg-config)
pkg-config --exists libpcre2-8 2>/dev/null || need+=(libpcre2-dev)
[ -f /usr/include/sqlite3.h ] || need+=(libsqlite3-dev)
[ -f /usr/share/nmap/nmap-service-probes ] || need+=(nmap)
# Foundation's XML parser (Recog's fingerprint files) links libxml2 at run time.
ldconfig -p 2>/dev/null | grep -q 'libxml2\.so\.2' || need+=(libxml2)
# p0f: its p0f.fp is read at run time (LGPL, never shipped) and `p0f -r` is the reference of the SYN parity
# test, which captures with tcpdump in network namespaces (iproute2) driven by python3.
{ [ -x /usr/sbin/p0f ] && [ -f /etc/p0f/p0f.fp ]; } || need+=(p0f)
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# mawk: the reference beside botcensus's Postfix parser in `make bench-ingest`.
command -v mawk >/dev/null 2>&1 || need+=(mawk)
# sqlite3: the shell that counts the 2014 method's figure beside botcensus in `make bench-analysis`.
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
# The trap's tests and `make bench-trap` speak to it with real clients: swaks, Python's smtplib, and
# Postfix's smtp-source (load) and smtp-sink (the reference server); a private Postfix instance relays to it.
command -v swaks >/dev/null 2>&1 || need+=(swaks)
{ [ -x /usr/sbin/smtp-source ] && [ -x /usr/sbin/smtp-sink ] && [ -x /usr/sbin/postfix ]; } || need+=(postfix)
# The prober's tests scan real daemons that scripts/probe-daemons.sh runs on 127.0.0.1 with private configs:
# lighttpd, dropbear, busybox telnetd, vsftpd (and Postfix's smtp-sink above).
{ [ -x /usr/sbin/dropbear ] && command -v dropbearkey >/dev/null 2>&1; } || need+=(dropbear-bin)
# Debian's busybox has no telnetd applet; busybox-static (which replaces it) has.
busybox --list 2>/dev/null | grep -qx telnetd || need+=(busybox-static)
[ -x /usr/sbin/vsftpd ] || need+=(vsftpd)
[ -x /usr/sbin/lighttpd ] || need+=(lighttpd)
# strace: the prober's safety test traces its syscalls to prove no packet leaves for an address out of scope.
command -v strace >/dev/null 2>&1 || need+=(strace)
# The live lab (`botcensus lab`): NAT and MSS clamping in its router namespaces with nftables, sysctl (procps)
# to shape each host namespace's kernel.
[ -x /usr/sbin/nft ] || need+=(nftables)
[ -x /usr/sbin/sysctl ] || need+=(procps)
# chromium: the web view's and the HTML report's tests load their pages headless (DOM after load, screenshots).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# PostgreSQL: cases in PostgreSQL (`--case postgresql://…`); its tests run a private server of their own
# (initdb + pg_ctl in a scratch folder, on a free loopback port), never the machine's cluster.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)

if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    # Postfix is installed for its tools and a test-owned instance, never as this machine's mail system.
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
    $sudo apt-get update -qq || true
    # lighttpd's and vsftpd's postinst would start them as system services listening on every interface.
    # A temporary policy-rc.d answering 101 ("action forbidden") keeps invoke-rc.d from starting anything;
    # one that is already there (containers ship one) is left alone.
    policy=/usr/sbin/policy-rc.d
    own_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# botcensus scripts/setup.sh: no service starts while it installs packages\nexit 101\n' |
            $sudo tee "$policy" >/dev/null
        $sudo chmod 755 "$policy"
        own_policy=1
        trap '$sudo rm -f "$policy"' EXIT
    fi
    running_before=$( { pgrep -x lighttpd; pgrep -x vsftpd; } || true)
    $sudo apt-get install -y -qq "${need[@]}"
    if [ -n "$own_policy" ]; then
        $sudo rm -f "$policy"
        trap - EXIT
    fi
    # Belt and braces: a daemon the install started anyway (no policy-rc.d honoured) is stopped again.
    for daemon in lighttpd vsftpd; do
        for pid in $(pgrep -x "$daemon" || true); do
            if ! grep -qx "$pid" <<<"$running_before"; then
                echo "setup: stopping the $daemon service the install started" >&2
                $sudo service "$daemon" stop >/dev/null 2>&1 || $sudo invoke-rc.d "$daemon" stop || true
                break
            fi
        done
    done
fi

# python-jsonschema: the contract test validates verdicts and census output against docs/schema (2020-12).
if ! python3 -c "import jsonschema" >/dev/null 2>&1; then
    echo "setup: installing python jsonschema" >&2
    python3 -m pip install -q jsonschema || python3 -m pip install -q --break-system-packages jsonschema
fi

# stix2 and stix2-patterns (OASIS): the export test parses `export stix` bundles and validates their patterns.
if ! python3 -c "import stix2, stix2patterns" >/dev/null 2>&1; then
    echo "setup: installing python stix2 and stix2-patterns" >&2
    python3 -m pip install -q stix2 stix2-patterns || python3 -m pip install -q --break-system-packages stix2 stix2-patterns
fi

# openapi-spec-validator: the web view test validates `botcensus serve`'s /api/openapi.json (OpenAPI 3.1).
if ! python3 -c "import openapi_spec_validator" >/dev/null 2>&1; then
    echo "setup: installing python openapi-spec-validator" >&2
    python3 -m pip install -q openapi-spec-validator || python3 -m pip install -q --break-system-packages openapi-spec-validator
fi
