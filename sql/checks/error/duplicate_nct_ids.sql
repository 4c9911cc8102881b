-- Tables meant to hold one row per study that hold more for some nct_id.
with counts as (
    select 'study_records' as table_name, nct_id, count(*) as n_rows from study_records group by all
    union all
    select 'studies' as table_name, nct_id, count(*) as n_rows from studies group by all
    union all
    select 'eligibilities' as table_name, nct_id, count(*) as n_rows from eligibilities group by all
    union all
    select 'designs' as table_name, nct_id, count(*) as n_rows from designs group by all
),

final as (
    select table_name, nct_id, n_rows
    from counts
    where n_rows > 1
    order by table_name, nct_id
)

select * from final
