-- AACT's browse_conditions: the registry's MeSH terms for the study's conditions
-- (derivedSection.conditionBrowseModule), the condition half of aact_browse, where they are made.
-- aact: ctgov.browse_conditions
create or replace table browse_conditions as
select * exclude (browse)
from aact_browse
where browse = 'condition'
