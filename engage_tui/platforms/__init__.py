"""Networks behind one neutral protocol (base.py); X lives in x/."""
