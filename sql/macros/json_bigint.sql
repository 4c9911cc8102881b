-- A JSON value as json_transform reads it into a BIGINT field (a number rounded, a text of one
-- parsed, anything else null); see json_boolean.
create or replace macro json_bigint(value) as json_transform(value, '"BIGINT"')
