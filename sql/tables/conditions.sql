-- AACT's conditions: one row per entry of conditionsModule.conditions, in list order, with its
-- lower-case copy (AACT's downcase conversion).
-- aact: ctgov.conditions
create or replace table conditions as
with entries as (
    select
        nct_id,
        generate_subscripts(conditions.conditions, 1) as ordinal,
        unnest(conditions.conditions) as name
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
