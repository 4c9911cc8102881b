-- A browse module's MeSH terms (kind 'mesh') and their ancestors (kind 'ancestor') as one list of
-- {kind, ordinal, id, term}, so a table unnests one list per record.
create or replace macro browse_entries(browse) as
    list_concat(
        [{'kind': 'mesh', 'ordinal': i, 'id': m.id, 'term': m.term} for m, i in browse.meshes],
        [{'kind': 'ancestor', 'ordinal': i, 'id': m.id, 'term': m.term} for m, i in browse.ancestors]
    )
