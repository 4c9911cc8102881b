-- AACT's result_contacts: one row per study whose results have moreInfoModule.pointOfContact.
-- aact: ctgov.result_contacts
create or replace table result_contacts as
with final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        point_of_contact.organization as organization,
        point_of_contact.title as name,
        point_of_contact.phone as phone,
        point_of_contact.email as email,
        point_of_contact.phoneExt as extension
    from aact_results_parsed
    where point_of_contact is not null
)

select * from final
