"""The `engage` command: wires config, credentials, platform, store and TUI."""
