-- Studies lacking a field the API always sends (overall status, study type, brief title).
with final as (
    select nct_id, missing_required, brief_title, overall_status, study_type
    from study_overview
    where len(missing_required) > 0
    order by nct_id
)

select * from final
