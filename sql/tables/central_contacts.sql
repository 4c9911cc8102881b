-- AACT's central_contacts: one row
-- per protocolSection.contactsLocationsModule.centralContacts entry, in record order;
-- contact_type is 'primary' for the first and 'backup' for every later one, whatever its role.
-- aact: ctgov.central_contacts
create or replace table central_contacts as
with entries as (
    select nct_id, unnest(numbered(central_contacts), max_depth := 2)
    from study_parsed
    where usable_id
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        if(ordinal = 1, 'primary', 'backup') as contact_type,
        item.name as name,
        item.phone as phone,
        item.email as email,
        item.phoneExt as phone_extension,
        item.role as role
    from entries
)

select * from final
