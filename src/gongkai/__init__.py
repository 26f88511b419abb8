"""Gongkai (公开): open government information work under the 2019 Regulations."""

__all__ = ["__version__"]

__version__ = "0.1.0"
