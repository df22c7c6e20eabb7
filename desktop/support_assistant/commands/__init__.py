"""One module per ``support-assistant`` subcommand, discovered by :mod:`support_assistant.cli`.

A command module defines ``NAME`` (the subcommand), ``HELP`` (one line, a key in
the message table or plain English registered there), ``add_arguments(parser)``
and ``run(args) -> int``. It should import heavy modules (Qt) inside ``run``.
"""
