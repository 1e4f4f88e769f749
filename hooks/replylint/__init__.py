"""replylint: lint Amazon Buyer-Seller Messaging reply templates."""

__version__ = "0.1.0"
