-- Interventions in list order, with the arm labels and other names they carry as lists.
create or replace table study_interventions as
with parsed as (
    select nct_id, arms_interventions.interventions as items
    from study_parsed
),

entries as (
    select nct_id, unnest(numbered(items), max_depth := 2)
    from parsed
),

final as (
    select
        nct_id,
        ordinal,
        item.type as intervention_type,
        item.name as name,
        item.description as description,
        coalesce(item.armGroupLabels, []::varchar[]) as arm_group_labels,
        coalesce(item.otherNames, []::varchar[]) as other_names
    from entries
)

select * from final
