-- Rows of per-study tables whose nct_id has no row in studies.
with children as (
    select 'study_conditions' as table_name, nct_id from study_conditions
    union all
    select 'study_keywords' as table_name, nct_id from study_keywords
    union all
    select 'condition_meshes' as table_name, nct_id from condition_meshes
    union all
    select 'study_interventions' as table_name, nct_id from study_interventions
    union all
    select 'intervention_meshes' as table_name, nct_id from intervention_meshes
    union all
    select 'arm_groups' as table_name, nct_id from arm_groups
    union all
    select 'study_sponsors' as table_name, nct_id from study_sponsors
    union all
    select 'locations' as table_name, nct_id from locations
    union all
    select 'planned_outcomes' as table_name, nct_id from planned_outcomes
    union all
    select 'study_eligibility' as table_name, nct_id from study_eligibility
    union all
    select 'study_designs' as table_name, nct_id from study_designs
    union all
    select 'study_topics' as table_name, nct_id from study_topics
),

final as (
    select c.table_name, c.nct_id, count(*) as n_rows
    from children as c
    anti join study_overview as s on s.nct_id = c.nct_id
    group by all
    order by c.table_name, c.nct_id
)

select * from final
