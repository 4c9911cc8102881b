-- AACT's keywords: one row per entry of conditionsModule.keywords, in list order, with its
-- lower-case copy (AACT's downcase conversion).
-- aact: ctgov.keywords
create or replace table keywords as
with entries as (
    select
        nct_id,
        generate_subscripts(conditions.keywords, 1) as ordinal,
        unnest(conditions.keywords) as name
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        name,
        lower(name) as downcase_name
    from entries
)

select * from final
