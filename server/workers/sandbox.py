"""No network from the processes that run untrusted queries and updates: the kernel says no.

pyoxigraph sends a `SERVICE` clause or a `LOAD` over HTTP from the process that runs it. The
endpoint refuses both by reading the query text first (server/endpoint/querytext.py), but a lexer is a
friendly message, not a boundary. The boundary is a seccomp filter, loaded by each query
process when it starts, through libseccomp (the `pyseccomp` binding): from then on the
process and every thread it starts get EACCES from `socket()` and `socketpair()` for any
family but AF_UNIX, and from `io_uring_setup()` (io_uring can open sockets without those
calls). The filter cannot be lifted by the process itself. It is checked right after it is
loaded, by trying to open an IPv4 socket: a process that could still open one does not serve.
"""

from __future__ import annotations

import errno
import socket


class SandboxError(RuntimeError):
    """The query process could not be denied the network: it must not serve."""


DENIED_CALLS = ("io_uring_setup",)
FAMILY_CALLS = ("socket", "socketpair")  # denied for every address family but AF_UNIX


def deny_network() -> None:
    """Forbid this process, its threads and children to open any network socket; verified."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError) as error:  # pyseccomp loads libseccomp.so.2 with ctypes
        raise SandboxError(f"libseccomp is not available ({error})") from None
    try:
        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        rules.set_attr(seccomp.Attr.CTL_TSYNC, 1)  # every thread, not only the calling one
        denied = seccomp.ERRNO(errno.EACCES)
        for call in FAMILY_CALLS:
            rules.add_rule(denied, call, seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
        for call in DENIED_CALLS:
            rules.add_rule(denied, call)
        rules.load()
    except (OSError, RuntimeError, ValueError) as error:
        raise SandboxError(f"the seccomp filter could not be loaded ({error})") from None
    verify()


def verify() -> None:
    """SandboxError unless opening an IPv4 and an IPv6 socket is refused."""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            opened = socket.socket(family, socket.SOCK_STREAM)
        except PermissionError:
            continue
        except OSError:  # e.g. no IPv6 in this kernel: not a socket either way
            continue
        opened.close()
        raise SandboxError(f"the process can still open {family.name} sockets")


def network_denied() -> bool:
    """True when this process cannot open an IPv4 socket (for tests and the status page)."""
    try:
        verify()
    except SandboxError:
        return False
    return True
