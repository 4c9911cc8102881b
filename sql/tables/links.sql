-- AACT's links: one row per protocolSection.referencesModule.seeAlsoLinks entry, in record order.
-- aact: ctgov.links
create or replace table links as
with entries as (
    select nct_id, unnest(numbered(see_also_links), max_depth := 2)
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.url as url,
        item.label as description
    from entries
)

select * from final
