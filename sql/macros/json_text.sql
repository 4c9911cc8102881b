-- A JSON value as json_transform reads it into a VARCHAR field: a text unquoted, a number or
-- boolean as written, an object or list as its JSON text; see json_boolean. AACT's tables cast
-- this text as ActiveRecord casts (aact_boolean, aact_integer).
create or replace macro json_text(value) as json_transform(value, '"VARCHAR"')
