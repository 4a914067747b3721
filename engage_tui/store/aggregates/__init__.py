"""The Store's methods, one aggregate per module, over one connection manager.

Each class here owns one part of the file (its reads and its write
transactions) and calls the query modules one level up for the SQL that
more than one part shares. ``Store`` (``store/store.py``) holds one of each
as an attribute (``store.outbox``) and supplies the per-thread connection
they use.
"""
