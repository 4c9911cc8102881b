-- AACT's brief_summaries: one row per study whose record has a descriptionModule (AACT's root),
-- its briefSummary as the description (null when the module lacks it).
-- aact: ctgov.brief_summaries
create or replace table brief_summaries as
with final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        description.briefSummary as description
    from study_parsed
    where usable_id and description is not null
)

select * from final
