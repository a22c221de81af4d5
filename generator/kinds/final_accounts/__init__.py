"""The 决算 document kind (部门决算公开): a department's final accounts for a year.

``model`` (what the file says), ``schema`` (reading it), ``tables`` (the nine tables),
``facts`` (what 情况说明 states), ``annex`` (the 绩效自评表), ``derive`` (all of it, once),
``identities`` and ``rules`` (the checks); templates in ``generator/templates/final_accounts``.
"""

from __future__ import annotations

from generator.kinds import DocumentKind
from generator.kinds.final_accounts.derive import derive
from generator.kinds.final_accounts.rules import RULEBOOK
from generator.kinds.final_accounts.schema import read_department

KIND = DocumentKind(name="决算", folder="final_accounts", read=read_department,
                    derive=derive, rulebook=RULEBOOK, glossary="决算")
