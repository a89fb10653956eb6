"""eurasia: Kazakhstan in Greater Eurasia as one system — corridors, indicators and agenda."""

__version__ = "0.1.0"

__all__ = ["__version__"]
