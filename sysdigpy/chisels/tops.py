"""The top-N chisels: each one a table_generator configuration (sysdig's top*.lua, fd*_by.lua)."""

from __future__ import annotations

from sysdigpy.chisels.base import ChiselArg
from sysdigpy.chisels.table import TableChisel


class TopfilesBytes(TableChisel):
    name = 'topfiles_bytes'
    category = 'I/O'
    hidden = False
    short_description = 'Top files by R+W bytes'
    description = (
        'Shows the top files in terms of disk usage. This chisel is compatible with conta'
        'iners using the sysdig -pc or -pcontainer argument, otherwise no container infor'
        'mation will be shown.'
    )
    keys = ['fd.name']
    key_desc = ['Filename']
    container_keys = ['container.name', 'fd.name']
    container_key_desc = ['container.name', 'Filename']
    value = 'evt.rawarg.res'
    value_desc = 'Bytes'
    filter_text = 'fd.type=file and evt.is_io=true'
    top = 10
    units = 'bytes'


class TopfilesTime(TableChisel):
    name = 'topfiles_time'
    category = 'I/O'
    hidden = False
    short_description = 'Top files by time'
    description = (
        'Shows the top files in terms of disk usage. This chisel is compatible with conta'
        'iners using the sysdig -pc or -pcontainer argument, otherwise no container infor'
        'mation will be shown.'
    )
    keys = ['fd.name']
    key_desc = ['Filename']
    container_keys = ['fd.name', 'container.name']
    container_key_desc = ['Filename', 'container.name']
    value = 'evt.latency'
    value_desc = 'Time'
    filter_text = 'fd.type=file and evt.is_io=true'
    top = 10
    units = 'time'


class TopfilesErrors(TableChisel):
    name = 'topfiles_errors'
    category = 'Errors'
    hidden = False
    short_description = 'Top files by number of errors'
    description = (
        'Shows the top files in terms of I/O errors. This chisel is compatible with conta'
        'iners using the sysdig -pc or -pcontainer argument, otherwise no container infor'
        'mation will be shown.'
    )
    keys = ['fd.name']
    key_desc = ['Filename']
    container_keys = ['fd.name', 'container.name']
    container_key_desc = ['Filename', 'container.name']
    value = 'evt.count'
    value_desc = '#Errors'
    filter_text = 'fd.type=file and evt.failed=true'
    top = 100
    units = 'none'


class TopprocsFile(TableChisel):
    """Under -pc sysdig's JSON ``info`` has the value over the third key (see TableChisel): here it has all keys."""

    name = 'topprocs_file'
    category = 'I/O'
    hidden = False
    short_description = 'Top processes by R+W disk bytes'
    description = (
        'Shows the top processes in terms of total (in+out) bytes to disk. This chisel is'
        ' compatible with containers using the sysdig -pc or -pcontainer argument, otherw'
        'ise no container information will be shown.'
    )
    keys = ['proc.name', 'proc.pid']
    key_desc = ['Process', 'PID']
    container_keys = ['proc.name', 'proc.pid', 'thread.vtid', 'container.name']
    container_key_desc = ['Process', 'Host_pid', 'Container_pid', 'container.name']
    value = 'evt.rawarg.res'
    value_desc = 'Bytes'
    filter_text = 'fd.type=file and evt.is_io=true'
    top = 10
    units = 'bytes'


class TopprocsNet(TableChisel):
    """Under -pc sysdig's JSON ``info`` has the value over the third key (see TableChisel): here it has all keys."""

    name = 'topprocs_net'
    category = 'Net'
    hidden = False
    short_description = 'Top processes by network I/O'
    description = (
        'Sort the list of the processes that use the most network bandwidth. This chisel '
        'is compatible with containers using the sysdig -pc or -pcontainer argument, othe'
        'rwise no container information will be shown.'
    )
    keys = ['proc.name', 'proc.pid']
    key_desc = ['Process', 'PID']
    container_keys = ['proc.name', 'proc.pid', 'thread.vtid', 'container.name']
    container_key_desc = ['Process', 'Host_pid', 'Container_pid', 'container.name']
    value = 'evt.rawarg.res'
    value_desc = 'Bytes'
    filter_text = '(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true'
    top = 100
    units = 'bytes'


class TopprocsErrors(TableChisel):
    """Under -pc sysdig's JSON ``info`` has the value over the third key (see TableChisel): here it has all keys."""

    name = 'topprocs_errors'
    category = 'Errors'
    hidden = False
    short_description = 'top processes by number of errors'
    description = (
        'Shows the top processes in terms of system call errors. This chisel is compatibl'
        'e with containers using the sysdig -pc or -pcontainer argument, otherwise no con'
        'tainer information will be shown.'
    )
    keys = ['proc.name', 'proc.pid']
    key_desc = ['Process', 'PID']
    container_keys = ['proc.name', 'proc.pid', 'thread.vtid', 'container.name']
    container_key_desc = ['Process', 'Host_pid', 'Container_pid', 'container.name']
    value = 'evt.count'
    value_desc = '#Errors'
    filter_text = 'evt.failed=true'
    top = 100
    units = 'none'


