-- AACT's design_groups: one row per arm or group (armsInterventionsModule.armGroups), in list
-- order: its type, label (AACT's title) and description.
-- aact: ctgov.design_groups
create or replace table design_groups as
with entries as (
    select
        nct_id,
        generate_subscripts(arms_interventions.armGroups, 1) as ordinal,
        unnest(arms_interventions.armGroups) as item
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.type as group_type,
        item.label as title,
        item.description
    from entries
)

select * from final
