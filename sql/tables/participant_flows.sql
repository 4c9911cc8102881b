-- AACT's participant_flows: one row per study whose results have a participantFlowModule.
-- aact: ctgov.participant_flows
create or replace table participant_flows as
with final as (
    select
        aact_id(nct_id, 1) as id,
        nct_id,
        participant_flow.recruitmentDetails as recruitment_details,
        participant_flow.preAssignmentDetails as pre_assignment_details,
        participant_flow.typeUnitsAnalyzed as units_analyzed
    from aact_results_parsed
    where participant_flow is not null
)

select * from final
