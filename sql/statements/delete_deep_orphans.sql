-- Forget the too-deep marks (raw_deep_records) of versions raw_studies no longer holds: an import
-- batch was taken back out.
delete from raw_deep_records as d
where not exists (
    select 1 from raw_studies as r where r.nct_id = d.nct_id and r.content_hash = d.content_hash
)
