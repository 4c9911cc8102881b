-- AACT's countries: per study, each distinct country of its locations (removed false), in the
-- order each first appears, then each distinct entry of derivedSection.miscInfoModule.
-- removedCountries (countries the study's sites were in and no longer are; removed true). AACT
-- removes duplicates within each of its two mappings, so a country both listed and removed has
-- two rows; a location without a country gives one row with a null name.
-- aact: ctgov.countries
create or replace table countries as
with located_entries as (
    select nct_id, generate_subscripts(locations, 1) as position, unnest(locations) as item
    from study_parsed
    where usable_id
),

located as (
    select nct_id, position, item.country as name
    from located_entries
),

removed as (
    select
        nct_id,
        generate_subscripts(removed_countries, 1) as position,
        unnest(removed_countries) as name
    from study_parsed
    where usable_id
),

distinct_entries as (
    select nct_id, 0 as part, min(position) as position, name, false as removed
    from located
    group by nct_id, name
    union all
    select nct_id, 1 as part, min(position) as position, name, true as removed
    from removed
    group by nct_id, name
),

numbered as (
    select *, row_number() over (partition by nct_id order by part, position) as ordinal
    from distinct_entries
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        name,
        removed
    from numbered
)

select * from final
