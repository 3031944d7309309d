"""The one safety check of the trap test scripts: an address they connect to or bind must be loopback.

  from loopback_only import loopback_or_exit
  loopback_or_exit(address, "target", "trap-load")   # exits 2 with one line for anything else
"""

import ipaddress
import sys

LOOPBACK = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]


def loopback_or_exit(addr, what, program):
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        sys.stderr.write("%s: %s %r is not an IP address (only loopback addresses are allowed)\n" % (program, what, addr))
        sys.exit(2)
    if not any(ip in net for net in LOOPBACK):
        sys.stderr.write("%s: refusing %s %s: only loopback (127.0.0.0/8, ::1) is allowed\n" % (program, what, addr))
        sys.exit(2)
