"""rpledger: the Restrictive Practice Ledger.

The package name is part of every stored event topic (``rpledger.domain.case:Case.UseRecorded``), so it must never
be renamed without mapping the old topics.
"""
