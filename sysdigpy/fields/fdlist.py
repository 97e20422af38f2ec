"""Fields of the fdlist (poll) and syslog classes; sysdigpy gives them no value yet."""

from __future__ import annotations

from sysdigpy.fields.registry import Declarer
from sysdigpy.fields.registry import Factory
from sysdigpy.fields.registry import field_class

IMPLS: dict[str, Factory] = {}

field_class("syslog", "syslog", "Content of Syslog messages.")
field_class("fdlist", "fdlist", "Poll event related fields.")


declare = Declarer(IMPLS)
declare("syslog.facility.str", "PT_CHARBUF", "facility as a string.", cls="syslog", pf="PF_NA")
declare("syslog.facility", "PT_UINT32", "facility as a number (0-23).", cls="syslog")
declare("syslog.severity.str", "PT_CHARBUF",
        "severity as a string. Can have one of these values: emerg, alert, crit, err, warn, notice, info, "
        "debug",
        cls="syslog", pf="PF_NA")
declare("syslog.severity", "PT_UINT32", "severity as a number (0-7).", cls="syslog")
declare("syslog.message", "PT_CHARBUF", "message sent to syslog.", cls="syslog", pf="PF_NA")
declare("fdlist.nums", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the FD numbers in the 'fds' argument, returned as"
        " a string.",
        cls="fdlist", pf="PF_ID")
declare("fdlist.names", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the FD names in the 'fds' argument, returned as a"
        " string.",
        cls="fdlist", pf="PF_NA")
declare("fdlist.cips", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the client IP addresses in the 'fds' argument, "
        "returned as a string.",
        cls="fdlist", pf="PF_NA")
declare("fdlist.sips", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the server IP addresses in the 'fds' argument, "
        "returned as a string.",
        cls="fdlist", pf="PF_NA")
declare("fdlist.cports", "PT_CHARBUF",
        "for TCP/UDP FDs, for poll events, this is a comma-separated list of the client TCP/UDP ports in the "
        "'fds' argument, returned as a string.",
        cls="fdlist")
declare("fdlist.sports", "PT_CHARBUF",
        "for poll events, this is a comma-separated list of the server TCP/UDP ports in the 'fds' argument, "
        "returned as a string.",
        cls="fdlist")
