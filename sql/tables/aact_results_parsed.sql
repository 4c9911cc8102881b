-- The resultsSection of each current record that has one, parsed once for AACT's results tables
-- (outcomes, result_groups, outcome_*, baseline_*, reported_event*, milestones,
-- drop_withdrawals, participant_flows, result_agreements, result_contacts): one json_transform
-- per record, one struct column per module, only the fields those tables read.
--
-- Most studies have no results: study_parsed parses each record once for every table, and this
-- keeps the resultsSection of those that have one (with a usable NCT id).
--
-- AACT converts a value by its column's type after reading it (ActiveRecord), so values bound
-- for integer, numeric and boolean columns are read as text here and converted by the ar_* and
-- ruby_* macros, which follow Ruby's rules ('NA' is 0 in an integer column); json_transform's
-- own casts differ. calculatePct is read as JSON text: AACT tells a JSON false from any other
-- value. A module that is present gives a struct (all fields null if it is empty), a missing
-- one null: that decides AACT's one-row tables.
--
-- Every study with a usable NCT id (NCT and 8 digits), quarantined ones included: the ids of
-- the results tables are made from it (aact_id).
-- build: intermediate
create or replace table aact_results_parsed as
with parsed as (
    select nct_id, results
    from study_parsed
    where usable_id and results is not null
),

final as (
    select
        nct_id,
        results.participantFlowModule as participant_flow,
        results.baselineCharacteristicsModule as baseline,
        results.outcomeMeasuresModule.outcomeMeasures as outcome_measures,
        results.adverseEventsModule as adverse_events,
        results.moreInfoModule.certainAgreement as certain_agreement,
        results.moreInfoModule.pointOfContact as point_of_contact
    from parsed
    where results is not null
)

select * from final
