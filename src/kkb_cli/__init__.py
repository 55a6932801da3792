"""kkb: plan, register and report Kampung KB formations against yearly targets."""

__version__ = "0.1.0"
