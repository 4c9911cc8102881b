-- AACT's interventions: one row per entry of armsInterventionsModule.interventions, in list
-- order. Its other names and arm links are the child tables intervention_other_names and
-- design_group_interventions, whose intervention_id is this id.
-- aact: ctgov.interventions
create or replace table interventions as
with entries as (
    select
        nct_id,
        generate_subscripts(arms_interventions.interventions, 1) as ordinal,
        unnest(arms_interventions.interventions) as item
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.type as intervention_type,
        item.name,
        item.description
    from entries
)

select * from final
