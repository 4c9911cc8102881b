-- AACT's designs: one row per study whose designModule has a designInfo (AACT's root). The
-- four masking flags are AACT's Ruby: whether designInfo.maskingInfo.whoMasked lists
-- PARTICIPANT, CARE_PROVIDER, INVESTIGATOR or OUTCOMES_ASSESSOR; null when whoMasked is absent.
-- aact: ctgov.designs
create or replace table designs as
with infos as (
    select nct_id, design.designInfo as info, design.designInfo.maskingInfo.whoMasked as who
    from study_parsed
    where usable_id and design.designInfo is not null
),

final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        info.allocation,
        info.interventionModel as intervention_model,
        info.observationalModel as observational_model,
        info.primaryPurpose as primary_purpose,
        info.timePerspective as time_perspective,
        info.maskingInfo.masking as masking,
        info.maskingInfo.maskingDescription as masking_description,
        info.interventionModelDescription as intervention_model_description,
        list_contains(who, 'PARTICIPANT') as subject_masked,
        list_contains(who, 'CARE_PROVIDER') as caregiver_masked,
        list_contains(who, 'INVESTIGATOR') as investigator_masked,
        list_contains(who, 'OUTCOMES_ASSESSOR') as outcomes_assessor_masked
    from infos
)

select * from final
