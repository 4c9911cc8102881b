-- AACT's facilities: one row per protocolSection.contactsLocationsModule.locations entry, in
-- record order (AACT's Facility mapping). latitude and longitude (geoPoint) are the columns AACT
-- added in 2024, numeric(10,6): ActiveRecord rounds the JSON number to 6 decimals; a value too
-- large for the column is null here (PostgreSQL would refuse the row).
-- aact: ctgov.facilities
create or replace table facilities as
with entries as (
    select nct_id, unnest(numbered(locations), max_depth := 2)
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.status as status,
        item.facility as name,
        item.city as city,
        item.state as state,
        item.zip as zip,
        item.country as country,
        try_cast(item.geoPoint.lat as decimal(10, 6)) as latitude,
        try_cast(item.geoPoint.lon as decimal(10, 6)) as longitude
    from entries
)

select * from final
