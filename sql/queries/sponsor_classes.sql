-- Who funds research on the topic: relevant trials by the agency class of their lead sponsor.
-- lead_sponsor_class (protocolSection.sponsorCollaboratorsModule.leadSponsor.class): NIH, FED
-- (other US federal), OTHER_GOV (non-US or state government), INDUSTRY, NETWORK, INDIV (an
-- individual), OTHER (universities, hospitals, foundations), AMBIG, UNKNOWN; not stated if absent.
-- Columns: topic; lead_sponsor_class; trials; open_trials (RECRUITING, NOT_YET_RECRUITING,
-- ENROLLING_BY_INVITATION, AVAILABLE); with_industry_collaborator (an INDUSTRY collaborator is
-- listed); sponsors (distinct lead sponsor names); share (of the topic's relevant trials, 0 to 1).
with relevant as (
    select r.topic, s.nct_id, s.overall_status, s.lead_sponsor_name, s.lead_sponsor_class
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier <> 'excluded'
),

industry_collaborations as (
    select distinct nct_id
    from study_sponsors
    where lead_or_collaborator = 'collaborator' and agency_class = 'INDUSTRY'
),

counted as (
    select
        r.topic,
        coalesce(r.lead_sponsor_class, 'not stated') as lead_sponsor_class,
        count(*) as trials,
        count(*) filter (
            where is_open(r.overall_status)
        ) as open_trials,
        count(ic.nct_id) as with_industry_collaborator,
        count(distinct r.lead_sponsor_name) as sponsors
    from relevant as r
    left join industry_collaborations as ic on ic.nct_id = r.nct_id
    group by all
),

final as (
    select *, round(trials / sum(trials) over (partition by topic), 3) as share
    from counted
)

select * from final order by topic, trials desc, lead_sponsor_class
