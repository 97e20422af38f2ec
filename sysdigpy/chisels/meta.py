"""Metadata of the chisels, as `sysdig -i NAME` shows them (category, short and long description, args)."""

from __future__ import annotations

from sysdigpy.chisels.base import ChiselArg

Meta = tuple[str, str, str, list[ChiselArg]]


_META: dict[str, tuple[str, str, str, list[tuple[str, str, str, bool]]]] = {'around': ('Misc',
            'Export to file the events around the time range where the given filter matches.',
            'Given a filter on the command line, this chisel saves the events that are in a time range around '
            'filter matches, and that are on the SAME process/thread. The time range can be adjusted with the '
            "dump_range_ms argument. For example, 'sysdig -c around evt.type=open and evt.failed=true' will save "
            'two seconds of activity around every failed open.',
            [('dump_file_name',
              'string',
              'The name of the file where the chisel will write the events related to each syslog entry.',
              False),
             ('dump_range_ms',
              'int',
              'The time interval to capture *before* and *after* each event, in milliseconds. For example, 500 '
              'means that 1 second around each displayed event (.5s before and .5s after) will be saved to '
              '<dump_file_name>. The default value for dump_range_ms is 1000.',
              True)]),
 'bottlenecks': ('Performance',
                 'Slowest system calls',
                 'Lists the 10 system calls that took the longest to return during the capture interval.',
                 []),
 'echo_fds': ('I/O',
              'Print the data read and written by processes.',
              'Print the data read and written for any FD. Combine this script with a filter to restrict what it '
              'shows. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, '
              'otherwise no container information will be shown. (Blue represents  [Write], and Red represents '
              '[Read] for all data except when the -pc or -pcontainer argument is used. If used the '
              'container.name and container.id will be represented as: Green [host], and Cyan [container]) '
              "Container information will contain '[]' around container.name and container.id.",
              [('disable_color', 'string', "Set to 'disable_colors' if you want to disable color output", True)]),
 'fileslower': ('Performance',
                'Trace slow file I/O',
                'Trace file I/O slower than a threshold, or all file I/O. This chisel is compatible with '
                'containers using the sysdig -pc or -pcontainer argument, otherwise no container information will '
                'be shown. (Blue represents a process running within a container, and Green represents a host '
                'process)',
                [('min_ms', 'int', 'Minimum millisecond threshold for showing file I/O', False),
                 ('disable_color',
                  'string',
                  "Set to 'disable_colors' if you want to disable color output",
                  True)]),
 'httplog': ('Application', 'HTTP requests log', 'Show a log of all HTTP requests', []),
 'httptop': ('Application',
             'Top HTTP requests',
             'Show top HTTP requests by: ncalls, time or bytes',
             [('by', 'string', 'Show top HTTP transactions by: ncalls, time or bytes, default is ncalls', True)]),
 'iobytes': ('I/O',
             'Sum of I/O bytes on any type of FD',
             'Counts the total bytes read from and written to any type of FD (disk, socket, pipe...) and prints '
             'the result every second.',
             []),
 'iobytes_file': ('I/O', 'Sum of file I/O bytes', 'Counts the total bytes read from and written to files.', []),
 'iobytes_net': ('Net',
                 'Show total network I/O bytes',
                 'Counts the total bytes read from and written to the network, and prints the result every second',
                 []),
 'list_login_shells': ('Security',
                       'List the login shell IDs',
                       'List the IDs of the login sessions. Optionally, the list can be filtered to include only '
                       'the sessions that contain a specific command. The session IDs listed by this chisel can '
                       'be used as filters for the spy_users chisel. This chisel is compatible with containers '
                       'using the sysdig -pc or -pcontainer argument, otherwise no container information will be '
                       'shown.',
                       [('command',
                         'string',
                         'If this parameter is specified, only the login shells that contain commands including '
                         'the given string in their name will be listed. * will match any command name.',
                         True),
                        ('arguments',
                         'string',
                         'If this parameter is specified, only the login shells that contain commands including '
                         'the given string in their arguments will be listed',
                         True)]),
 'netlower': ('Performance',
              'Trace slow network I/0',
              'Trace network I/O slower than a threshold, or all network I/O. This chisel is compatible with '
              'containers using the sysdig -pc or -pcontainer argument, otherwise no container information will '
              'be shown. (Blue represents a process running within a container, and Green represents a host '
              'process)',
              [('min_ms', 'int', 'Minimum millisecond threshold for showing network I/O', False),
               ('disable_color', 'string', "Set to 'disable_colors' if you want to disable color output", True)]),
 'netstat': ('System State',
             'List (and optionally filter) network connections.',
             'Print the system network connections, with an output that is similar to the one of netstat. Output '
             'is at a point in time; adjust this in the filter. It defaults to time of evt.num=0',
             [('filter',
               'filter',
               "A sysdig-like filter expression that allows restricting the FD list. E.g. 'proc.name=foo and "
               "fd.port=80'.",
               False)]),
 'proc_exec_time': ('Performance',
                    'Show process execution time',
                    'List the processes that have finished running, along with their execution time, and color '
                    'every line based on the total process run time (Green|Blue below thresholds, Yellow at 3 '
                    'sec, and Red at 10 sec). This chisel is compatible with containers using the sysdig -pc or '
                    '-pcontainer argument, otherwise no container information will be shown. (Blue represents a '
                    'process running within a container, and Green represents a host process)',
                    [('disable_color',
                      'string',
                      "Set to 'disable_colors' if you want to disable color output",
                      True)]),
 'scallslower': ('Performance',
                 'Trace slow syscalls',
                 'Trace syscalls slower than a threshold milliseconds. This chisel is compatible with containers '
                 'using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown. '
                 '(Blue represents a process running within a container, and Green represents a host process)',
                 [('min_ms', 'int', 'Minimum milliseconds before which a syscall should complete', False),
                  ('disable_color',
                   'string',
                   "Set to 'disable_colors' if you want to disable color output",
                   True)]),
 'spectrogram': ('CPU Usage',
                 'Visualize OS latency in real time.',
                 'This console visualization shows the frequency of system call latencies. The Y axis unit is '
                 'time. By default, a new line is created twice a second, but that can be changed by specifying a '
                 'different refresh time argument. The X axis shows a range of latencies. Each latency value has '
                 'a color that can be black (no calls), green (tens of calls/s), yellow (hundreds of calls/s) or '
                 'red (Thousands of calls/s). In other words, red areas mean that there are many system calls '
                 'taking the specified time to return. Use this chisel in conjunction with filters to visualize '
                 'latencies for certain processes, types of I/O activity, file systems, etc.',
                 [('refresh_time', 'int', 'Chart refresh time in milliseconds', True)]),
 'spy_file': ('I/O',
              'Echo any read/write made by any process to all files. Optionally, you can provide the name of one '
              'file to only intercept reads/writes to that file.',
              'This chisel intercepts all reads and writes to all files. Instead of all files, you can limit '
              'interception to one file.',
              [('read_or_write',
                'string',
                "Specify 'R' to capture only read events; 'W' to capture only write events; 'RW' to capture read "
                'and write events. By default both read and write events are captured.',
                True),
               ('spy_on_file_name',
                'string',
                'The name of the file which the chisel should spy on for all read and write activity.',
                True)]),
 'spy_ip': ('Net',
            'Show the data exchanged with the given IP address',
            'Shows the network payloads exchanged with an IP end-point. You can combine this chisel with the -x, '
            '-X or -A sysdig command line switches to customize the screen output',
            [('host_ip', 'ipv4', 'The remote host IP address', False),
             ('disable_color', 'string', "Set to 'disable_colors' if you want to disable color output", True)]),
 'spy_logs': ('Logs',
              'Echo any write made by any process to a log file. Optionally, export the events around each log '
              'message to file.',
              "This chisel intercepts all the writes to files containing '.log' or '_log' in their name, and "
              "pretty prints them. You can combine this chisel with filters like 'proc.name=foo' (to restrict the "
              "output to a specific process), or 'evt.buffer contains foo' (to show only messages including a "
              'specific string). You can also write the events generated around each log entry to file by using '
              'the dump_file_name and dump_range_ms arguments. If running from a terminal the line will be '
              'colored Green = OK; Yellow = Warn; and Red = Error. This chisel is compatible with containers '
              'using the sysdig -pc or -pcontainer argument, otherwise no container information will be shown. ( '
              'A Blue colored container.name represents a process running within a container)',
              [('dump_file_name',
                'string',
                'The name of the file where the chisel will write the events related to each syslog entry.',
                True),
               ('dump_range_ms',
                'int',
                'The time interval to capture *before* and *after* each event, in milliseconds. For example, 500 '
                'means that 1 second around each displayed event (.5s before and .5s after) will be saved to '
                '<dump_file_name>. The default value for dump_range_ms is 1000.',
                True),
               ('disable_color', 'string', "Set to 'disable_colors' if you want to disable color output", True)]),
 'spy_port': ('Net',
              'Show the data exchanged using the given IP port number',
              'Shows the network payloads exchanged using a given IP port number. You can combine this chisel '
              'with the -x, -X or -A sysdig command line switches to customize the screen output',
              [('host_port', 'int', 'The remote host IP port number', False),
               ('disable_color', 'string', "Set to 'disable_colors' if you want to disable color output", True)]),
 'spy_syslog': ('Logs',
                'Print every message written to syslog. Optionally, export the events around each syslog message '
                'to file.',
                'Print every message written to syslog by any process. You can combine this chisel with filters '
                "like 'proc.name=foo' (to restrict the output to a specific process), or 'syslog.message contains "
                "foo' (to show only messages including a specific string). You can also write the events "
                'generated around each log entry to file by using the dump_file_name and dump_range_ms arguments.',
                [('dump_file_name',
                  'string',
                  'The name of the file where the chisel will write the events related to each syslog entry.',
                  True),
                 ('dump_range_ms',
                  'int',
                  'The time interval to capture *before* and *after* each event, in milliseconds. For example, '
                  '500 means that 1 second around each displayed event (.5s before and .5s after) will be saved '
                  'to <dump_file_name>. The default value for dump_range_ms is 1000.',
                  True),
                 ('disable_color',
                  'string',
                  "Set to 'disable_colors' if you want to disable color output",
                  True)]),
 'spy_users': ('Security',
               'Display interactive user activity',
               'Lists every command that users launch interactively (e.g. from bash) and every directory users '
               'visit. This chisel is compatible with containers using the sysdig -pc or -pcontainer argument, '
               'otherwise no container information will be shown. (Blue represents a process running within a '
               'container, and Green represents a host process)',
               [('max_depth', 'int', 'the maximum depth to show in the hierarchy of processes', True),
                ('disable_color', 'string', "Set to 'disable_colors' if you want to disable color output", True)]),
 'stderr': ('I/O',
            'Print stderr of processes',
            'Print the standard error of any process on screen. Combine this script with a filter to limit the '
            'output to a specific process or pid. This chisel is compatible with containers using the sysdig -pc '
            'or -pcontainer argument, otherwise no container information will be shown. (Blue represents a '
            'process running within a container, and Green represents a host process)',
            [('disable_color', 'string', "Set to 'disable_colors' if you want to disable color output", True)]),
 'stdin': ('I/O',
           'Print stdin of processes',
           'Print the standard input of any process on screen. Combine this script with a filter to limit the '
           'output to a specific process or pid.',
           []),
 'stdout': ('I/O',
            'Print stdout of processes',
            'Print the standard output of any process on screen. Combine this script with a filter to limit the '
            'output to a specific process or pid.',
            []),
 'topprocs_cpu': ('CPU Usage',
                  'Top processes by CPU usage',
                  'Show the top process defined by the highest CPU utilization. This chisel is compatible with '
                  'containers using the sysdig -pc or -pcontainer argument, otherwise no container information '
                  'will be shown.',
                  [])}


def meta(name: str) -> Meta:
    """(category, short_description, description, args) of a built-in chisel."""
    cat, short, desc, args = _META[name]
    return cat, short, desc, [ChiselArg(n, t, d, o) for n, t, d, o in args]
