-- One row per study that has designModule.designInfo: allocation, models, purpose, masking.
create or replace table study_designs as
with parsed as (
    select nct_id, design.designInfo as d
    from study_parsed
),

final as (
    select
        nct_id,
        d.allocation as allocation,
        d.interventionModel as intervention_model,
        d.primaryPurpose as primary_purpose,
        d.maskingInfo.masking as masking,
        coalesce(d.maskingInfo.whoMasked, []::varchar[]) as who_masked,
        d.observationalModel as observational_model,
        d.timePerspective as time_perspective,
        d.interventionModelDescription as intervention_model_description,
        d.maskingInfo.maskingDescription as masking_description
    from parsed
    -- A missing designInfo transforms to null: no row.
    where d is not null
)

select * from final
