-- AACT's retractions: per reference (study_references), one row per entry of its retractions
-- list, in record order; reference_id is that reference's study_references.id.
-- aact: ctgov.retractions
create or replace table retractions as
with refs as (
    select
        nct_id,
        generate_subscripts(reference_entries, 1) as reference_ordinal,
        unnest(reference_entries) as item
    from study_parsed
    where usable_id
),

entries as (
    select
        nct_id,
        reference_ordinal,
        generate_subscripts(item.retractions, 1) as retraction_ordinal,
        unnest(item.retractions) as retraction
    from refs
),

numbered as (
    select
        *,
        row_number() over (
            partition by nct_id order by reference_ordinal, retraction_ordinal
        ) as ordinal
    from entries
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        aact_id(nct_id, reference_ordinal) as reference_id,
        retraction.pmid as pmid,
        retraction.source as source,
        nct_id
    from numbered
)

select * from final
