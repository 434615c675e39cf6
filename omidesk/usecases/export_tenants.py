"""Exporting the partner's companies to CSV, as the table shows them: written through the
one CSV writer that neutralises formulas, and renamed into place only once complete."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from omidesk.domain.contact_files import formulas
from omidesk.domain.tenants import Tenant
from omidesk.usecases.export_contacts import ContactFileWriter

# The columns: the fields of `omidesk partner tenants --json`, in its order.
COLUMNS = (
    "id",
    "full_name",
    "email",
    "enabled",
    "status",
    "balance",
    "currency",
    "expire_date",
    "package",
    "hotlines",
)


def export_tenants(tenants: Iterable[Tenant], files: ContactFileWriter, path: Path) -> int:
    """Writes `tenants` to `path` (UTF-8 with a BOM, so Excel shows Vietnamese); every cell
    a spreadsheet would run as a formula is quoted — a company's name comes from whoever
    created it. Returns how many were written; raises ContactFileError("export_failed")."""
    count = 0
    with files.replacing(Path(path), "utf-8-sig") as file:
        writer = formulas.Writer(file)
        writer.writerow(COLUMNS)
        for tenant in tenants:
            row = tenant.to_json()
            writer.writerow("" if row[column] is None else _cell(row[column]) for column in COLUMNS)
            count += 1
    return count


def _cell(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
