-- AACT's mesh_headings, empty: AACT loads it from the National Library of Medicine's list of MeSH
-- tree headings and subcategories, not from the registry; the registry's JSON carries none of it.
-- aact: ctgov.mesh_headings
create or replace table mesh_headings as
with final as (
    select
        null::integer as id,
        null::varchar as qualifier,
        null::varchar as heading,
        null::varchar as subcategory
    limit 0
)

select * from final
