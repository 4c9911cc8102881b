-- AACT's browse_interventions: the registry's MeSH terms for the study's interventions
-- (derivedSection.interventionBrowseModule), the intervention half of aact_browse, where they are made.
-- aact: ctgov.browse_interventions
create or replace table browse_interventions as
select * exclude (browse)
from aact_browse
where browse = 'intervention'
