"""Sample evidence-document corpus generator for testing the checker."""
