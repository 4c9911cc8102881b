-- A list's entries with their 1-based positions, [{ordinal, item}, ...], so a table unnests a
-- list once into (ordinal, item) columns: `unnest(numbered(items), max_depth := 2)`. A null entry
-- keeps its position; a null or empty list gives no rows.
create or replace macro numbered(items) as [{'ordinal': i, 'item': x} for x, i in items]
