"""Full-text indexes for passages, one per database engine.

SQLite: an FTS5 table over coi_passage (external content: the text is stored once), kept in
step by triggers, with the porter stemmer. PostgreSQL: the passage's tsvector (English
stemming) in coi_passage.search_vector, kept by the built-in tsvector_update_trigger and
GIN-indexed, so that matching uses the index and ranking reads stored vectors.

On SQLite, a later migration that alters coi_passage makes Django rebuild the table, which
drops these triggers: such a migration must run SQLITE_DROP and SQLITE_CREATE again after it.
"""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE coi_passage_fts USING fts5("
    " text, heading, content='coi_passage', content_rowid='id',"
    " tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER coi_passage_fts_ai AFTER INSERT ON coi_passage BEGIN"
    " INSERT INTO coi_passage_fts(rowid, text, heading) VALUES (new.id, new.text, new.heading); END",
    "CREATE TRIGGER coi_passage_fts_ad AFTER DELETE ON coi_passage BEGIN"
    " INSERT INTO coi_passage_fts(coi_passage_fts, rowid, text, heading)"
    " VALUES ('delete', old.id, old.text, old.heading); END",
    "CREATE TRIGGER coi_passage_fts_au AFTER UPDATE OF text, heading ON coi_passage BEGIN"
    " INSERT INTO coi_passage_fts(coi_passage_fts, rowid, text, heading)"
    " VALUES ('delete', old.id, old.text, old.heading);"
    " INSERT INTO coi_passage_fts(rowid, text, heading) VALUES (new.id, new.text, new.heading); END",
    "INSERT INTO coi_passage_fts(coi_passage_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS coi_passage_fts_au",
    "DROP TRIGGER IF EXISTS coi_passage_fts_ad",
    "DROP TRIGGER IF EXISTS coi_passage_fts_ai",
    "DROP TABLE IF EXISTS coi_passage_fts",
]
PG_CREATE = [
    "CREATE TRIGGER coi_passage_search_vector BEFORE INSERT OR UPDATE OF text, heading ON coi_passage"
    " FOR EACH ROW EXECUTE FUNCTION tsvector_update_trigger(search_vector, 'pg_catalog.english', text, heading)",
    "UPDATE coi_passage SET search_vector = to_tsvector('pg_catalog.english',"
    " coalesce(text, '') || ' ' || coalesce(heading, ''))",
    "CREATE INDEX coi_passage_search_vector_gin ON coi_passage USING gin (search_vector)",
]
PG_DROP = [
    "DROP INDEX IF EXISTS coi_passage_search_vector_gin",
    "DROP TRIGGER IF EXISTS coi_passage_search_vector ON coi_passage",
]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in PG_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        for statement in PG_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("coi", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
