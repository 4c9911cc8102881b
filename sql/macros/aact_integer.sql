-- ActiveRecord's cast of a JSON value, read as text by json_transform, into an AACT integer
-- column: a number keeps its leading integer part ('12.7' is 12, '1500.0' is 1500), a JSON
-- boolean is 1 or 0, an empty or blank text null, any other text 0 ('NA' is 0, as Ruby's to_i),
-- an array or object null; a value outside PostgreSQL's integer range null (AACT's load fails).
create or replace macro aact_integer(value) as
    case
        when value is null or regexp_full_match(value, '\s*') or left(value, 1) in ('[', '{')
            then null
        when value = 'true' then 1
        when value = 'false' then 0
        else coalesce(
            try_cast(regexp_extract(value, '^\s*([+-]?\d+)', 1) as integer),
            if(regexp_matches(value, '^\s*[+-]?\d'), null, 0)
        )
    end
