-- Conditions as the sponsor wrote them, one row per list entry, in list order.
create or replace table study_conditions as
with parsed as (
    select nct_id, conditions.conditions as names
    from study_parsed
),

final as (
    select
        nct_id,
        generate_subscripts(names, 1) as ordinal,
        unnest(names) as name,
        lower(unnest(names)) as downcase_name
    from parsed
)

select * from final
