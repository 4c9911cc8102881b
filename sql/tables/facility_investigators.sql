-- AACT's facility_investigators: per facility, its contacts whose role matches
-- /investigator|study.chair/i (PRINCIPAL_INVESTIGATOR, SUB_INVESTIGATOR, STUDY_CHAIR), in record
-- order; the facility's other contacts are facility_contacts.
-- aact: ctgov.facility_investigators
create or replace table facility_investigators as
with facilities as (
    select nct_id, generate_subscripts(locations, 1) as facility_ordinal, unnest(locations) as item
    from study_parsed
    where usable_id
),

contacts as (
    select
        nct_id,
        facility_ordinal,
        generate_subscripts(item.contacts, 1) as contact_ordinal,
        unnest(item.contacts) as contact
    from facilities
),

kept as (
    select
        *,
        row_number() over (
            partition by nct_id order by facility_ordinal, contact_ordinal
        ) as ordinal
    from contacts
    where regexp_matches(contact.role, 'investigator|study.chair', 'i')
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        aact_id(nct_id, facility_ordinal) as facility_id,
        contact.role as role,
        contact.name as name
    from kept
)

select * from final
