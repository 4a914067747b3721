"""Pulls the platform into the store; pushes the outbox exactly once."""
