#!/usr/bin/env bash
# postfix-relay.sh - a private, test-owned Postfix instance that relays everything to the trap.
#
#   postfix-relay.sh start DIR LISTEN_PORT TRAP_PORT
#   postfix-relay.sh stop  DIR
#   postfix-relay.sh wait  DIR N TIMEOUT
#
# start: writes DIR/etc/{main.cf,master.cf}, queue in DIR/spool, data in DIR/data, log in
#        DIR/maillog, and starts the instance. Its smtpd listens on 127.0.0.1:LISTEN_PORT only and
#        accepts mail for any recipient from 127.0.0.0/8; its smtp client sends ALL mail to
#        [127.0.0.1]:TRAP_PORT, binding its outgoing connections to 127.0.0.2. No TLS, no DNS.
# stop:  stops that instance and waits until none of its processes are left. Safe to run twice,
#        and on a DIR that was never started.
# wait:  waits until N distinct messages (queue ids) show `status=sent` in DIR/maillog; after
#        TIMEOUT seconds it fails (exit 1) and prints the tail of the log.
#
# How this stays away from the system's Postfix (/etc/postfix is neither read for settings nor
# written, no system service is started or enabled):
#   * Every command runs with `-c DIR/etc` (postfix, postconf), which the `postfix` command
#     exports to the master and to every daemon as MAIL_CONFIG=DIR/etc. Postfix 3.7 only asks
#     that a non-default config directory be listed in the default main.cf
#     (alternate_config_directories / multi_instance_directories) for the set-gid programs
#     (postdrop, postqueue, i.e. sendmail/mailq) run by a non-root user; `postfix -c` run as
#     root does not need it. This instance never uses sendmail/postdrop (mail only enters over
#     SMTP), so /etc/postfix/main.cf is left as it is and postmulti is not used.
#   * queue_directory, data_directory (master.lock, caches) and the pid file are all under DIR,
#     so this master does not collide with the system's (which, if it runs, uses
#     /var/spool/postfix and /var/lib/postfix).
#   * Everything that Postfix reads from shared places is read only: programs in
#     /usr/sbin and /usr/lib/postfix/sbin, and meta_directory (/etc/postfix/postfix-files,
#     dynamicmaps.cf), which `postfix check/start` use to create the missing queue
#     directories *under DIR/spool*. (The start-up check also walks /etc/postfix and
#     /usr/lib/postfix for ownership warnings; it changes nothing there.)
#   * Logging goes to DIR/maillog through the instance's own postlogd(8) (maillog_file plus the
#     `postlog` service in master.cf, socket DIR/spool/public/postlog); the system syslog is not
#     used. maillog_file_prefixes is set to allow exactly DIR/maillog.
#   * All daemons run with chroot off (master.cf column 5 = n), so nothing has to be copied into
#     DIR/spool.
# The instance needs root (Postfix's master starts as root and drops to mail_owner=postfix).
set -euo pipefail

PROG=$(basename "$0")
POSTFIX=${POSTFIX:-/usr/sbin/postfix}
POSTCONF=${POSTCONF:-/usr/sbin/postconf}

die() { echo "$PROG: $*" >&2; exit 1; }
usage() {
    cat >&2 <<EOF
usage: $PROG start DIR LISTEN_PORT TRAP_PORT
       $PROG stop DIR
       $PROG wait DIR N TIMEOUT
EOF
    exit 64
}

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "$PROG: a private Postfix instance must be started and stopped as root (Postfix's master runs as root and drops to the 'postfix' user); run this as root" >&2
        exit 2
    fi
    [ -x "$POSTFIX" ] || { echo "$PROG: $POSTFIX not found; install postfix" >&2; exit 2; }
    getent passwd postfix >/dev/null || { echo "$PROG: no 'postfix' user on this system" >&2; exit 2; }
    getent group postdrop >/dev/null || { echo "$PROG: no 'postdrop' group on this system" >&2; exit 2; }
}

is_port() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

