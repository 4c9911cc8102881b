-- A digest of the registry enum list in use (the latest run's /studies/enums, as enum_values
-- reads it): the same list on two runs gives the same digest, so only a changed list forces a
-- full rebuild (pipeline.warehouse.incremental.tables_hash).
select md5(coalesce(string_agg(enum_type || '=' || value, ',' order by enum_type, value), ''))
from raw_enums
where run_id = (select arg_max(run_id, fetched_at) from raw_enums)
