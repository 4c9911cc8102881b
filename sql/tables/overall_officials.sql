-- AACT's overall_officials: one row per protocolSection.contactsLocationsModule.overallOfficials
-- entry, in record order.
-- aact: ctgov.overall_officials
create or replace table overall_officials as
with entries as (
    select nct_id, unnest(numbered(overall_officials), max_depth := 2)
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.role as role,
        item.name as name,
        item.affiliation as affiliation
    from entries
)

select * from final
