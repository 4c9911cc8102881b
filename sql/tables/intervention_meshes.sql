-- MeSH descriptors the registry mapped to the interventions (kind 'mesh') and their ancestors
-- ('ancestor'): the intervention half of study_meshes, where they are made.
create or replace table intervention_meshes as
select * exclude (browse)
from study_meshes
where browse = 'intervention'
