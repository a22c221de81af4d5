"""Render: the Report to one semantic HTML document, and that document to DOCX and PDF."""
