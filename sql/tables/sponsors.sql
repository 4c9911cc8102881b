-- AACT's sponsors: the lead sponsor
-- (sponsorCollaboratorsModule.leadSponsor, one row when the object is there, even empty), then
-- one row per collaborator, in record order. lead_or_collaborator is AACT's literal 'lead' or
-- 'collaborator'; agency_class the API v2 class as sent (NIH, INDUSTRY, OTHER ...).
-- aact: ctgov.sponsors
create or replace table sponsors as
with leads as (
    select nct_id, 0 as part, 1 as position, lead_sponsor as item, 'lead' as lead_or_collaborator
    from study_parsed
    where usable_id and lead_sponsor is not null
),

collaborators as (
    select
        nct_id,
        1 as part,
        generate_subscripts(collaborators, 1) as position,
        unnest(collaborators) as item,
        'collaborator' as lead_or_collaborator
    from study_parsed
    where usable_id
),

entries as (
    select *, row_number() over (partition by nct_id order by part, position) as ordinal
    from (
        select * from leads
        union all
        select * from collaborators
    )
),

final as (
    select
        aact_id(nct_id, ordinal) as id,
        nct_id,
        item.class as agency_class,
        lead_or_collaborator,
        item.name as name
    from entries
)

select * from final
