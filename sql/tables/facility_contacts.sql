-- AACT's facility_contacts: per facility, its contacts whose role does not match
-- /investigator|study.chair/i (a contact without a role included; STUDY_DIRECTOR and CONTACT are
-- contacts), in record order. contact_type is 'primary' for the first such contact of the
-- facility and 'backup' for the others, as AACT's loader numbers them after the filter.
-- aact: ctgov.facility_contacts
create or replace table facility_contacts as
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
            partition by nct_id, facility_ordinal order by contact_ordinal
        ) as position,
        row_number() over (
            partition by nct_id order by facility_ordinal, contact_ordinal
        ) as ordinal
    from contacts
    where not coalesce(regexp_matches(contact.role, 'investigator|study.chair', 'i'), false)
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        aact_id(nct_id, facility_ordinal) as facility_id,
        if(position = 1, 'primary', 'backup') as contact_type,
        contact.name as name,
        contact.email as email,
        contact.phone as phone,
        contact.phoneExt as phone_extension
    from kept
)

select * from final
