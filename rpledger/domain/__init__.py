"""The domain: the Case aggregate, its events and value objects, obligations, rules and policies.

Pure Python: no clock, no environment, no I/O. Time and actor always arrive as arguments.
"""
