-- Rows of per-study tables whose nct_id has no row in studies.
with children as (
    select 'conditions' as table_name, nct_id from conditions
    union all
    select 'keywords' as table_name, nct_id from keywords
    union all
    select 'condition_meshes' as table_name, nct_id from condition_meshes
    union all
    select 'interventions' as table_name, nct_id from interventions
    union all
    select 'intervention_meshes' as table_name, nct_id from intervention_meshes
    union all
    select 'arm_groups' as table_name, nct_id from arm_groups
    union all
    select 'sponsors' as table_name, nct_id from sponsors
    union all
    select 'locations' as table_name, nct_id from locations
    union all
    select 'outcomes' as table_name, nct_id from outcomes
    union all
    select 'eligibilities' as table_name, nct_id from eligibilities
    union all
    select 'designs' as table_name, nct_id from designs
    union all
    select 'study_topics' as table_name, nct_id from study_topics
),

final as (
    select c.table_name, c.nct_id, count(*) as n_rows
    from children as c
    anti join studies as s on s.nct_id = c.nct_id
    group by all
    order by c.table_name, c.nct_id
)

select * from final
