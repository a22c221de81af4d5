"""The disclosure generator: a department's YAML data to 部门决算公开 reports (DOCX and PDF).

Pipeline (see ``generator.api``): load → validate into the Department model → derive the
Report (tables, totals, narrative facts) → render one semantic HTML document → write DOCX
and PDF from that same document.
"""

__version__ = "0.1.0"
