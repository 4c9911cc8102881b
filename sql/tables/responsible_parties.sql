-- AACT's responsible_parties: one row per study whose
-- sponsorCollaboratorsModule.responsibleParty object is there (an empty object gives a row of
-- nulls, as in AACT). name, title and affiliation are the investigator's (investigatorFullName,
-- investigatorTitle, investigatorAffiliation); organization and old_name_title the older
-- registrations' oldOrganization and oldNameTitle.
-- aact: ctgov.responsible_parties
create or replace table responsible_parties as
with final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        responsible_party.type as responsible_party_type,
        responsible_party.investigatorFullName as name,
        responsible_party.investigatorTitle as title,
        responsible_party.oldOrganization as organization,
        responsible_party.investigatorAffiliation as affiliation,
        responsible_party.oldNameTitle as old_name_title
    from study_parsed
    where usable_id and responsible_party is not null
)

select * from final
