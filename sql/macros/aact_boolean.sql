-- ActiveRecord's cast of a JSON value, read as text by json_transform, into an AACT boolean
-- column: an empty text is null, false, 0 and the texts '0', 'f', 'F', 'false', 'FALSE', 'off',
-- 'OFF' are false, anything else true ('no' and 'yes' alike). API v2 sends JSON booleans.
create or replace macro aact_boolean(value) as
    case
        when value is null or value = '' then null
        else value not in ('false', '0', 'f', 'F', 'FALSE', 'off', 'OFF')
    end
