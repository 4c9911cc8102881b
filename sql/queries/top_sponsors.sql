-- The sponsors behind each topic's trials, most trials first: who leads or collaborates on them?
-- Every organisation that leads or collaborates on a relevant trial.
-- From sponsors (protocolSection.sponsorCollaboratorsModule leadSponsor and collaborators[]); a
-- record without a sponsor module contributes nothing.
-- Columns: topic; sponsor (organisation name as registered); agency_class (most frequent class
-- given for it); trials (distinct relevant trials); as_lead; as_collaborator; open_trials
-- (RECRUITING, NOT_YET_RECRUITING, ENROLLING_BY_INVITATION, AVAILABLE); nct_ids (sorted).
with relevant as (
    select r.topic, s.nct_id, s.overall_status
    from study_relevance as r
    inner join study_overview as s on s.nct_id = r.nct_id
    where r.tier <> 'excluded'
),

final as (
    select
        r.topic,
        sp.name as sponsor,
        mode(sp.agency_class) as agency_class,
        count(distinct r.nct_id) as trials,
        count(distinct r.nct_id) filter (where sp.lead_or_collaborator = 'lead') as as_lead,
        count(distinct r.nct_id) filter (where sp.lead_or_collaborator = 'collaborator')
            as as_collaborator,
        count(distinct r.nct_id) filter (
            where is_open(r.overall_status)
        ) as open_trials,
        list(distinct r.nct_id order by r.nct_id) as nct_ids
    from relevant as r
    inner join study_sponsors as sp on sp.nct_id = r.nct_id
    where sp.name is not null
    group by all
)

select * from final order by topic, trials desc, sponsor