class Topconns(TableChisel):
    """Under -pc sysdig's JSON ``info`` has the value over the third key (see TableChisel): here it has all keys."""

    name = 'topconns'
    category = 'Net'
    hidden = False
    short_description = 'Top network connections by total bytes'
    description = (
        'Shows the top network connections in terms of total (in+out) bandwidth. This chi'
        'sel is compatible with containers using the sysdig -pc or -pcontainer argument, '
        'otherwise no container information will be shown.'
    )
    keys = ['fd.l4proto', 'fd.name']
    key_desc = ['Proto', 'Conn']
    container_keys = ['container.name', 'fd.l4proto', 'fd.name']
    container_key_desc = ['container.name', 'Proto', 'Conn']
    value = 'evt.rawarg.res'
    value_desc = 'Bytes'
    filter_text = '(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true'
    top = 30
    units = 'bytes'


class TopportsServer(TableChisel):
    name = 'topports_server'
    category = 'Net'
    hidden = False
    short_description = 'Top TCP/UDP server ports by R+W bytes'
    description = (
        'Shows the top TCP/UDP server ports in terms of total (in+out) bandwidth. This ch'
        'isel is compatible with containers using the sysdig -pc or -pcontainer argument,'
        ' otherwise no container information will be shown.'
    )
    keys = ['fd.sport']
    key_desc = ['Srv Port']
    container_keys = ['fd.sport', 'container.name']
    container_key_desc = ['Srv Port', 'container.name']
    value = 'evt.rawarg.res'
    value_desc = 'Bytes'
    filter_text = '(fd.type=ipv4 or fd.type=ipv6) and evt.is_io=true'
    top = 100
    units = 'bytes'


class Topscalls(TableChisel):
    name = 'topscalls'
    category = 'Performance'
    hidden = False
    short_description = 'Top system calls by number of calls'
    description = (
        'Show the top 30 system calls in terms of number of calls. You can use filters to'
        ' restrict this to a specific process, thread or file. This chisel is compatible '
        'with containers using the sysdig -pc or -pcontainer argument, otherwise no conta'
        'iner information will be shown.'
    )
    keys = ['evt.type']
    key_desc = ['Syscall']
    container_keys = ['evt.type', 'container.name']
    container_key_desc = ['Syscall', 'container.name']
    value = 'evt.count'
    value_desc = '# Calls'
    filter_text = 'evt.type!=switch'
    top = 30
    units = 'none'


class TopscallsTime(TableChisel):
    name = 'topscalls_time'
    category = 'Performance'
    hidden = False
    short_description = 'Top system calls by time'
    description = (
        'Show the top 30 system calls in terms of time spent in each call. You can use fi'
        'lters to restrict this to a specific process, thread or file. This chisel is com'
        'patible with containers using the sysdig -pc or -pcontainer argument, otherwise '
        'no container information will be shown.'
    )
    keys = ['evt.type']
    key_desc = ['Syscall']
    container_keys = ['evt.type', 'container.name']
    container_key_desc = ['Syscall', 'container.name']
    value = 'evt.latency'
    value_desc = 'Time'
    filter_text = ''
    top = 30
    units = 'time'

class KeyedTable(TableChisel):
    """A table keyed by a field the user names (fdbytes_by KEY, fdtime_by KEY)."""

    def on_init(self, args: dict[str, str]) -> None:
        self.key = args['key']
        super().on_init(args)

    def key_fields(self) -> list[str]:
        return [self.key]

    def descs(self) -> list[str]:
        return [self.key]


class FdbytesBy(KeyedTable):
    name = 'fdbytes_by'
    category = 'I/O'
    hidden = False
    short_description = 'I/O bytes, aggregated by an arbitrary filter field'
    description = (
        'Groups FD activity based on the given filter field, and returns the key that gen'
        'erated the most input+output bytes. For example, this script can be used to list'
        ' the processes or TCP ports that generated most traffic.'
    )
    args = [ChiselArg('key', 'string', 'The filter field used for grouping')]
    value = 'evt.rawarg.res'
    value_desc = 'Bytes'
    filter_text = 'evt.is_io=true and evt.failed=false'
    top = 30
    units = 'bytes'


class FdtimeBy(KeyedTable):
    name = 'fdtime_by'
    category = 'I/O'
    hidden = False
    short_description = 'FD time group by'
    description = (
        'Groups FD activity based on the given filter field, and returns the keys where m'
        'ost time was spent. For example, this script can be used to list the processes o'
        'r files that caused the biggest I/O latency.'
    )
    args = [ChiselArg('key', 'string', 'The filter field used for grouping')]
    value = 'evt.latency'
    value_desc = 'Time'
    filter_text = 'evt.is_io=true'
    top = 10
    units = 'time'

