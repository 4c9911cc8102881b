-- A JSON value as json_transform reads it into a BOOLEAN field (true, a non-zero number and the
-- texts 'true', 't', 'yes', '1' are true; other texts, objects and lists null), for the fields
-- sql/tables/study_parsed.sql reads as JSON because the project's tables and AACT's convert them
-- differently.
create or replace macro json_boolean(value) as json_transform(value, '"BOOLEAN"')
