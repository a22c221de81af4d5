"""The 预算 document kind (部门预算公开): a department's budget for the coming year.

``model`` (what the file says: basic lines, projects, 三公, targets …), ``schema``
(reading it), ``tables`` (the twelve tables), ``identities`` and ``rules`` (the checks),
``facts`` (what 情况说明 states), ``settings`` (what a profile may set), ``derive`` (all
of it, once), ``ledger`` (the judges of its completeness ledger); templates in
``generator/templates/budget``. The loader, findings, money, phrase builders, catalogs,
profiles, the document tree, both writers and the CLI are the ones the 决算 uses.
"""

from __future__ import annotations

from generator.kinds import DocumentKind
from generator.kinds.budget.derive import derive
from generator.kinds.budget.ledger import JUDGES
from generator.kinds.budget.rules import RULEBOOK
from generator.kinds.budget.schema import read_department
from generator.kinds.budget.settings import check_settings

KIND = DocumentKind(name="预算", folder="budget", read=read_department,
                    check_settings=check_settings, derive=derive, rulebook=RULEBOOK,
                    judges=JUDGES)
