"""The audit log every domain writes to: who did what to whom, from which request or command.

Callers pass the origin (IP and request id) themselves: views build it with
``origin.request_origin()``, commands use ``origin.COMMAND_LINE``.
"""
