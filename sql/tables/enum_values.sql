-- The registry's vocabulary the unknown-value rules compare with (quarantine, unknown_enum_values):
-- per enum type, the values GET /studies/enums listed in the latest run that recorded them
-- (raw_enums), else the spec's (spec_enum_values). Per type, so a type the registry's body lacks
-- (or lists empty) keeps the spec's values instead of making every value of it unknown.
create or replace table enum_values as
with latest as (
    select *
    from raw_enums
    where run_id = (select max(run_id) from raw_enums)
),

registry as (
    select
        enum_type as enum_name,
        value,
        ordinal,
        'registry ' || coalesce(data_timestamp, 'without a dataTimestamp') as source
    from latest
),

spec as (
    select enum_name, value, ordinal, source
    from spec_enum_values
    where enum_name not in (select enum_name from registry)
),

final as (
    select * from registry
    union all
    select * from spec
    order by enum_name, ordinal
)

select * from final
