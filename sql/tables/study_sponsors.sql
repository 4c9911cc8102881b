-- Lead sponsor (ordinal 1) followed by the collaborators in list order.
create or replace table study_sponsors as
with parsed as (
    select nct_id, sponsor_collaborators as module
    from study_parsed
),

listed as (
    select
        nct_id,
        list_concat(
            -- An absent leadSponsor transforms to null or to a struct of nulls: no row for it.
            [
                {'role': 'lead', 'name': s.name, 'class': s.class}
                for s in [module.leadSponsor] if s.name is not null or s.class is not null
            ],
            [{'role': 'collaborator', 'name': s.name, 'class': s.class} for s in module.collaborators]
        ) as items
    from parsed
),

entries as (
    select nct_id, unnest(numbered(items), max_depth := 2)
    from listed
),

final as (
    select
        nct_id,
        ordinal,
        item.role as lead_or_collaborator,
        item.name as name,
        item.class as agency_class
    from entries
)

select * from final
