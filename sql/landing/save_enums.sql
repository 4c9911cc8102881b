-- The registry's enum lists as GET /studies/enums served them (a JSON file), one row per value.
-- Parameters: the file, run_id, data_timestamp, fetched_at.
insert or ignore into raw_enums
with types as (
    select json as entry from read_json_objects(?, format = 'array')
),

items as (
    select
        entry ->> '$.type' as enum_type,
        unnest(json_extract(entry, '$.values[*]')) as item,
        generate_subscripts(json_extract(entry, '$.values[*]'), 1) as ordinal
    from types
)

select ?, ?, ?, enum_type, item ->> '$.value', item ->> '$.legacyValue', ordinal
from items
