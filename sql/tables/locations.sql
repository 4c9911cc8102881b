-- Sites (AACT facilities) in list order. Contacts are personal data and are deliberately left out.
create or replace table locations as
with parsed as (
    select nct_id, locations as items
    from study_parsed
),

entries as (
    select nct_id, unnest(numbered(items), max_depth := 2)
    from parsed
),

final as (
    select
        nct_id,
        ordinal,
        item.facility as facility,
        item.status as status,
        item.city as city,
        item.state as state,
        item.zip as zip,
        item.country as country,
        item.geoPoint.lat as latitude,
        item.geoPoint.lon as longitude
    from entries
)

select * from final
