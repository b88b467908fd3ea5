"""Database triggers enforcing the parent-kind rule of the performance tree.

A node's parent must be of the level right above it and in the same plan period. Since the kinds
strictly descend, this also makes cycles impossible, whatever writes to the table.
"""

from django.db import migrations

PAIRS = [
    ("mission", "vision"),
    ("goal", "mission"),
    ("objective", "goal"),
    ("program", "objective"),
    ("activity", "program"),
    ("sub_activity", "activity"),
]


def _allowed(child: str, parent: str) -> str:
    return "(" + " OR ".join(f"({child}.kind = '{c}' AND {parent}.kind = '{p}')" for c, p in PAIRS) + ")"


SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER planning_node_parent_kind_{event.lower()}
    BEFORE {event} ON planning_plannode
    FOR EACH ROW WHEN NEW.parent_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM planning_plannode AS p
        WHERE p.id = NEW.parent_id AND p.period_id = NEW.period_id AND {_allowed("NEW", "p")}
    )
    BEGIN SELECT RAISE(ABORT, 'plan node: parent kind not allowed or parent in another period'); END;
    """
    for event in ("INSERT", "UPDATE")
] + [
    f"""
    CREATE TRIGGER planning_node_children_kind_update
    BEFORE UPDATE OF kind, period_id ON planning_plannode
    FOR EACH ROW WHEN EXISTS (
        SELECT 1 FROM planning_plannode AS c
        WHERE c.parent_id = NEW.id AND (c.period_id != NEW.period_id OR NOT {_allowed("c", "NEW")})
    )
    BEGIN SELECT RAISE(ABORT, 'plan node: a child would no longer fit under this node'); END;
    """
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS planning_node_parent_kind_insert;",
    "DROP TRIGGER IF EXISTS planning_node_parent_kind_update;",
    "DROP TRIGGER IF EXISTS planning_node_children_kind_update;",
]

POSTGRES_FORWARD = [
    f"""
    CREATE FUNCTION planning_node_check_kind() RETURNS trigger AS $$
    BEGIN
        IF NEW.parent_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM planning_plannode AS p
            WHERE p.id = NEW.parent_id AND p.period_id = NEW.period_id AND {_allowed("NEW", "p")}
        ) THEN
            RAISE EXCEPTION 'plan node: parent kind not allowed or parent in another period'
                USING ERRCODE = 'check_violation';
        END IF;
        IF TG_OP = 'UPDATE' AND EXISTS (
            SELECT 1 FROM planning_plannode AS c
            WHERE c.parent_id = NEW.id AND (c.period_id <> NEW.period_id OR NOT {_allowed("c", "NEW")})
        ) THEN
            RAISE EXCEPTION 'plan node: a child would no longer fit under this node'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER planning_node_check_kind
    BEFORE INSERT OR UPDATE OF parent_id, kind, period_id ON planning_plannode
    FOR EACH ROW EXECUTE FUNCTION planning_node_check_kind();
    """,
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS planning_node_check_kind ON planning_plannode;",
    "DROP FUNCTION IF EXISTS planning_node_check_kind();",
]


def forward(apps, schema_editor):
    statements = POSTGRES_FORWARD if schema_editor.connection.vendor == "postgresql" else SQLITE_FORWARD
    if schema_editor.connection.vendor not in ("postgresql", "sqlite"):
        return
    for statement in statements:
        schema_editor.execute(statement)


def reverse(apps, schema_editor):
    statements = POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE
    if schema_editor.connection.vendor not in ("postgresql", "sqlite"):
        return
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
