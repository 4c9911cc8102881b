-- AACT's study_references: one row per protocolSection.referencesModule.references entry, in
-- record order. reference_type is the API v2 type as sent (BACKGROUND, RESULT, DERIVED), as
-- today's AACT stores it.
-- aact: ctgov.study_references
create or replace table study_references as
with entries as (
    select nct_id, unnest(numbered(reference_entries), max_depth := 2)
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.pmid as pmid,
        item.type as reference_type,
        item.citation as citation
    from entries
)

select * from final
