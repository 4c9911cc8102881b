-- AACT's intervention_other_names: one row per entry of an intervention's otherNames, numbered
-- through the study in intervention order then list order (AACT's insert order), with the
-- intervention's id (interventions.id).
-- aact: ctgov.intervention_other_names
create or replace table intervention_other_names as
with interventions as (
    select
        nct_id,
        generate_subscripts(arms_interventions.interventions, 1) as intervention_ordinal,
        unnest(arms_interventions.interventions).otherNames as names
    from study_parsed
    where usable_id
),

entries as (
    select
        nct_id,
        intervention_ordinal,
        generate_subscripts(names, 1) as name_ordinal,
        unnest(names) as name
    from interventions
),

final as (
    select
        aact_id(
            nct_id,
            row_number() over (partition by nct_id order by intervention_ordinal, name_ordinal)
        ) as id,
        nct_id,
        aact_id(nct_id, intervention_ordinal) as intervention_id,
        name
    from entries
)

select * from final
