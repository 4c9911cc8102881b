-- How many studies an incremental rebuild redoes.
select count(*) from changed_studies
