-- AACT's detailed_descriptions: one row per study whose record has a descriptionModule (AACT's
-- root, as for brief_summaries), its detailedDescription as the description: null when the
-- module has none, as AACT loads it.
-- aact: ctgov.detailed_descriptions
create or replace table detailed_descriptions as
with final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        description.detailedDescription as description
    from study_parsed
    where usable_id and description is not null
)

select * from final
