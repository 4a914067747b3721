"""The Textual interface: inbox, prospects, drafts and the reply composer.

Only this package imports Textual. It reads the store, writes local actions
to it (drafts, outbox, triage, prospects) and talks to a SyncController.
"""
