"""brief's version, which the build manifest and the freshness record carry."""

__version__ = "0.1.0"
