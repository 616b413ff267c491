"""The departments' names: a person's department is free text (the CSV import's column), but the
demo and most imports use short codes; a known code shows as its name, any other text as is."""

from __future__ import annotations

from app.i18n import N_

DEPARTMENT_NAMES = {
    "communication": N_("Communication"),
    "customer-service": N_("Customer service"),
    "hr": N_("Human resources"),
    "it": N_("IT"),
    "leadership": N_("Leadership"),
    "marketing": N_("Marketing"),
    "sales": N_("Sales"),
}


def department_name(department: str) -> str | None:
    """The untranslated name of a department code, or None for text to show as it is."""
    return DEPARTMENT_NAMES.get(department.strip().lower())
