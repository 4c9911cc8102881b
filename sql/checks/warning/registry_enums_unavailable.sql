-- The latest run that fetched studies recorded no registry enums (GET /studies/enums failed or
-- listed none): unknown values were checked against an older registry set or the spec's.
with latest as (
    select run_id, max(data_timestamp) as data_timestamp
    from raw_fetches
    group by run_id
    order by run_id desc
    limit 1
),

final as (
    select
        l.run_id,
        l.data_timestamp,
        (select string_agg(distinct source, ', ' order by source) from enum_values) as enum_source
    from latest as l
    where not exists (select 1 from raw_enums as e where e.run_id = l.run_id)
)

select * from final
