-- MeSH descriptors the registry mapped to the conditions (kind 'mesh') and their ancestors
-- ('ancestor'): the condition half of study_meshes, where they are made.
create or replace table condition_meshes as
select * exclude (browse)
from study_meshes
where browse = 'condition'