# Absolute path of DIR (created when asked to). Refuses the system's own directories.
abs_dir() {
    local d=$1 create=$2
    [ -n "$d" ] || usage
    if [ "$create" = 1 ]; then mkdir -p -- "$d"; fi
    [ -d "$d" ] || return 1
    d=$(cd -- "$d" && pwd -P)
    case "$d" in
        /|/etc|/etc/*|/var/spool/postfix|/var/spool/postfix/*|/var/lib/postfix|/var/lib/postfix/*|/usr|/usr/*)
            die "refusing to use $d as an instance directory" ;;
        *[[:space:],=\$]*)
            die "instance directory must not contain spaces, commas, '=' or '\$': $d" ;;
    esac
    printf '%s\n' "$d"
}

# Live (non-zombie) PIDs of the instance configured in $1 (DIR/etc): the members of the
# session of its master (whose PID is $2, may be empty; the master calls setsid() and every
# daemon is its child), plus any process whose environment has MAIL_CONFIG=DIR/etc, which
# `postfix -c DIR/etc` gives the master and every daemon. Only these are ever signalled.
instance_pids() {
    local conf=$1 sid=${2:-} p
    {
        if [ -n "$sid" ]; then
            ps -eo pid=,sid=,stat= | awk -v s="$sid" '$2 == s && $3 !~ /^Z/ { print $1 }'
        fi
        for p in /proc/[0-9]*; do
            if tr '\0' '\n' 2>/dev/null < "$p/environ" | grep -qxF "MAIL_CONFIG=$conf"; then
                case "$(sed 's/.*) //' 2>/dev/null < "$p/stat" | cut -d' ' -f1)" in
                    Z|"") ;;                    # zombie (or gone): not running
                    *) echo "${p#/proc/}" ;;
                esac
            fi
        done
    } | sort -un
}

# The postfix(1) command reports a fatal configuration error to syslog (absent here) unless its
# stderr is a terminal; re-run the harmless `check` under script(1) to show that message.
explain() {
    if command -v script >/dev/null 2>&1; then
        script -qec "$POSTFIX -c $1 check" /dev/null >&2 || true
    fi
}

# True when the instance's master runs. `master -t` (what postfix-script uses) succeeds when
# there is NO live master.pid; unlike `postfix status` it writes nothing to the log.
master_running() {
    local daemon_dir
    daemon_dir=$("$POSTCONF" -c "$1" -h daemon_directory 2>/dev/null) || return 1
    ! "$daemon_dir/master" -c "$1" -t 2>/dev/null
}

cmd_start() {
    [ $# -eq 3 ] || usage
    need_root
    local dir listen=$2 trap=$3
    is_port "$listen" || die "LISTEN_PORT must be a port number: $listen"
    is_port "$trap" || die "TRAP_PORT must be a port number: $trap"
    [ "$listen" != "$trap" ] || die "LISTEN_PORT and TRAP_PORT must differ"
    dir=$(abs_dir "$1" 1) || die "cannot use $1"
    local etc=$dir/etc spool=$dir/spool data=$dir/data log=$dir/maillog

    if [ -f "$etc/main.cf" ] && master_running "$etc"; then
        die "an instance is already running in $dir (stop it first)"
    fi

    # Postfix wants its config, queue and data roots owned by root and not group/world
    # writable; the queue sub-directories are created by `postfix check` (post-install
    # create-missing, from meta_directory/postfix-files) with their proper owners.
    install -d -o root -g root -m 0755 "$etc" "$spool"
    install -d -o postfix -g postfix -m 0700 "$data"
    # The master opens DIR/data/master.lock as the postfix user, so DIR and every directory
    # above it must be searchable by 'postfix'. A mktemp -d DIR is mode 0700: give it search
    # permission only (go+x; nobody can list or write it); refuse parents we would have to change.
    chmod go+x "$dir"
    local up=$dir
    while up=$(dirname "$up"); [ "$up" != / ]; do
        local mode owner
        read -r mode owner < <(stat -L -c '%a %U' "$up")
        if [ "$owner" != postfix ] && [ $((8#$mode & 1)) -eq 0 ]; then
            die "the postfix user cannot reach $up (it needs o+x); choose another DIR"
        fi
    done

    cat > "$etc/main.cf" <<EOF
# Private test instance written by $PROG; not the system's Postfix.
compatibility_level = 3.6
config_directory = $etc
queue_directory = $spool
data_directory = $data
command_directory = $($POSTCONF -dh command_directory)
daemon_directory = $($POSTCONF -dh daemon_directory)
mail_owner = postfix
setgid_group = postdrop

# Logging: only to DIR/maillog, through this instance's postlogd (see master.cf).
maillog_file = $log
maillog_file_prefixes = $log
syslog_name = postfix

# Identity.
myhostname = relay.test
mydomain = test
myorigin = relay.test
smtpd_banner = \$myhostname ESMTP \$mail_name
biff = no
append_dot_mydomain = no

# Network: IPv4 loopback only. smtpd listens on 127.0.0.1 (master.cf); the smtp client binds
# its connections to 127.0.0.2 (smtp_bind_address below). 127.0.0.2 is deliberately NOT in
# inet_interfaces: Postfix demands that every inet_interfaces address be configured on an
# interface ("no local interface found for 127.0.0.2"), and Linux only configures 127.0.0.1/8 on
# lo, although any 127/8 address can be bound.
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
proxy_interfaces =
mynetworks = 127.0.0.0/8
smtpd_client_restrictions =
smtpd_helo_restrictions =
smtpd_sender_restrictions =
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
smtpd_peername_lookup = no
smtpd_client_connection_rate_limit = 0
smtpd_client_message_rate_limit = 0

# No local delivery: every recipient is relayed, and only to the trap.
mydestination =
relay_domains =
local_recipient_maps =
alias_maps =
alias_database =
virtual_alias_maps =
transport_maps =
sender_dependent_relayhost_maps =
relayhost = [127.0.0.1]:$trap
default_transport = smtp:[127.0.0.1]:$trap
relay_transport = smtp:[127.0.0.1]:$trap
local_transport = error:5.1.1 local delivery is disabled in this relay
virtual_transport = error:5.1.1 virtual delivery is disabled in this relay
smtp_fallback_relay =
fallback_transport =
smtp_bind_address = 127.0.0.2
smtp_bind_address_enforce = yes

# No TLS, no SASL, no DNS.
smtpd_tls_security_level = none
smtp_tls_security_level = none
lmtp_tls_security_level = none
smtpd_sasl_auth_enable = no
smtp_sasl_auth_enable = no
smtp_dns_support_level = disabled
lmtp_dns_support_level = disabled
smtp_host_lookup = native
lmtp_host_lookup = native

# Deliver at once, retry fast, give up quickly.
in_flow_delay = 0
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
maximal_queue_lifetime = 10m
bounce_queue_lifetime = 10m
smtp_connect_timeout = 5s
smtp_helo_timeout = 30s
delay_warning_time = 0
EOF

    cat > "$etc/master.cf" <<EOF
# Private test instance written by $PROG. All daemons unchrooted.
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$listen inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
    chown root:root "$etc/main.cf" "$etc/master.cf"
    chmod 0644 "$etc/main.cf" "$etc/master.cf"
    touch "$log"
    chmod 0644 "$log"

    # Refuse to run anything that could reach beyond loopback.
    local p
    for p in relayhost default_transport relay_transport; do
        case "$($POSTCONF -c "$etc" -h "$p")" in
            "[127.0.0.1]:$trap"|"smtp:[127.0.0.1]:$trap") ;;
            *) die "unexpected $p in $etc/main.cf" ;;
        esac
    done

    "$POSTFIX" -c "$etc" check || { explain "$etc"; die "postfix -c $etc check failed"; }
    "$POSTFIX" -c "$etc" start || {
        tail -n 30 "$log" >&2 || true; explain "$etc"; die "postfix -c $etc start failed"; }

    # Wait until the smtpd port is listening (`master -w` returns once the master has bound it;
    # this only guards against a slow start). Looked up in /proc/net/tcp rather than by
    # connecting, which would put a `connect from` line for 127.0.0.1 into the log.
    local i want
    want=$(printf '0100007F:%04X' "$listen")
    for i in $(seq 1 100); do
        if awk -v a="$want" '$2 == a && $4 == "0A" { f = 1 } END { exit !f }' /proc/net/tcp; then
            echo "postfix relay: 127.0.0.1:$listen -> [127.0.0.1]:$trap (from 127.0.0.2), log $log"
            return 0
        fi
        sleep 0.1
    done
    tail -n 30 "$log" >&2 || true
    die "Postfix started but 127.0.0.1:$listen does not accept connections"
}

cmd_stop() {
    [ $# -eq 1 ] || usage
    need_root
    local dir etc master_pid=""
    dir=$(abs_dir "$1" 0) || return 0          # no such directory: nothing to stop
    etc=$dir/etc
    [ -f "$etc/main.cf" ] || return 0           # never configured: nothing to stop
    if [ -r "$dir/spool/pid/master.pid" ]; then
        master_pid=$(tr -dc '0-9' < "$dir/spool/pid/master.pid")
    fi
    local all=""
    if [ -n "$master_pid" ]; then
        all=$(ps -eo pid=,sid= | awk -v s="$master_pid" '$2 == s { print $1 }' | paste -sd, -)
    fi
    if master_running "$etc"; then
        "$POSTFIX" -c "$etc" stop || true
    fi
    # `postfix stop` returns once the master is gone; its daemons notice and exit right after.
    # Wait for them, then kill (by PID) whatever of this instance is still there.
    local i pids=""
    for i in $(seq 1 100); do
        pids=$(instance_pids "$etc" "$master_pid")
        [ -n "$pids" ] || break
        sleep 0.1
    done
    if [ -n "$pids" ]; then
        echo "$PROG: killing leftover processes of $etc: $(echo $pids)" >&2
        kill -KILL $pids 2>/dev/null || true
        sleep 0.5
        pids=$(instance_pids "$etc" "$master_pid")
        [ -z "$pids" ] || die "processes of $etc still running: $(echo $pids)"
    fi
    # Exited daemons stay <defunct> until init reaps them; give it a moment (not an error).
    for i in $(seq 1 50); do
        [ -n "$all" ] && [ -n "$(ps -o pid= -p "$all" 2>/dev/null)" ] || break
        sleep 0.1
    done
    rm -f "$dir/spool/pid/master.pid"
    return 0
}

# Distinct queue ids with a `status=sent` delivery in the log.
sent_count() {
    [ -f "$1" ] || { echo 0; return; }
    { grep -E ' status=sent ' "$1" || true; } \
        | sed -nE 's/^.* postfix[^ ]*\/[a-z]+\[[0-9]+\]: ([0-9A-Za-z]+): to=.*$/\1/p' \
        | sort -u | wc -l
}

cmd_wait() {
    [ $# -eq 3 ] || usage
    local dir n=$2 timeout=$3
    [[ "$n" =~ ^[0-9]+$ ]] || die "N must be a number: $n"
    [[ "$timeout" =~ ^[0-9]+$ ]] || die "TIMEOUT must be a number of seconds: $timeout"
    dir=$(abs_dir "$1" 0) || die "no such directory: $1"
    local log=$dir/maillog got deadline=$((SECONDS + timeout))
    while :; do
        got=$(sent_count "$log")
        if [ "$got" -ge "$n" ]; then
            echo "postfix relay: $got message(s) sent"
            return 0
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "$PROG: timed out after ${timeout}s: $got of $n message(s) show status=sent in $log" >&2
            echo "--- last lines of $log ---" >&2
            tail -n 40 "$log" >&2 2>/dev/null || echo "(no log)" >&2
            exit 1
        fi
        sleep 0.2
    done
}

[ $# -ge 1 ] || usage
cmd=$1; shift
case "$cmd" in
    start) cmd_start "$@" ;;
    stop)  cmd_stop "$@" ;;
    wait)  cmd_wait "$@" ;;
    *)     usage ;;
esac
