"""The 决算 document kind (部门决算公开): a department's final accounts for a year.

``model`` (what the file says), ``schema`` (reading it), ``tables`` (the nine tables),
``facts`` (what 情况说明 states), ``annex`` (the 绩效自评表), ``settings`` (what a
profile may set), ``derive`` (all of it, once), ``identities`` and ``rules`` (the checks),
``ledger`` (the judges of its completeness ledger); templates in
``generator/templates/final_accounts``.
"""

from __future__ import annotations

from generator.kinds import DocumentKind
from generator.kinds.final_accounts.derive import derive
from generator.kinds.final_accounts.ledger import JUDGES
from generator.kinds.final_accounts.rules import RULEBOOK
from generator.kinds.final_accounts.schema import read_department
from generator.kinds.final_accounts.settings import check_settings

KIND = DocumentKind(name="决算", folder="final_accounts", read=read_department,
                    check_settings=check_settings, derive=derive, rulebook=RULEBOOK,
                    judges=JUDGES)
