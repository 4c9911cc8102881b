-- The contacts the registry publishes for the whole study (AACT central_contacts), in list order:
-- what the exported trial shows a reader to ask about taking part. Site contacts stay out
-- (locations).
create or replace table study_contacts as
with parsed as (
    select nct_id, central_contacts as items
    from study_parsed
),

entries as (
    select nct_id, unnest(numbered(items), max_depth := 2)
    from parsed
),

final as (
    select
        nct_id,
        ordinal,
        item.name as name,
        item.role as role,
        item.phone as phone,
        item.phoneExt as phone_ext,
        item.email as email
    from entries
)

select * from final
