-- AACT's design_group_interventions: one row per entry of an intervention's armGroupLabels,
-- numbered through the study in intervention order then list order (AACT's insert order). The
-- label is looked up among the study's design groups by title, as AACT's index does: when two
-- groups share a title the later one wins, and a label no group has gives a row whose
-- design_group_id is null (AACT keeps it: its belongs_to is optional).
-- aact: ctgov.design_group_interventions
create or replace table design_group_interventions as
with interventions as (
    select
        nct_id,
        generate_subscripts(arms_interventions.interventions, 1) as intervention_ordinal,
        unnest(arms_interventions.interventions).armGroupLabels as labels
    from study_parsed
    where usable_id
),

entries as (
    select
        nct_id,
        intervention_ordinal,
        generate_subscripts(labels, 1) as label_ordinal,
        unnest(labels) as label
    from interventions
),

groups as (
    select nct_id, title, max(id) as design_group_id
    from design_groups
    group by all
),

final as (
    select
        aact_id(
            e.nct_id,
            row_number() over (
                partition by e.nct_id order by e.intervention_ordinal, e.label_ordinal
            )
        ) as id,
        e.nct_id,
        g.design_group_id,
        aact_id(e.nct_id, e.intervention_ordinal) as intervention_id
    from entries as e
    left join groups as g on g.nct_id = e.nct_id and g.title is not distinct from e.label
)

select * from final
