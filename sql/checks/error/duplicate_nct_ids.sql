-- Tables meant to hold one row per study that hold more for some nct_id.
with counts as (
    select 'current_records' as table_name, nct_id, count(*) as n_rows from current_records group by all
    union all
    select 'study_overview' as table_name, nct_id, count(*) as n_rows from study_overview group by all
    union all
    select 'study_eligibility' as table_name, nct_id, count(*) as n_rows from study_eligibility group by all
    union all
    select 'study_designs' as table_name, nct_id, count(*) as n_rows from study_designs group by all
),

final as (
    select table_name, nct_id, n_rows
    from counts
    where n_rows > 1
    order by table_name, nct_id
)

select * from final
