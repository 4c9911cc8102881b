-- Arms (AACT design_groups) in list order, with the intervention names assigned to each.
create or replace table arm_groups as
with parsed as (
    select nct_id, arms_interventions.armGroups as items
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
        item.label as label,
        item.type as group_type,
        item.description as description,
        coalesce(item.interventionNames, []::varchar[]) as intervention_names
    from entries
)

select * from final
