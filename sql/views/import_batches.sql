-- Each import batch with how many study versions it landed are still stored, and how many of
-- the studies it touched are quarantined.
create or replace view import_batches as
with landed as (
    select substr(source, 8) as batch_id, count(*) as versions, count(distinct nct_id) as studies
    from raw_studies
    where starts_with(source, 'import:')
    group by all
),

held as (
    select first_run_id as batch_id, count(distinct nct_id) as quarantined
    from quarantine
    group by all
),

final as (
    select
        i.batch_id,
        i.imported_at,
        i.files,
        i.records,
        coalesce(l.versions, 0) as versions,
        coalesce(l.studies, 0) as studies,
        coalesce(h.quarantined, 0) as quarantined,
        i.removed_at
    from raw_imports as i
    left join landed as l on l.batch_id = i.batch_id
    left join held as h on h.batch_id = i.batch_id
)

select * from final order by imported_at desc, batch_id desc
