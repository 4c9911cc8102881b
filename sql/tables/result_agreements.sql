-- AACT's result_agreements: one row per study whose results have moreInfoModule.certainAgreement
-- (whether investigators may discuss or publish the results). AACT maps nothing to agreement.
-- aact: ctgov.result_agreements
create or replace table result_agreements as
with final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        ar_boolean(certain_agreement.piSponsorEmployee) as pi_employee,
        null::varchar as agreement,
        certain_agreement.restrictionType as restriction_type,
        certain_agreement.otherDetails as other_details,
        ar_boolean(certain_agreement.restrictiveAgreement) as restrictive_agreement
    from aact_results_parsed
    where certain_agreement is not null
)

select * from final
