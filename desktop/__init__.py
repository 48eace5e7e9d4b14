"""林区工会女职工工作台 (union-desk)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("union-desk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"
